/**
 * An organisation's alliance strategy is not dated after the day it is recorded
 * (docs/adr/0014-as-of-and-the-observatory.md, "Amended"): the api gives the
 * request's day in the network's time zone (`today`) and the decider refuses a
 * later `recordedOn` with 422 RULE_VIOLATED, storing nothing. The outside
 * tester's repro (on 2026-12-04, a strategy recorded on 2027-01-01).
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, startApi } from '../test-support/api-harness';

const ID = 'flda';
const STRATEGY = { maturity: 'engagee', objectiveFamilies: ['innovation'] };

describe('HTTP api: an organisation’s strategy is not in the future (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let catalyseur: string;
  const { send, refused } = httpSteps(() => api);
  const types = async (): Promise<string[]> => (await events.readStream(`organisation-${ID}`)).map((event) => event.type);

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-ardeche', role: 'catalyseur' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses a strategy dated after today (nothing stored), accepts it dated today', async () => {
    await send(catalyseur, '/api/organisations', { id: ID, name: 'FLDA', kind: 'fondation', size: 'pme', territory: 'ardeche' }, 201);
    const later = await refused(
      catalyseur,
      'POST',
      `/api/organisations/${ID}/record-strategy`,
      { ...STRATEGY, recordedOn: '2027-01-01' },
      422,
      'RULE_VIOLATED',
    );
    expect(later.message).toBe('the strategy (2027-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
    expect(await types()).toEqual(['OrganisationRegistered']);

    await send(catalyseur, `/api/organisations/${ID}/record-strategy`, { ...STRATEGY, recordedOn: '2026-12-04' });
    const stored = await events.readStream(`organisation-${ID}`);
    expect(stored.map((event) => event.type)).toEqual(['OrganisationRegistered', 'AllianceStrategyRecorded']);
    expect(stored.at(-1)?.data).toMatchObject({ recordedOn: '2026-12-04' });
  });
});
