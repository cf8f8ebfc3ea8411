/**
 * The demo's history is in time order (issue 15): on the happened clock, no
 * stream of the events the demo writes goes back in time, and no event is
 * dated before an aggregate it belongs to or refers to exists (actors of a
 * territory before it is registered, a catalyseur acting before joining).
 */
import { catalyseurDecider, catalyseurStream, territoryDecider, territoryStream } from '@catalyse/domain';
import { Script } from '@catalyse/operations';
import { at } from './calendar';
import { generateHistory } from './history/generate';
import { demoScript } from './network/demo';
import { timeOrderProblems } from './time-order';

const join = (script: Script, id: string, date: string): void =>
  void script.add(
    catalyseurDecider,
    catalyseurStream(id),
    {
      type: 'JoinNetwork',
      data: { catalyseurId: id, name: 'Camille Martin', sphere: 'association', territory: 'alsace', skills: ['mise_en_relation'], joinedAt: at(date) },
    },
    at(date),
    id,
  );
const register = (script: Script, id: string, date: string): void =>
  void script.add(
    territoryDecider,
    territoryStream(id),
    {
      type: 'RegisterTerritory',
      data: { territoryId: id, name: 'Alsace', typology: 'transfrontalier', level: 'regional', region: 'Grand Est', registeredAt: at(date) },
    },
    at(date),
    'ops-demo',
  );

describe('the time order of a script’s history', () => {
  it('finds a stream that goes back in time and an event dated before what it refers to exists', () => {
    const script = new Script();
    register(script, 'alsace', '2014-01-06');
    script.add(
      territoryDecider,
      territoryStream('alsace'),
      {
        type: 'RecordFragilityDiagnostic',
        data: { diagnosedOn: '2016-06-01', source: 'étude', ratings: [{ domain: 'emploi', sphere: 'entreprise', priority: 'haute' }] },
      },
      at('2016-06-01'),
      'ops-demo',
    );
    // Recorded after the diagnostic, dated before it (happened clock: no date of its own, its occurredAt).
    script.add(
      territoryDecider,
      territoryStream('alsace'),
      { type: 'AddFragilityDomain', data: { domain: 'accessibilite', label: 'Accessibilité' } },
      at('2015-01-01'),
      'catalyseur-001',
    );
    join(script, 'catalyseur-001', '2015-06-01');

    expect(timeOrderProblems(script.streams)).toEqual([
      {
        stream: 'territory-alsace',
        index: 2,
        type: 'FragilityDomainAdded',
        at: at('2015-01-01'),
        reason: `dated before the event written before it (FragilityDiagnosticRecorded, 2016-06-01)`,
      },
      {
        stream: 'territory-alsace',
        index: 2,
        type: 'FragilityDomainAdded',
        at: at('2015-01-01'),
        reason: `dated before catalyseur-catalyseur-001 exists (${at('2015-06-01')})`,
      },
      // The catalyseur's own territory, an id too: registered in 2014, it is there.
    ]);
  });

  it('the same day is in order, whatever the hour', () => {
    const script = new Script();
    register(script, 'alsace', '2014-01-06');
    join(script, 'catalyseur-001', '2014-01-06');
    expect(timeOrderProblems(script.streams)).toEqual([]);
  });

  it('the demo: every stream in time order, nothing dated before what it refers to exists', () => {
    const problems = timeOrderProblems(demoScript().streams);
    // One line per stream and kind of problem, its first case and how many: what to fix reads at a glance.
    const byKind = new Map<string, { first: string; count: number }>();
    for (const p of problems) {
      const kind = `${p.stream} ${p.reason.replace(/ \(.*\)$/, '')}`;
      const seen = byKind.get(kind);
      if (seen) seen.count++;
      else byKind.set(kind, { first: `event ${p.index} ${p.type} (${p.at}) ${p.reason}`, count: 1 });
    }
    expect([...byKind.values()].map(({ first, count }) => `${count} × e.g. ${first}`)).toEqual([]);
  });

  it('a generated history is in time order too', () => {
    expect(timeOrderProblems(generateHistory({ partnerships: 200, seed: 3 }).streams)).toEqual([]);
  });
});
