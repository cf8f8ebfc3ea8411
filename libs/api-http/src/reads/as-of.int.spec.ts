/**
 * As-of over HTTP on the single read of every aggregate kind (real SQLite
 * files, real projector, real HTTP): an experimentation whose meetings are
 * recorded out of date order read as of a date on the happened clock and on
 * the recorded clock, and by position; every kind's read takes `asOf`,
 * `clock` and `position`, answers the cut it applied, refuses dates that do
 * not exist (400, never normalised), and says 404 for what did not exist then.
 */
import { type ApiHarness, type ErrorBody, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Board {
  readonly meetingsHeld: number;
  readonly groupSummaries: { groupId: string; meetingDates: Record<string, string> }[];
  readonly revision: number;
  readonly cut?: { time?: string; clock?: string; position?: number; timeZone: string };
}

const X = '/api/experimentations/agir-ensemble';

describe('as-of on every single read (HTTP)', () => {
  let api: ApiHarness;
  let catalyseur: string;
  let operator: string;
  const { send, get, refused } = httpSteps(() => api);
  let lastPosition = 0;
  let januaryPosition = 0;
  let recordedBeforeJanuary = '';

  beforeAll(async () => {
    api = await startApi({ now: '2012-01-16T09:00:00.000Z' });
    catalyseur = api.token({ sub: 'cat-val-de-marne', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    const org = { orgId: 'cc-charenton', name: 'Communauté de communes', sphere: 'collectivite' };
    // It launches the experimentation and so animates it: a catalyseur of the network.
    await joinCatalyseurs(api, ['cat-val-de-marne'], 'charenton');
    await send(
      catalyseur,
      '/api/experimentations',
      { id: 'agir-ensemble', title: 'Agir ensemble', territory: { id: 'charenton', name: 'Charenton', scale: 'local' }, conveners: [org] },
      201,
    );
    // Its history is recorded afterwards, on the day of its last meeting: a fact is not dated after the day it is recorded.
    api.clock.set('2013-01-14T18:00:00.000Z');
    await send(catalyseur, `${X}/invite-dirigeants`, { invitedOn: '2012-10-02', dirigeants: 142 });
    for (const groupId of ['jeunes', 'handicap']) {
      await send(catalyseur, `${X}/form-working-group`, { groupId, theme: groupId, formedOn: '2012-10-02' });
      for (const [n, sphere] of (['association', 'entreprise'] as const).entries()) {
        await send(catalyseur, `${X}/join-working-group`, {
          groupId,
          participantId: `${groupId}-${n}`,
          organisation: `org ${n}`,
          sphere,
          joinedOn: '2012-11-15',
        });
      }
    }
    await send(catalyseur, `${X}/advance-stage`, { stage: 'co_construction', advancedOn: '2012-12-03' });
    // Recorded group by group: the January meeting of `jeunes` comes before the December one of `handicap`.
    await send(catalyseur, `${X}/hold-group-meeting`, { groupId: 'jeunes', step: 'etat_des_lieux', heldOn: '2012-12-10', attendees: ['jeunes-0'] });
    const january = await send(catalyseur, `${X}/hold-group-meeting`, {
      groupId: 'jeunes',
      step: 'propositions',
      heldOn: '2013-01-14',
      attendees: ['jeunes-0'],
    });
    januaryPosition = january.position;
    await new Promise((resolve) => setTimeout(resolve, 5));
    recordedBeforeJanuary = new Date(Date.now() - 2).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const last = await send(catalyseur, `${X}/hold-group-meeting`, {
      groupId: 'handicap',
      step: 'etat_des_lieux',
      heldOn: '2012-12-12',
      attendees: ['handicap-0'],
    });
    lastPosition = last.position;
    await api.projected(lastPosition);
    // The reads below happen now: an as-of read is never of a time after its own (400), and the recorded clock's
    // times are the log's `recordedAt`, the real time of these writes.
    api.clock.set(new Date().toISOString());
  });
  afterAll(async () => {
    await api.close();
  });

  it('happened clock (the default): the facts held by the date, wherever they were recorded; the cut is echoed', async () => {
    const asOf = await get<Board>(catalyseur, `${X}?asOf=2013-01-01`);
    expect(asOf.meetingsHeld).toBe(2);
    expect(asOf.groupSummaries.map((g) => [g.groupId, g.meetingDates])).toEqual([
      ['jeunes', { etat_des_lieux: '2012-12-10' }],
      ['handicap', { etat_des_lieux: '2012-12-12' }],
    ]);
    expect(asOf.cut).toEqual({ time: '2013-01-01', clock: 'happened', timeZone: 'Europe/Paris' });
    expect((await get<Board>(catalyseur, `${X}?asOf=2012-12-11T23:30:00Z&clock=happened`)).meetingsHeld).toBe(2); // already the 12th in Paris
    expect((await get<Board>(catalyseur, `${X}?asOf=2012-12-11`)).meetingsHeld).toBe(1);
    expect((await get<Board>(catalyseur, X)).meetingsHeld).toBe(3);
  });

  it('recorded clock: what Catalyse had recorded then; position: a prefix of the log; both bounds together', async () => {
    const recorded = await get<Board>(catalyseur, `${X}?asOf=${encodeURIComponent(recordedBeforeJanuary)}&clock=recorded`);
    expect(recorded.meetingsHeld).toBe(2);
    expect(recorded.groupSummaries.map((g) => Object.keys(g.meetingDates).length)).toEqual([2, 0]);
    expect(recorded.cut).toEqual({ time: recordedBeforeJanuary, clock: 'recorded', timeZone: 'Europe/Paris' });
    const byPosition = await get<Board>(catalyseur, `${X}?position=${januaryPosition}`);
    expect(byPosition.meetingsHeld).toBe(2);
    expect(byPosition.cut).toEqual({ position: januaryPosition, timeZone: 'Europe/Paris' });
    const both = await get<Board>(catalyseur, `${X}?position=${januaryPosition}&asOf=2013-01-01`);
    expect(both.meetingsHeld).toBe(1);
    await refused(catalyseur, 'GET', `${X}?asOf=2012-06-01&clock=recorded`, undefined, 404, 'NOT_FOUND');
    const before = await refused(catalyseur, 'GET', `${X}?asOf=2012-01-15`, undefined, 404, 'NOT_FOUND');
    expect(before.message).toBe('experimentation agir-ensemble did not exist as of 2012-01-15 (happened)');
  });

  it('every aggregate kind’s single read takes the cut: strict dates (400), nothing before it existed (404), the cut echoed', async () => {
    const reads = ['partnerships', 'rooms', 'catalyseurs', 'gatherings', 'territories', 'introductions', 'experimentations', 'parcours'];
    for (const resource of reads) {
      for (const query of [
        'asOf=2025-02-30',
        'asOf=2025-01-01T25:00:00Z',
        'asOf=2025-01-01T10:00:00',
        'clock=recorded',
        'asOf=2025-01-01&clock=later',
        'position=x',
      ]) {
        const answer = await api.request<ErrorBody>('GET', `/api/${resource}/nothing-here?${query}`, { token: operator });
        expect([resource, query, answer.status, answer.body.code]).toEqual([resource, query, 400, 'VALIDATION']);
      }
      const missing = await api.request<ErrorBody>('GET', `/api/${resource}/nothing-here?asOf=2013-01-01`, { token: operator });
      expect([resource, missing.status, missing.body.code]).toEqual([resource, 404, 'NOT_FOUND']);
      expect(missing.body.message).toMatch(/did not exist as of 2013-01-01 \(happened\)$/);
    }
    // A catalyseur who joined in 2012 (the clock's today), read as of then (today: accepted) and before.
    api.clock.set('2012-01-16T09:00:00.000Z');
    await send(
      operator,
      '/api/catalyseurs',
      { id: 'cat-paris', name: 'Camille', sphere: 'association', territory: 'charenton', skills: ['mise_en_relation'] },
      201,
    );
    const card = await get<{ name: string; cut: unknown }>(operator, '/api/catalyseurs/cat-paris?asOf=2012-01-16&clock=happened');
    expect(card).toMatchObject({ name: 'Camille', cut: { time: '2012-01-16', clock: 'happened', timeZone: 'Europe/Paris' } });
    await refused(operator, 'GET', '/api/catalyseurs/cat-paris?asOf=2012-01-15', undefined, 404, 'NOT_FOUND');
  });
});
