/**
 * An experimentation's facts are not dated after the day they are recorded
 * (docs/adr/0014-as-of-and-the-observatory.md, "Amended"): the api gives the
 * request's day in the network's time zone (`today`) and the decider refuses a
 * launch, an invitation, a working group… dated later with 422 RULE_VIOLATED,
 * storing nothing. The outside tester's repro (on 2026-12-04, launched on
 * 2027-01-01).
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

const ID = 'agir-ensemble-2027';
const LAUNCH = {
  id: ID,
  title: 'Agir ensemble',
  territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
  conveners: [{ orgId: 'cc-charenton', name: 'Communauté de communes', sphere: 'collectivite' }],
};

describe('HTTP api: an experimentation’s facts are not in the future (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let catalyseur: string;
  const { send, refused } = httpSteps(() => api);
  const x = (command: string): string => `/api/experimentations/${ID}/${command}`;
  const types = async (): Promise<string[]> => (await events.readStream(`experimentation-${ID}`)).map((event) => event.type);

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-val-de-marne', role: 'catalyseur' });
    // It launches the experimentation, and so animates it: a catalyseur of the network.
    await joinCatalyseurs(api, ['cat-val-de-marne'], 'charenton-saint-maurice');
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses a launch, an invitation and a working group dated after today (nothing stored), accepts them dated today', async () => {
    const launch = await refused(catalyseur, 'POST', '/api/experimentations', { ...LAUNCH, launchedOn: '2027-01-01' }, 422, 'RULE_VIOLATED');
    expect(launch.message).toBe('the launch of the experimentation (2027-01-01) cannot be later than today, 2026-12-04: it has not happened yet');
    expect(await types()).toEqual([]);

    await send(catalyseur, '/api/experimentations', { ...LAUNCH, launchedOn: '2026-12-04' }, { status: 201 });
    const invite = await refused(catalyseur, 'POST', x('invite-dirigeants'), { invitedOn: '2026-12-05', dirigeants: 142 }, 422, 'RULE_VIOLATED');
    expect(invite.message).toBe('the invitation (2026-12-05) cannot be later than today, 2026-12-04: it has not happened yet');
    const form = await refused(
      catalyseur,
      'POST',
      x('form-working-group'),
      { groupId: 'handicap', theme: 'Handicap', formedOn: '2026-12-05' },
      422,
      'RULE_VIOLATED',
    );
    expect(form.message).toBe('the formation of the working group (2026-12-05) cannot be later than today, 2026-12-04: it has not happened yet');
    expect(await types()).toEqual(['ExperimentationLaunched']);

    await send(catalyseur, x('invite-dirigeants'), { invitedOn: '2026-12-04', dirigeants: 142 });
    await send(catalyseur, x('form-working-group'), { groupId: 'handicap', theme: 'Handicap' });
    expect(await types()).toEqual(['ExperimentationLaunched', 'DirigeantsInvited', 'WorkingGroupFormed']);
  });
});
