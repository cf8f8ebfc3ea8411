/**
 * An accompaniment's dated facts (its opening, a session, a maturity, its
 * closing) are not dated after the day they are recorded
 * (docs/adr/0014-as-of-and-the-observatory.md, "Which aggregates carry
 * `today`"), as an organisation's strategy is: the api gives the request's day
 * in the network's time zone (`today`) and the decider refuses a later date with
 * 422 RULE_VIOLATED, storing nothing. The outside tester's repro (on
 * 2026-12-04: opened on 2030-01-01, a session and a maturity on 2031-01-01,
 * closed on 2032-01-01, all accepted).
 */
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

const ID = 'acc2';
const SESSION = { topics: ['x'], summary: 's' };
const MATURITY = { maturity: 'engagee', objectiveFamilies: ['innovation'] };
const CLOSING = { outcome: 'ready', reason: 'prête' };

describe('HTTP api: an accompaniment’s facts are not in the future (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let events: EventStore;
  let catalyseur: string;
  const { send, refused } = httpSteps(() => api);
  const types = async (): Promise<string[]> => (await events.readStream(`accompaniment-${ID}`)).map((event) => event.type);
  const later = (date: string): string => `(${date}) cannot be later than today, 2026-12-04: it has not happened yet`;

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-04T10:00:00.000Z' });
    events = api.app.get<EventStore>(EVENT_STORE);
    catalyseur = api.token({ sub: 'cat-ardeche', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cat-ardeche'], 'ardeche');
    await send(catalyseur, '/api/organisations', { id: 'flda', name: 'FLDA', kind: 'fondation', size: 'pme', territory: 'ardeche' }, 201);
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses an opening, a session, a maturity and a closing dated after today (nothing stored); accepts them dated today', async () => {
    const opening = { id: ID, organisationId: 'flda', purpose: 'futur' };
    const open = await refused(catalyseur, 'POST', '/api/accompaniments', { ...opening, openedOn: '2030-01-01' }, 422, 'RULE_VIOLATED');
    expect(open.message).toBe(`the opening of the accompaniment ${later('2030-01-01')}`);
    expect(await types()).toEqual([]);

    await send(catalyseur, '/api/accompaniments', { ...opening, openedOn: '2026-12-04' }, 201);
    const path = `/api/accompaniments/${ID}`;
    const session = await refused(catalyseur, 'POST', `${path}/hold-session`, { ...SESSION, heldOn: '2031-01-01' }, 422, 'RULE_VIOLATED');
    expect(session.message).toBe(`the session ${later('2031-01-01')}`);
    const maturity = await refused(catalyseur, 'POST', `${path}/record-maturity`, { ...MATURITY, recordedOn: '2031-01-01' }, 422, 'RULE_VIOLATED');
    expect(maturity.message).toBe(`the maturity ${later('2031-01-01')}`);
    const closing = await refused(catalyseur, 'POST', `${path}/close`, { ...CLOSING, closedOn: '2032-01-01' }, 422, 'RULE_VIOLATED');
    expect(closing.message).toBe(`the closing ${later('2032-01-01')}`);
    expect(await types()).toEqual(['AccompanimentOpened']);

    await send(catalyseur, `${path}/hold-session`, { ...SESSION, heldOn: '2026-12-04' });
    await send(catalyseur, `${path}/record-maturity`, { ...MATURITY, recordedOn: '2026-12-04' });
    await send(catalyseur, `${path}/close`, { ...CLOSING, closedOn: '2026-12-04' });
    const stored = await events.readStream(`accompaniment-${ID}`);
    expect(stored.map((event) => event.type)).toEqual([
      'AccompanimentOpened',
      'AccompanimentSessionHeld',
      'OrganisationMaturityRecorded',
      'AccompanimentClosed',
    ]);
    for (const event of stored) expect(event.data).not.toHaveProperty('today');
  });
  it('refuses an opening dated before its catalyseur joined the network (nothing stored), the organisation registered later or not', async () => {
    // The tester's repro: opened on 1900-01-01 by a catalyseur who joined on 2000-01-01 (joinCatalyseurs).
    const opening = { id: 'acc-1900', organisationId: 'flda', purpose: 'préparer' };
    const before = await refused(catalyseur, 'POST', '/api/accompaniments', { ...opening, openedOn: '1900-01-01' }, 422, 'RULE_VIOLATED');
    expect(before.message).toBe(
      'the opening of the accompaniment (1900-01-01) cannot be earlier than the day catalyseur "cat-ardeche" joined the network (2000-01-01)',
    );
    expect((await events.readStream('accompaniment-acc-1900')).length).toBe(0);
    // ADR 0024: before the organisation's registration (today's) is fine, once the catalyseur is a member.
    await send(catalyseur, '/api/accompaniments', { ...opening, openedOn: '2000-01-01' }, 201);
    expect((await events.readStream('accompaniment-acc-1900')).map((event) => event.type)).toEqual(['AccompanimentOpened']);
  });
});
