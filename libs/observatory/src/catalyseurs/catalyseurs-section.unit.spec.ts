import { catalyseurObservations } from '@catalyse/projections';
import { EventLog } from '@catalyse/projections/testing';
import type { ObservatoryQuery } from '../core/section';
import { answerOf, at, docsOf, rowsBy, tableOf } from '../network/testing/network-answers';
import { catalyseursSection } from './catalyseurs-section';

// Ardèche's profile gives no name: its tables show its id.
const PROFILES = [
  { territoryId: 'alsace', name: 'Labo régional Alsace', region: 'Grand Est' },
  { territoryId: 'charenton-saint-maurice', name: 'Charenton-le-Pont et Saint-Maurice', region: 'Île-de-France' },
  { territoryId: 'ardeche', region: 'Auvergne-Rhône-Alpes' },
];

/** Four catalyseurs: two leave, one changes sphere, one is recorded four months after it joined. */
function history(): EventLog {
  const log = new EventLog();
  const join = (id: string, day: string, profile: object, recordedOn = day) =>
    log.record(`catalyseur-${id}`, 'CatalyseurJoined', { catalyseurId: id, joinedAt: at(day), ...profile }, at(recordedOn));
  join('c4', '2013-10-01', { name: 'Anne Martin', sphere: 'association', territory: 'alsace', skills: ['dialogue_territorial'] });
  log.record('catalyseur-c4', 'CatalyseurLeft', { reason: 'déménagement', leftAt: at('2014-01-15') }, at('2014-01-15'));
  join('c1', '2014-02-01', { name: 'Claire Dubois', sphere: 'association', territory: 'alsace', skills: ['mise_en_relation', 'dialogue_territorial'] });
  join('c2', '2015-05-10', { name: 'Karim Petit', sphere: 'entreprise', territory: 'charenton-saint-maurice', skills: ['mise_en_relation'] });
  log.record('catalyseur-c2', 'ProfileUpdated', { name: 'Karim Petit-Durand' }, at('2015-09-01'));
  log.record('catalyseur-c2', 'ProfileUpdated', { sphere: 'fondation' }, at('2016-03-01'));
  log.record('catalyseur-c2', 'CatalyseurLeft', { leftAt: at('2017-06-30') }, at('2017-06-30'));
  // Joined on 1 September 2016, recorded on 10 January 2017.
  join(
    'c3',
    '2016-09-01',
    {
      name: 'Hugo Moreau',
      sphere: 'collectivite',
      territory: 'ardeche',
      skills: ['experimentations_collectives', 'accompagnement_partenariat', 'mise_en_relation'],
    },
    '2017-01-10',
  );
  return log;
}

const answer = (query: ObservatoryQuery = {}) => answerOf(catalyseursSection, docsOf(catalyseurObservations, history().events), query, PROFILES);

describe('the catalyseurs section', () => {
  it('keeps no name: a change of name alone is not observed', () => {
    const docs = docsOf(catalyseurObservations, history().events);
    expect(JSON.stringify(docs)).not.toMatch(/Karim|Claire|Anne|Hugo|déménagement/);
    expect(docs.find((d) => d.id === 'c2')?.observations.map((o) => o.type)).toEqual(['CatalyseurJoined', 'ProfileUpdated', 'CatalyseurLeft']);
  });

  it('names each territory in French beside its id (the id when its profile gives no name)', () => {
    const byTerritory = tableOf(answer(), 'by_territory');
    expect(byTerritory.columns.map((c) => c.key)).toEqual(['territory', 'label', 'region', 'count', 'share']);
    expect(rowsBy(byTerritory, 'territory', ['label', 'count'])).toEqual({
      alsace: ['Labo régional Alsace', 2],
      'charenton-saint-maurice': ['Charenton-le-Pont et Saint-Maurice', 1],
      ardeche: ['ardeche', 1],
    });
    // No profile at all: the id too.
    const noProfiles = answerOf(catalyseursSection, docsOf(catalyseurObservations, history().events), {}, []);
    expect(rowsBy(tableOf(noProfiles, 'by_territory'), 'territory', ['label'])).toEqual({
      alsace: ['alsace'],
      'charenton-saint-maurice': ['charenton-saint-maurice'],
      ardeche: ['ardeche'],
    });
  });

  it('counts every catalyseur by status, sphere (as it stands), region, territory and skill; arrivals and departures per year', () => {
    const a = answer();
    expect(a.subjects).toBe(4);
    expect(rowsBy(tableOf(a, 'by_status'), 'status', ['label', 'count', 'share'])).toEqual({ member: ['Membre', 2, 50], left: ['Parti', 2, 50] });
    expect(rowsBy(tableOf(a, 'by_sphere'), 'sphere', ['label', 'count', 'share'])).toEqual({
      association: ['Association', 2, 50],
      collectivite: ['Collectivité', 1, 25],
      fondation: ['Fondation', 1, 25],
    });
    expect(rowsBy(tableOf(a, 'by_region'), 'region', ['count', 'share'])).toEqual({
      'Grand Est': [2, 50],
      'Auvergne-Rhône-Alpes': [1, 25],
      'Île-de-France': [1, 25],
    });
    expect(tableOf(a, 'by_territory').rows[0]).toEqual({ territory: 'alsace', label: 'Labo régional Alsace', region: 'Grand Est', count: 2, share: 50 });
    // A catalyseur has several skills: the shares add up to 175 %.
    const skills = tableOf(a, 'by_skill');
    expect(rowsBy(skills, 'skill', ['count', 'share'])).toEqual({
      dialogue_territorial: [2, 50],
      mise_en_relation: [3, 75],
      experimentations_collectives: [1, 25],
      accompagnement_partenariat: [1, 25],
    });
    expect(skills.rows.reduce((sum, r) => sum + Number(r['share']), 0)).toBe(175);
    expect(tableOf(a, 'joined_left_by_year').rows).toEqual([
      { year: '2013', joined: 1, left: 0, net: 1 },
      { year: '2014', joined: 1, left: 1, net: 0 },
      { year: '2015', joined: 1, left: 0, net: 1 },
      { year: '2016', joined: 1, left: 0, net: 1 },
      { year: '2017', joined: 0, left: 1, net: -1 },
    ]);
  });

  it('as of a day: those who had not joined yet are not counted, profiles stand as they were', () => {
    const a = answer({ asOf: '2016-01-01' });
    expect(a.subjects).toBe(3);
    expect(rowsBy(tableOf(a, 'by_sphere'), 'sphere', ['count'])).toEqual({ association: [2], entreprise: [1] });
    expect(rowsBy(tableOf(a, 'by_status'), 'status', ['count'])).toEqual({ member: [2], left: [1] });
  });

  it('over a period: those whose membership meets it, status on its last day, the flows of its years', () => {
    const a = answer({ from: '2015-01-01', to: '2016-12-31' });
    expect(a.period).toEqual({ from: '2015-01-01', until: '2016-12-31' });
    expect(a.subjects).toBe(3); // c4 left in 2014
    expect(rowsBy(tableOf(a, 'by_status'), 'status', ['count', 'share'])).toEqual({ member: [3, 100], left: [0, 0] });
    expect(tableOf(a, 'joined_left_by_year').rows).toEqual([
      { year: '2015', joined: 1, left: 0, net: 1 },
      { year: '2016', joined: 1, left: 0, net: 1 },
    ]);
  });

  it('counts a catalyseur recorded late on the day it joined (happened clock), not before it was recorded (recorded clock)', () => {
    const happened = answer({ asOf: '2016-12-31' });
    expect(happened.subjects).toBe(4);
    expect(rowsBy(tableOf(happened, 'by_sphere'), 'sphere', ['count'])).toMatchObject({ collectivite: [1] });
    expect(tableOf(happened, 'joined_left_by_year').rows.at(-1)).toEqual({ year: '2016', joined: 1, left: 0, net: 1 });
    const recorded = answer({ asOf: '2016-12-31', clock: 'recorded' });
    expect(recorded.subjects).toBe(3);
    expect(rowsBy(tableOf(recorded, 'by_sphere'), 'sphere', ['count'])).not.toHaveProperty('collectivite');
    expect(answer({ asOf: '2017-01-10', clock: 'recorded' }).subjects).toBe(4);
  });

  it('filters by territory and by region', () => {
    expect(answer({ territory: 'alsace' }).subjects).toBe(2);
    const idf = answer({ region: 'ile-de-france' });
    expect(idf.subjects).toBe(1);
    expect(rowsBy(tableOf(idf, 'by_sphere'), 'sphere', ['count', 'share'])).toEqual({ fondation: [1, 100] });
  });
});
