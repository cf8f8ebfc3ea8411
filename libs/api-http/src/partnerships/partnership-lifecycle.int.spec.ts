import { type ApiHarness, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Accepted {
  id: string;
  revision: number;
  position: number;
}
interface Milestone {
  milestoneId: string;
  title: string;
  dueDate: string;
  status: string;
  late: boolean;
  rescheduled: number;
  reachedOn?: string;
  lastRescheduleReason?: string;
}
interface Board {
  id: string;
  phase: string;
  cycle: number;
  revision: number;
  position: number;
  objectives: Record<string, string[]>;
  milestones: Milestone[];
  nextDueDate?: string;
  lateMilestones: number;
  lateAsOf: string;
  committees: { attendees: string[]; decisions: string[] }[];
  indicators: { name: string; value: number }[];
  impact: Record<string, { score: number; scores: Record<string, number>; evidence: string }>;
  conclusions: { cycle: number; decision: string }[];
  asOf?: string;
  asOfPosition?: number;
}
interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
}
interface EventPage {
  id: string;
  items: { id: string; type: string; revision: number; position: number; data: Record<string, unknown>; metadata: Record<string, unknown> }[];
  more: boolean;
}

describe('HTTP api: a partnership from cadrage to renouveler (real SQLite, real projector, real HTTP)', () => {
  let api: ApiHarness;
  let asso: string;
  let entreprise: string;
  let catalyseur: string;
  let operator: string;
  let outsider: string;
  let id: string;
  const positions: Record<string, number> = {};

  const command = async (token: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Accepted> => {
    const answer = await api.request<Accepted>('POST', path, { token, body, headers });
    if (answer.status !== 200 && answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    expect(answer.headers.get('etag')).toBe(`"${answer.body.revision}"`);
    return answer.body;
  };
  const board = async (token: string, query = ''): Promise<Board> => {
    const answer = await api.request<Board>('GET', `/api/partnerships/${id}${query}`, { token });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const ms = (b: Board, title: string): Milestone => {
    const found = b.milestones.find((m) => m.title === title);
    if (!found) throw new Error(`no milestone ${title}`);
    return found;
  };

  beforeAll(async () => {
    api = await startApi();
    asso = api.token({ sub: 'alice', role: 'partner', org: 'asso-1' });
    entreprise = api.token({ sub: 'bob', role: 'partner', org: 'ent-1' });
    catalyseur = api.token({ sub: 'cata-1', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cata-1']);
    operator = api.token({ sub: 'op-1', role: 'operator' });
    outsider = api.token({ sub: 'eve', role: 'partner', org: 'other-9' });
  });
  afterAll(async () => {
    await api.close();
  });

  it('a partner proposes a partnership listing its organisation: 201 {id, revision, position}', async () => {
    const answer = await api.request<Accepted>('POST', '/api/partnerships', {
      token: asso,
      headers: { 'x-correlation-id': 'corr-propose-1' },
      body: {
        title: 'Insertion par le numérique',
        territory: { id: 'grand-lyon', name: 'Métropole de Lyon', scale: 'local' },
        partners: [
          { orgId: 'asso-1', name: 'Association Entraide', sphere: 'association' },
          { orgId: 'ent-1', name: 'Numérique SA', sphere: 'entreprise' },
        ],
        modes: ['mecenat', 'innovation_societale'],
      },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: expect.any(String), revision: 0, position: expect.any(Number) });
    expect(answer.headers.get('etag')).toBe('"0"');
    expect(answer.headers.get('x-correlation-id')).toBe('corr-propose-1');
    id = answer.body.id;
    positions['proposed'] = answer.body.position;
  });

  it('nobody accompanies a partner’s proposal: a catalyseur takes it up (docs/adr/0025-who-accompanies-a-partnership.md)', async () => {
    const early = await api.request('POST', `/api/partnerships/${id}/plan-milestone`, {
      token: catalyseur,
      body: { title: 'Diagnostic', dueDate: '2025-02-01' },
    });
    expect(early.status).toBe(403);
    expect((await command(catalyseur, `/api/partnerships/${id}/assign-catalyseur`, { catalyseurId: 'cata-1' })).revision).toBe(1);
  });

  it('cadrage: each partner agrees its objectives, milestones are planned; reaching one is refused (422)', async () => {
    expect(
      (await command(asso, `/api/partnerships/${id}/agree-objectives`, { orgId: 'asso-1', objectives: ['ressources_humaines', 'innovation'] })).revision,
    ).toBe(2);
    expect((await command(entreprise, `/api/partnerships/${id}/agree-objectives`, { orgId: 'ent-1', objectives: ['economique'] })).revision).toBe(3);
    await command(catalyseur, `/api/partnerships/${id}/plan-milestone`, { milestoneId: 'm1', title: 'Diagnostic partagé', dueDate: '2025-02-01' });
    await command(catalyseur, `/api/partnerships/${id}/plan-milestone`, { milestoneId: 'm2', title: 'Premier atelier', dueDate: '2025-03-01' });
    const last = await command(asso, `/api/partnerships/${id}/plan-milestone`, { title: 'Bilan intermédiaire', dueDate: '2025-04-15' });
    expect(last.revision).toBe(6);

    const early = await api.request('POST', `/api/partnerships/${id}/reach-milestone`, { token: asso, body: { milestoneId: 'm1' } });
    expect(early.status).toBe(422);
    expect(early.body).toEqual({ code: 'RULE_VIOLATED', message: 'a milestone can only be reached during pilotage', requestId: expect.any(String) });

    await api.projected(last.position);
    const b = await board(asso);
    expect(b.phase).toBe('cadrage');
    expect(b.objectives).toEqual({ 'asso-1': ['ressources_humaines', 'innovation'], 'ent-1': ['economique'] });
    expect(b.milestones.map((m) => [m.title, m.status])).toEqual([
      ['Diagnostic partagé', 'planned'],
      ['Premier atelier', 'planned'],
      ['Bilan intermédiaire', 'planned'],
    ]);
    expect(ms(b, 'Bilan intermédiaire').milestoneId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.nextDueDate).toBe('2025-02-01');
    expect(b.lateMilestones).toBe(0);
    expect(b.revision).toBe(6);
  });

  it('pilotage: starts (default date = today from the clock), a milestone reached, one rescheduled, a COPIL, an indicator', async () => {
    api.clock.set('2025-01-20T10:00:00.000Z');
    const started = await command(entreprise, `/api/partnerships/${id}/start-pilotage`, {});
    positions['pilotage'] = started.position;

    api.clock.set('2025-02-03T10:00:00.000Z');
    await command(asso, `/api/partnerships/${id}/reach-milestone`, { milestoneId: 'm1' });
    await command(catalyseur, `/api/partnerships/${id}/reschedule-milestone`, {
      milestoneId: 'm2',
      dueDate: '2025-03-15',
      reason: 'salle indisponible',
    });
    await command(catalyseur, `/api/partnerships/${id}/hold-steering-committee`, {
      attendees: ['asso-1', 'ent-1'],
      decisions: ['lancer le second atelier', 'associer la mairie'],
    });
    const recorded = await command(operator, `/api/partnerships/${id}/record-indicator`, { name: 'Bénévoles mobilisés', value: 12, unit: 'personnes' });
    positions['copil'] = recorded.position;

    await api.projected(recorded.position);
    const b = await board(catalyseur);
    expect(b.phase).toBe('pilotage');
    expect(ms(b, 'Diagnostic partagé')).toMatchObject({ status: 'reached', reachedOn: '2025-02-03', late: false });
    expect(ms(b, 'Premier atelier')).toMatchObject({ status: 'planned', dueDate: '2025-03-15', rescheduled: 1, lastRescheduleReason: 'salle indisponible' });
    expect(b.nextDueDate).toBe('2025-03-15');
    expect(b.committees).toEqual([expect.objectContaining({ attendees: ['asso-1', 'ent-1'], decisions: ['lancer le second atelier', 'associer la mairie'] })]);
    expect(b.indicators).toEqual([expect.objectContaining({ name: 'Bénévoles mobilisés', value: 12 })]);
    expect(b.lateMilestones).toBe(0);
  });

  it('the board flags late milestones relative to the clock (Europe/Paris calendar)', async () => {
    api.clock.set('2025-03-20T08:00:00.000Z');
    const b = await board(asso);
    expect(b.lateAsOf).toBe('2025-03-20');
    expect(ms(b, 'Premier atelier').late).toBe(true);
    expect(ms(b, 'Bilan intermédiaire').late).toBe(false);
    expect(ms(b, 'Diagnostic partagé').late).toBe(false);
    expect(b.lateMilestones).toBe(1);
    // Paris is one hour ahead: 23:30 UTC on 2025-04-15 is already the 16th there.
    api.clock.set('2025-04-15T23:30:00.000Z');
    expect((await board(asso)).lateMilestones).toBe(2);
  });

  it('évaluation: opened, impact assessed on the three dimensions, concluded with renouveler → back in cadrage, cycle 2', async () => {
    api.clock.set('2025-04-20T09:00:00.000Z');
    await command(catalyseur, `/api/partnerships/${id}/open-evaluation`, {});
    const early = await api.request('POST', `/api/partnerships/${id}/conclude-evaluation`, { token: asso, body: { decision: 'renouveler' } });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'RULE_VIOLATED', message: 'all three impact dimensions must be assessed before concluding' });
    await command(asso, `/api/partnerships/${id}/assess-impact`, {
      dimension: 'innovation_societale',
      scores: { growth_and_jobs: 4, fewer_fragilities: 5 },
      evidence: '3 ateliers tenus',
    });
    await command(entreprise, `/api/partnerships/${id}/assess-impact`, {
      dimension: 'performance_organisations',
      scores: { association_performance: 3, company_performance: 3 },
      evidence: '12 salariés mobilisés',
    });
    const assessed = await command(catalyseur, `/api/partnerships/${id}/assess-impact`, {
      dimension: 'confiance',
      scores: { collective_trust: 5, individual_trust: 4 },
      evidence: 'COPIL réguliers',
    });
    await api.projected(assessed.position);
    expect((await board(asso)).impact).toEqual({
      innovation_societale: { score: 4.5, scores: { growth_and_jobs: 4, fewer_fragilities: 5 }, evidence: '3 ateliers tenus' },
      performance_organisations: { score: 3, scores: { association_performance: 3, company_performance: 3 }, evidence: '12 salariés mobilisés' },
      confiance: { score: 4.5, scores: { collective_trust: 5, individual_trust: 4 }, evidence: 'COPIL réguliers' },
    });
    const concluded = await command(asso, `/api/partnerships/${id}/conclude-evaluation`, { decision: 'renouveler' });
    positions['renewed'] = concluded.position;

    await api.projected(concluded.position);
    const b = await board(entreprise);
    expect(b.phase).toBe('cadrage');
    expect(b.cycle).toBe(2);
    expect(b.conclusions).toEqual([expect.objectContaining({ cycle: 1, decision: 'renouveler' })]);
    expect(b.objectives).toEqual({});
  });

  it('cycle 2 starts again in cadrage', async () => {
    const agreed = await command(asso, `/api/partnerships/${id}/agree-objectives`, { orgId: 'asso-1', objectives: ['parties_prenantes'] });
    await api.projected(agreed.position);
    const b = await board(asso, `?minRevision=${agreed.revision}`);
    expect(b.revision).toBe(agreed.revision);
    expect(b.objectives).toEqual({ 'asso-1': ['parties_prenantes'] });
  });

  it('asOf / position reads fold the stream and return the earlier state in the same board shape', async () => {
    const inCadrage = await board(operator, '?asOf=2025-01-10T00:00:00Z');
    expect(inCadrage).toMatchObject({ phase: 'cadrage', cycle: 1, revision: 6, asOf: '2025-01-10T00:00:00Z', lateAsOf: '2025-01-10' });
    expect(inCadrage.milestones.every((m) => m.status === 'planned' && !m.late)).toBe(true);

    const atPilotage = await board(asso, `?position=${positions['pilotage']}`);
    expect(atPilotage).toMatchObject({ phase: 'pilotage', revision: 7, position: positions['pilotage'], asOfPosition: positions['pilotage'] });
    expect(atPilotage.milestones.every((m) => m.status === 'planned')).toBe(true);

    const inMarch = await board(catalyseur, '?asOf=2025-03-20T12:00:00%2B01:00');
    expect(inMarch.phase).toBe('pilotage');
    expect(inMarch.committees).toHaveLength(1);
    expect(ms(inMarch, 'Diagnostic partagé').status).toBe('reached');
    expect(ms(inMarch, 'Premier atelier')).toMatchObject({ late: true, lastRescheduleReason: 'salle indisponible' });
    expect(inMarch.lateMilestones).toBe(1);

    // The live board says otherwise: the fold really is of the past.
    expect((await board(asso)).phase).toBe('cadrage');

    const before = await api.request('GET', `/api/partnerships/${id}?asOf=2024-12-31T00:00:00Z`, { token: operator });
    expect(before.status).toBe(404);
    expect(before.body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await api.request('GET', `/api/partnerships/${id}?position=${positions['pilotage']}`, { token: outsider })).status).toBe(403);
  });

  it('lists boards by territory, phase and mode; partners only see their own', async () => {
    api.clock.set('2025-05-01T09:00:00.000Z');
    const other = await command(catalyseur, '/api/partnerships', {
      id: 'villeurbanne-1',
      title: 'Mobilité solidaire',
      territory: { id: 'villeurbanne', name: 'Villeurbanne', scale: 'local' },
      partners: [
        { orgId: 'other-9', name: 'Autre association', sphere: 'association' },
        { orgId: 'mairie-v', name: 'Mairie', sphere: 'collectivite' },
      ],
      modes: ['cooperation_economique'],
    });
    expect(other.id).toBe('villeurbanne-1');
    await api.projected(other.position);

    const ids = async (token: string, query: string): Promise<string[]> => {
      const answer = await api.request<Page<Board>>('GET', `/api/partnerships${query}`, { token });
      expect(answer.status).toBe(200);
      return answer.body.items.map((b) => b.id).sort();
    };
    expect(await ids(operator, '')).toEqual([id, 'villeurbanne-1'].sort());
    expect(await ids(operator, '?territory=grand-lyon')).toEqual([id]);
    expect(await ids(catalyseur, '?mode=cooperation_economique')).toEqual(['villeurbanne-1']);
    expect(await ids(catalyseur, '?phase=cadrage&mode=mecenat')).toEqual([id]);
    expect(await ids(catalyseur, '?phase=pilotage')).toEqual([]);
    expect(await ids(asso, '')).toEqual([id]);
    expect(await ids(outsider, '')).toEqual(['villeurbanne-1']);
    expect((await api.request('GET', '/api/partnerships?org=asso-1', { token: outsider })).status).toBe(403);
    const paged = await api.request<Page<Board>>('GET', '/api/partnerships?limit=1&offset=1', { token: operator });
    expect(paged.body).toMatchObject({ limit: 1, offset: 1 });
    expect(paged.body.items).toHaveLength(1);
    // As CSV: the objectives by organisation and the assignment days by catalyseur in one cell each, not a column per id.
    const csv = await api.request<string>('GET', '/api/partnerships', { token: operator, headers: { accept: 'text/csv' } });
    const header =
      csv.body
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0]
        ?.split(',') ?? [];
    expect(header.filter((column) => /^(objectives|assignedOn)\./.test(column))).toEqual([]);
    expect(header).toEqual(expect.arrayContaining(['objectives', 'assignedOn']));
    expect(csv.body).toMatch(/,cata-1: \d{4}-\d{2}-\d{2},/);
  });

  it('lists the recorded events with their metadata, paged by revision', async () => {
    const all = await api.request<EventPage>('GET', `/api/partnerships/${id}/events?limit=500`, { token: asso });
    expect(all.status).toBe(200);
    const types = all.body.items.map((e) => e.type);
    expect(types.slice(0, 7)).toEqual([
      'PartnershipProposed',
      'CatalyseurAssigned',
      'ObjectivesAgreed',
      'ObjectivesAgreed',
      'MilestonePlanned',
      'MilestonePlanned',
      'MilestonePlanned',
    ]);
    expect(types).toContain('PartnershipRenewed');
    expect(all.body.items.map((e) => e.revision)).toEqual(all.body.items.map((_, i) => i));
    expect(all.body.more).toBe(false);
    const first = all.body.items[0];
    expect(first?.metadata).toMatchObject({ actor: 'alice', correlationId: 'corr-propose-1', occurredAt: '2025-01-06T09:00:00.000Z' });
    expect(first?.position).toBe(positions['proposed']);

    const page = await api.request<EventPage>('GET', `/api/partnerships/${id}/events?after=2&limit=2`, { token: catalyseur });
    expect(page.body.items.map((e) => e.revision)).toEqual([3, 4]);
    expect(page.body.more).toBe(true);
    expect((await api.request('GET', `/api/partnerships/${id}/events`, { token: outsider })).status).toBe(403);
  });
});
