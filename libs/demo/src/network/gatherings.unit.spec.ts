import { Script } from '@catalyse/operations';
import { addGatherings } from './gatherings';
import { demoCatalyseurs } from './network';
import { TERRITORIES } from './places';

describe('the demo’s gatherings', () => {
  it('name the catalyseurs’ organisations after their territory’s name, never its slug', () => {
    const script = new Script();
    addGatherings(script, demoCatalyseurs());
    const organisations = new Set(
      script.streams.flatMap((stream) =>
        stream.steps.flatMap(({ command }) => {
          const data = command.data as { organisation?: unknown; participants?: readonly { organisation?: unknown }[] };
          return [data.organisation, ...(data.participants ?? []).map((p) => p.organisation)].filter((o): o is string => typeof o === 'string');
        }),
      ),
    );
    const catalyseurs = [...organisations].filter((o) => o.startsWith('Catalyseurs territoriaux'));
    expect(catalyseurs.length).toBeGreaterThan(1);
    const names = new Set(TERRITORIES.map((t) => `Catalyseurs territoriaux – ${t.name}`));
    expect(catalyseurs.filter((o) => !names.has(o))).toEqual([]);
    for (const t of TERRITORIES.filter((territory) => territory.id !== territory.name))
      expect(organisations).not.toContain(`Catalyseurs territoriaux – ${t.id}`);
  });
});
