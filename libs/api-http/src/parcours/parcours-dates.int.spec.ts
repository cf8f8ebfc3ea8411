/**
 * A parcours' facts are not dated after the day they are recorded
 * (docs/adr/0014-as-of-and-the-observatory.md, "Amended"): the api gives the
 * request's day in the network's time zone (`today`) and the decider refuses a
 * start, a session or a progress dated later with 422 RULE_VIOLATED, storing
 * nothing. The outside tester's repro (on 2026-12-04: started on 2027-01-15,
 * a session on 2027-02-01, a progress on 2027-03-01).
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

const ID = 'parcours-2027';

describe('HTTP api: a parcours’ start, sessions and progress are not in the future (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let catalyseur: string;
  let operator: string;
  const { send, refused } = httpSteps(() => api);
  const p = (command: string): string => `/api/parcours/${ID}/${command}`;
  const types = async (): Promise<string[]> => (await events.readStream(`parcours-${ID}`)).map((event) => event.type);
  const later = (what: string, date: string, today: string): string => `${what} (${date}) cannot be later than today, ${today}: it has not happened yet`;

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-pays-de-la-loire', role: 'catalyseur' });
    operator = api.token({ sub: 'op-rameau', role: 'operator' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses a start, a session and a progress dated after today (nothing stored), accepts them dated today', async () => {
    await send(operator, '/api/parcours', { id: ID, title: 'Parcours d’expérience 2027', startMonth: '2027-01', durationMonths: 9 }, 201);
    await send(operator, p('enrol-territory'), { territoryId: 'alsace', name: 'Alsace' });
    await send(operator, p('enrol-territory'), { territoryId: 'creuse', name: 'Creuse' });
    const opened = await types();

    const start = await refused(catalyseur, 'POST', p('start'), { startedOn: '2027-01-15' }, 422, 'RULE_VIOLATED');
    expect(start.message).toBe(later('the start of the parcours', '2027-01-15', '2026-12-04'));
    expect(await types()).toEqual(opened);

    // The day of the start: started "today"; a session and a progress dated after it are refused.
    api.clock.set('2027-01-15T09:00:00.000Z');
    await send(catalyseur, p('start'), { startedOn: '2027-01-15' });
    const started = await types();
    const session = await refused(
      catalyseur,
      'POST',
      p('hold-session'),
      { sessionNumber: 1, heldOn: '2027-02-01', theme: 'Lancement', territoriesPresent: ['alsace', 'creuse'] },
      422,
      'RULE_VIOLATED',
    );
    expect(session.message).toBe(later('the session', '2027-02-01', '2027-01-15'));
    const progress = await refused(
      catalyseur,
      'POST',
      p('record-progress'),
      { territoryId: 'alsace', step: 'solutions', note: 'cartographie', recordedOn: '2027-03-01' },
      422,
      'RULE_VIOLATED',
    );
    expect(progress.message).toBe(later('the progress', '2027-03-01', '2027-01-15'));
    expect(await types()).toEqual(started);

    // Dated today (given, or by default): accepted.
    await send(catalyseur, p('hold-session'), { sessionNumber: 1, heldOn: '2027-01-15', theme: 'Lancement', territoriesPresent: ['alsace', 'creuse'] });
    await send(catalyseur, p('record-progress'), { territoryId: 'alsace', step: 'solutions', note: 'cartographie' });
    const stored = await events.readStream(`parcours-${ID}`);
    expect(stored.slice(-2).map((event) => event.type)).toEqual(['ParcoursSessionHeld', 'PilotProgressRecorded']);
    expect(stored.at(-2)?.data).toMatchObject({ heldOn: '2027-01-15' });
    expect(stored.at(-1)?.data).toMatchObject({ recordedOn: '2027-01-15' });
  });
});
