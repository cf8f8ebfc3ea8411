import { Script } from '@catalyse/operations';
import { addLaboAlsace, slug } from './labo-alsace';
import { demoCatalyseurs } from './network';

describe('the Labo Alsace organisations’ ids', () => {
  it('spell the ligatures out and drop the accents, as the console’s ids do', () => {
    expect(slug('Les Restos du Cœur du Bas-Rhin')).toBe('les-restos-du-coeur-du-bas-rhin');
    expect(slug('Électricité de Strasbourg')).toBe('electricite-de-strasbourg');
    expect(slug('Caisse d’Épargne Grand Est Europe')).toBe('caisse-d-epargne-grand-est-europe');
  });
});

describe('the Labo Alsace’s gatherings', () => {
  it('record its conférences as conférences, its ateliers and its other events as ateliers, its speed datings as such', () => {
    const script = new Script();
    addLaboAlsace(script, demoCatalyseurs());
    const scheduled = script.streams.flatMap((stream) =>
      stream.steps.flatMap(({ command }) => (command.type === 'ScheduleGathering' ? [command.data as { kind: string; theme: string }] : [])),
    );
    const themesOf = (kind: string): string[] => scheduled.filter((g) => g.kind === kind).map((g) => g.theme);
    // Ten events a year over four years: one conférence each year.
    expect(scheduled).toHaveLength(40);
    expect(themesOf('conference')).toEqual(Array(4).fill('Conférence « belles histoires » de partenariats associations – entreprises'));
    expect(themesOf('speed_dating')).toHaveLength(4);
    expect(themesOf('atelier')).toHaveLength(32);
    expect(themesOf('atelier').filter((theme) => /conf[ée]rence/i.test(theme))).toEqual([]);
  });
});
