/**
 * A territory's dated facts (its diagnostic, key figures, indicators and
 * actions) are not dated after the day they are recorded
 * (docs/adr/0014-as-of-and-the-observatory.md, "Amended"): the api gives the
 * request's day in the network's time zone (`today`) and the decider refuses a
 * later `diagnosedOn`, `recordedOn`, `measuredOn` or `startedOn` with 422
 * RULE_VIOLATED, storing nothing (on 2026-12-04, facts dated 2027-01-01).
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

const ID = 'ardeche';
const DIAGNOSTIC = { ratings: [{ domain: 'vieillissement', sphere: 'association', priority: 'haute' }] };
const FIGURES = { figures: [{ key: 'population', label: 'Population', value: 328_000, unit: 'habitants' }] };
const INDICATORS = { indicators: [{ domain: 'vieillissement', name: 'Part des 75 ans et plus', value: 11.8, nationalAverage: 9.3, unit: '%' }] };
const ACTION = { actionId: 'bien-vieillir', title: 'Bien vieillir en Ardèche', domains: ['vieillissement'], actorIds: ['departement-ardeche'] };

describe('HTTP api: a territory’s facts are not in the future (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let catalyseur: string;
  const { send, refused } = httpSteps(() => api);
  const t = (command: string): string => `/api/territories/${ID}/${command}`;
  const types = async (): Promise<string[]> => (await events.readStream(`territory-${ID}`)).map((event) => event.type);

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-ardeche', role: 'catalyseur' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses a diagnostic, key figures, indicators and an action dated after today (nothing stored), accepts them dated today', async () => {
    await send(catalyseur, '/api/territories', { id: ID, name: 'Ardèche', typology: 'rural', level: 'departemental', registeredAt: '2026-01-05' }, 201);
    await send(catalyseur, t('register-actor'), { orgId: 'departement-ardeche', name: 'Département de l’Ardèche', sphere: 'collectivite' });
    const registered = ['TerritoryRegistered', 'TerritoryActorRegistered'];

    const refusals: readonly [string, Record<string, unknown>, string][] = [
      ['record-diagnostic', { ...DIAGNOSTIC, diagnosedOn: '2027-01-01' }, 'the diagnostic (2027-01-01)'],
      ['record-key-figures', { ...FIGURES, recordedOn: '2027-01-01' }, 'the key figures (2027-01-01)'],
      ['record-indicators', { ...INDICATORS, measuredOn: '2027-01-01' }, 'the indicators (2027-01-01)'],
      ['record-action', { ...ACTION, startedOn: '2026-12-05' }, 'the start of the action (2026-12-05)'],
    ];
    for (const [command, body, what] of refusals) {
      const later = await refused(catalyseur, 'POST', t(command), body, 422, 'RULE_VIOLATED');
      expect(later.message).toBe(`${what} cannot be later than today, 2026-12-04: it has not happened yet`);
    }
    expect(await types()).toEqual(registered);

    await send(catalyseur, t('record-diagnostic'), { ...DIAGNOSTIC, diagnosedOn: '2026-12-04' });
    await send(catalyseur, t('record-key-figures'), { ...FIGURES, recordedOn: '2026-12-04' });
    await send(catalyseur, t('record-indicators'), INDICATORS);
    await send(catalyseur, t('record-action'), { ...ACTION, startedOn: '2026-12-04' });
    const stored = await events.readStream(`territory-${ID}`);
    expect(stored.map((event) => event.type)).toEqual([
      ...registered,
      'FragilityDiagnosticRecorded',
      'KeyFiguresRecorded',
      'FragilityIndicatorsRecorded',
      'TerritoryActionRecorded',
    ]);
    expect(stored.slice(2).map((event) => event.data)).toEqual([
      expect.objectContaining({ diagnosedOn: '2026-12-04' }),
      expect.objectContaining({ recordedOn: '2026-12-04' }),
      expect.objectContaining({ measuredOn: '2026-12-04' }),
      expect.objectContaining({ startedOn: '2026-12-04' }),
    ]);
    // `today` is never stored.
    for (const event of stored) expect(event.data).not.toHaveProperty('today');
  });
});
