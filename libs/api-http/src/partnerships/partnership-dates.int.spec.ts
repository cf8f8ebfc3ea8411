import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface EventPage {
  items: { type: string; revision: number; data: Record<string, unknown> }[];
  more: boolean;
}

/*
 * The order of a partnership's dated facts over HTTP (docs/adr/0014-as-of-and-the-observatory.md,
 * "Amended"): a fact dated before the phase change it depends on, or after the
 * request's day in the network's time zone, is refused with 422 RULE_VIOLATED
 * and nothing is stored. The outside tester's two repros.
 */
describe('HTTP api: the dates of a partnership’s facts follow its phases and are not in the future (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let catalyseur: string;
  const { send, get, refused } = httpSteps(() => api);

  beforeAll(async () => {
    api = await startApi({ now: '2026-12-03T10:00:00.000Z' });
    catalyseur = api.token({ sub: 'cat-1', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cat-1', 'cat-2']);
  });
  afterAll(async () => {
    await api.close();
  });

  /** A partnership ready for pilotage: proposed on `proposedAt`, both partners agreed, milestone m1 planned. */
  const readyForPilotage = async (id: string, proposedAt: string): Promise<void> => {
    await send(
      catalyseur,
      '/api/partnerships',
      {
        id,
        title: 'Ateliers numériques',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [
          { orgId: 'flda', name: 'FLDA', sphere: 'association' },
          { orgId: 'cg07', name: 'Conseil général de l’Ardèche', sphere: 'collectivite' },
        ],
        modes: ['innovation_societale'],
        proposedAt,
      },
      201,
    );
    await send(catalyseur, `/api/partnerships/${id}/agree-objectives`, { orgId: 'flda', objectives: ['parties_prenantes'] });
    await send(catalyseur, `/api/partnerships/${id}/agree-objectives`, { orgId: 'cg07', objectives: ['innovation'] });
    await send(catalyseur, `/api/partnerships/${id}/plan-milestone`, { milestoneId: 'm1', title: 'Premier atelier', dueDate: '2024-09-01' });
  };
  /** The stream as stored: its last revision and its event types. */
  const stored = async (id: string): Promise<{ revision: number; types: string[] }> => {
    const page = await get<EventPage>(catalyseur, `/api/partnerships/${id}/events?limit=500`);
    return { revision: page.items.at(-1)?.revision ?? -1, types: page.items.map((event) => event.type) };
  };

  it('refuses a milestone reached, a committee held, an evaluation opened before the start of pilotage, and stores nothing', async () => {
    api.clock.set('2026-12-03T10:00:00.000Z');
    await readyForPilotage('atk-p2', '2020-01-01');
    const started = await send(catalyseur, '/api/partnerships/atk-p2/start-pilotage', { startedOn: '2024-06-01' });

    const reach = await refused(
      catalyseur,
      'POST',
      '/api/partnerships/atk-p2/reach-milestone',
      { milestoneId: 'm1', reachedOn: '2020-02-01' },
      422,
      'RULE_VIOLATED',
    );
    expect(reach.message).toBe('reaching a milestone (2020-02-01) cannot be earlier than the start of pilotage, on 2024-06-01');
    const copil = await refused(
      catalyseur,
      'POST',
      '/api/partnerships/atk-p2/hold-steering-committee',
      { attendees: ['flda'], decisions: ['d'], heldOn: '2020-03-01' },
      422,
      'RULE_VIOLATED',
    );
    expect(copil.message).toBe('the steering committee (2020-03-01) cannot be earlier than the start of pilotage, on 2024-06-01');
    const opened = await refused(catalyseur, 'POST', '/api/partnerships/atk-p2/open-evaluation', { openedOn: '2020-04-01' }, 422, 'RULE_VIOLATED');
    expect(opened.message).toBe('the opening of the evaluation (2020-04-01) cannot be earlier than the start of pilotage, on 2024-06-01');

    expect(await stored('atk-p2')).toEqual({ revision: started.revision, types: expect.arrayContaining(['PilotageStarted']) });
    await api.projected(started.position);
    // As of 2024-01-01 the partnership was still in cadrage: pilotage only starts on 2024-06-01.
    const asOf = await get<{ phase: string; revision: number }>(catalyseur, '/api/partnerships/atk-p2?asOf=2024-01-01');
    expect(asOf).toMatchObject({ phase: 'cadrage' });
    const live = await get<{ phase: string; revision: number; pilotageStartedOn?: string }>(catalyseur, '/api/partnerships/atk-p2');
    expect(live).toMatchObject({ phase: 'pilotage', revision: started.revision, pilotageStartedOn: '2024-06-01' });
  });

  it('accepts them on the day pilotage started, and an evaluation opened no earlier than the last fact of pilotage', async () => {
    await readyForPilotage('atk-p3', '2020-01-01');
    await send(catalyseur, '/api/partnerships/atk-p3/start-pilotage', { startedOn: '2024-06-01' });
    await send(catalyseur, '/api/partnerships/atk-p3/reach-milestone', { milestoneId: 'm1', reachedOn: '2024-06-01' });
    const copil = await send(catalyseur, '/api/partnerships/atk-p3/hold-steering-committee', {
      committeeId: 'copil-1',
      attendees: ['flda'],
      decisions: ['d'],
      heldOn: '2024-09-15',
    });
    const early = await refused(catalyseur, 'POST', '/api/partnerships/atk-p3/open-evaluation', { openedOn: '2024-09-14' }, 422, 'RULE_VIOLATED');
    expect(early.message).toBe(
      'the opening of the evaluation (2024-09-14) cannot be earlier than the last fact of pilotage, steering committee "copil-1" held, on 2024-09-15',
    );
    expect((await stored('atk-p3')).revision).toBe(copil.revision);
    await send(catalyseur, '/api/partnerships/atk-p3/open-evaluation', { openedOn: '2024-09-15' });
  });

  it('refuses a pilotage started in 9999 (after today): nothing stored; the facts that follow by default are dated today', async () => {
    api.clock.set('2026-12-03T10:00:00.000Z');
    await readyForPilotage('atk-p4', '2020-01-01');
    const before = await stored('atk-p4');
    const future = await refused(catalyseur, 'POST', '/api/partnerships/atk-p4/start-pilotage', { startedOn: '9999-12-31' }, 422, 'RULE_VIOLATED');
    expect(future.message).toBe('the start of pilotage (9999-12-31) cannot be later than today, 2026-12-03: it has not happened yet');
    expect(await stored('atk-p4')).toEqual(before);

    await send(catalyseur, '/api/partnerships/atk-p4/start-pilotage', {});
    const afterStart = await stored('atk-p4');
    for (const [path, body, what] of [
      ['reach-milestone', { milestoneId: 'm1', reachedOn: '2026-12-04' }, 'reaching a milestone'],
      ['hold-steering-committee', { attendees: ['flda'], decisions: ['d'], heldOn: '2026-12-04' }, 'the steering committee'],
      ['record-indicator', { name: 'Ateliers tenus', value: 3, measuredOn: '2026-12-04' }, 'the measurement'],
      ['open-evaluation', { openedOn: '2026-12-04' }, 'the opening of the evaluation'],
      ['assign-catalyseur', { catalyseurId: 'cat-2', assignedOn: '2026-12-04' }, 'the assignment'],
    ] as const) {
      const answer = await refused(catalyseur, 'POST', `/api/partnerships/atk-p4/${path}`, body, 422, 'RULE_VIOLATED');
      expect(answer.message).toBe(`${what} (2026-12-04) cannot be later than today, 2026-12-03: it has not happened yet`);
    }
    expect(await stored('atk-p4')).toEqual(afterStart);

    await send(catalyseur, '/api/partnerships/atk-p4/reach-milestone', { milestoneId: 'm1' });
    await send(catalyseur, '/api/partnerships/atk-p4/open-evaluation', {});
    const { items } = await get<EventPage>(catalyseur, '/api/partnerships/atk-p4/events?limit=500');
    expect(items.filter((e) => ['PilotageStarted', 'MilestoneReached', 'EvaluationOpened'].includes(e.type)).map((e) => [e.type, e.data])).toEqual([
      ['PilotageStarted', { startedOn: '2026-12-03', cycle: 1 }],
      ['MilestoneReached', { milestoneId: 'm1', reachedOn: '2026-12-03' }],
      ['EvaluationOpened', { openedOn: '2026-12-03', cycle: 1 }],
    ]);
  });

  it('reads today in the network’s time zone: at 23:30 UTC it is already tomorrow in Paris, and that day is accepted', async () => {
    api.clock.set('2026-12-03T10:00:00.000Z');
    await readyForPilotage('atk-p6', '2020-01-01');
    await send(catalyseur, '/api/partnerships/atk-p6/start-pilotage', { startedOn: '2026-12-01' });
    api.clock.set('2026-12-03T23:30:00.000Z');
    await send(catalyseur, '/api/partnerships/atk-p6/reach-milestone', { milestoneId: 'm1', reachedOn: '2026-12-04' });
    const later = await refused(catalyseur, 'POST', '/api/partnerships/atk-p6/open-evaluation', { openedOn: '2026-12-05' }, 422, 'RULE_VIOLATED');
    expect(later.message).toBe('the opening of the evaluation (2026-12-05) cannot be later than today, 2026-12-04: it has not happened yet');
  });
});
