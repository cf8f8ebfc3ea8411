import { Logger } from '@nestjs/common';
import { TokenService } from '@catalyse/auth';
import { type ApiHarness, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Accepted {
  id: string;
  revision: number;
  position: number;
}
interface ErrorBody {
  code: string;
  message: string;
  details?: { field: string; messages: string[] }[];
  currentRevision?: string;
  requestId?: string;
}
interface EventPage {
  items: { type: string; metadata: Record<string, unknown> }[];
}

const proposal = (extra: Record<string, unknown> = {}) => ({
  title: 'Insertion',
  territory: { id: 'grand-lyon', name: 'Grand Lyon', scale: 'local' },
  partners: [
    { orgId: 'asso-1', name: 'Asso', sphere: 'association' },
    { orgId: 'ent-1', name: 'Ent', sphere: 'entreprise' },
  ],
  modes: ['mecenat'],
  ...extra,
});

describe('HTTP api: every refusal is a 4xx with a code (real SQLite, real HTTP)', () => {
  let api: ApiHarness;
  let asso: string;
  let catalyseur: string;
  let outsider: string;
  let id: string;

  const post = <T = ErrorBody>(path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>) =>
    api.request<T>('POST', path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) });
  const eventsOf = async (partnershipId: string): Promise<EventPage['items']> => {
    const answer = await api.request<EventPage>('GET', `/api/partnerships/${partnershipId}/events`, { token: catalyseur });
    expect(answer.status).toBe(200);
    return answer.body.items;
  };

  beforeAll(async () => {
    api = await startApi();
    asso = api.token({ sub: 'alice', role: 'partner', org: 'asso-1' });
    catalyseur = api.token({ sub: 'cata-1', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cata-1']); // a member: its proposals reach the domain's rules
    outsider = api.token({ sub: 'eve', role: 'partner', org: 'other-9' });
    const created = await post<Accepted>('/api/partnerships', asso, proposal());
    expect(created.status).toBe(201);
    id = created.body.id;
  });
  afterAll(async () => {
    await api.close();
  });

  it('unknown fields: 400 VALIDATION with field-level details, at any depth', async () => {
    const answer = await post('/api/partnerships', asso, proposal({ colour: 'blue', territory: { id: 'x', name: 'X', scale: 'local', extra: 1 } }));
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION');
    expect(answer.body.details).toEqual(
      expect.arrayContaining([
        { field: 'colour', messages: ['property colour should not exist'] },
        { field: 'territory.extra', messages: ['property extra should not exist'] },
      ]),
    );
  });

  it('wrong values: 400 VALIDATION naming each field (enum, date, nested partner, sizes)', async () => {
    const answer = await post('/api/partnerships', asso, {
      ...proposal(),
      title: 'x'.repeat(201),
      modes: ['philanthropie'],
      partners: [{ orgId: 'asso-1', name: 'Asso', sphere: 'alien' }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.details?.map((d) => d.field).sort()).toEqual(['modes', 'partners.0.sphere', 'title']);
    const date = await post(`/api/partnerships/${id}/plan-milestone`, asso, { title: 'M', dueDate: '2025-02-30' });
    expect(date.status).toBe(400);
    expect(date.body.details).toEqual([{ field: 'dueDate', messages: ['dueDate must be a calendar date YYYY-MM-DD'] }]);
    const missing = await post(`/api/partnerships/${id}/assess-impact`, asso, {});
    expect(missing.status).toBe(400);
    expect(missing.body.details?.map((d) => d.field)).toEqual(['dimension', 'scores', 'evidence']);
    const archive = await post(`/api/rooms/r1/archive`, catalyseur, { please: true });
    expect(archive.status).toBe(400);
    expect(archive.body.details).toEqual([{ field: 'please', messages: ['property please should not exist'] }]);
  });

  it('impact scores: 400 VALIDATION for a wrong sub-dimension, a missing one, a score out of 1–5, the one score of version 1', async () => {
    const assess = (body: object) => post(`/api/partnerships/${id}/assess-impact`, asso, { dimension: 'confiance', evidence: 'entretiens', ...body });
    const wrongSub = await assess({ scores: { collective_trust: 4, growth_and_jobs: 4 } });
    expect(wrongSub.status).toBe(400);
    expect(wrongSub.body.details).toEqual([
      { field: 'scores', messages: ['scores must score each sub-dimension of confiance, and no other: collective_trust and individual_trust'] },
    ]);
    const unknownSub = await assess({ scores: { collective_trust: 4, individual_trust: 4, serenity: 5 } });
    expect(unknownSub.status).toBe(400);
    expect(unknownSub.body.details).toEqual([{ field: 'scores.serenity', messages: ['property serenity should not exist'] }]);
    const missingSub = await assess({ scores: { collective_trust: 4 } });
    expect(missingSub.body.details?.map((d) => d.field)).toEqual(['scores']);
    for (const score of [0, 6, 2.5, '4']) {
      const bad = await assess({ scores: { collective_trust: 4, individual_trust: score } });
      expect(bad.status).toBe(400);
      expect(bad.body.details?.map((d) => d.field)).toEqual(['scores.individual_trust']);
    }
    const v1 = await assess({ score: 4 });
    expect(v1.status).toBe(400);
    expect(v1.body.details?.map((d) => d.field).sort()).toEqual(['score', 'scores']);
    const badDimension = await post(`/api/partnerships/${id}/assess-impact`, asso, { dimension: 'bonheur', scores: { collective_trust: 4 }, evidence: 'e' });
    expect(badDimension.body.details?.map((d) => d.field)).toEqual(['dimension']);
  });

  it('malformed JSON: 400 VALIDATION, not a 500', async () => {
    const answer = await api.request<ErrorBody>('POST', '/api/partnerships', { token: asso, raw: '{"title": "x",' });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('VALIDATION');
    expect(answer.body.message).toMatch(/^malformed JSON body/);
    const array = await api.request<ErrorBody>('POST', '/api/partnerships', { token: asso, raw: '[1, 2]' });
    expect(array.status).toBe(400);
    expect(array.body.code).toBe('VALIDATION');
  });

  it('body too large: 413 PAYLOAD_TOO_LARGE', async () => {
    const answer = await post('/api/partnerships', asso, proposal({ title: 'x'.repeat(70 * 1024) }));
    expect(answer.status).toBe(413);
    expect(answer.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'the request body exceeds 64kb', requestId: answer.headers.get('x-correlation-id') });
  });

  it('every error body names its request: the X-Correlation-Id given, or the one generated (also in the log lines)', async () => {
    const logged = jest.spyOn(Logger.prototype, 'log');
    const given = await api.request<ErrorBody>('POST', '/api/partnerships', { token: asso, raw: '{', headers: { 'x-correlation-id': 'appel-42' } });
    expect([given.status, given.body.requestId, given.headers.get('x-correlation-id')]).toEqual([400, 'appel-42', 'appel-42']);
    // Refused as its body was read, before the request logger: a line of its own names it.
    expect(logged.mock.calls.map(([line]) => String(line)).filter((line) => line.includes('appel-42'))).toEqual([
      expect.stringMatching(/^POST \/api\/partnerships refused as its body was read: VALIDATION malformed JSON body/),
    ]);
    logged.mockRestore();
    const generated = await api.request<ErrorBody>('GET', '/api/partnerships/nope');
    expect(generated.status).toBe(401);
    expect(generated.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(generated.headers.get('x-correlation-id')).toBe(generated.body.requestId);
  });

  it('wrong phase: 422 RULE_VIOLATED with the rule message', async () => {
    const answer = await post(`/api/partnerships/${id}/open-evaluation`, asso, {});
    expect(answer.status).toBe(422);
    expect(answer.body).toEqual({ code: 'RULE_VIOLATED', message: 'an evaluation can only be opened from pilotage', requestId: expect.any(String) });
    const rule = await post(
      '/api/partnerships',
      catalyseur,
      proposal({
        partners: [
          { orgId: 'a', name: 'A', sphere: 'association' },
          { orgId: 'b', name: 'B', sphere: 'association' },
        ],
      }),
    );
    expect(rule.status).toBe(422);
    expect(rule.body.message).toBe('a partnership needs partners from at least two different spheres');
  });

  it('If-Match: a stale revision is 409 CONFLICT with the current revision; the right one passes', async () => {
    const first = await post<Accepted>(
      `/api/partnerships/${id}/agree-objectives`,
      asso,
      { orgId: 'asso-1', objectives: ['innovation'] },
      { 'if-match': '"0"' },
    );
    expect(first.status).toBe(200);
    expect(first.body.revision).toBe(1);
    const stale = await post(`/api/partnerships/${id}/plan-milestone`, asso, { title: 'M', dueDate: '2025-03-01' }, { 'if-match': '"0"' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CONFLICT', currentRevision: '1' });
    const bare = await post<Accepted>(`/api/partnerships/${id}/plan-milestone`, asso, { title: 'M', dueDate: '2025-03-01' }, { 'if-match': '1' });
    expect(bare.status).toBe(200);
    const bad = await post(`/api/partnerships/${id}/plan-milestone`, asso, { title: 'M', dueDate: '2025-03-01' }, { 'if-match': 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([{ field: 'If-Match', messages: ['expected a revision such as "3"'] }]);
  });

  it('a domain conflict (the id is taken) is 409', async () => {
    const again = await post('/api/partnerships', asso, proposal({ id }));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 'CONFLICT', message: 'partnership already exists', requestId: expect.any(String) });
  });

  it('missing token: 401 with WWW-Authenticate; forged token (another secret): 401', async () => {
    const missing = await post('/api/partnerships', undefined, proposal());
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('UNAUTHORIZED');
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const forger = new TokenService('another-secret-of-at-least-thirty-two-characters');
    const forged = forger.sign({ sub: 'alice', role: 'operator' });
    const answer = await api.request<ErrorBody>('GET', `/api/partnerships/${id}`, { token: forged });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('invalid token') });
    const garbage = await api.request<ErrorBody>('GET', '/api/partnerships', { headers: { authorization: 'Bearer not.a.jwt' } });
    expect(garbage.status).toBe(401);
  });

  it("another organisation's partnership: 403 FORBIDDEN on commands and reads; agreeing for another org: 403", async () => {
    const act = await post(`/api/partnerships/${id}/plan-milestone`, outsider, { title: 'M', dueDate: '2025-03-01' });
    expect(act.status).toBe(403);
    expect(act.body.code).toBe('FORBIDDEN');
    expect((await api.request('GET', `/api/partnerships/${id}/events`, { token: outsider })).status).toBe(403);
    const forOther = await post(`/api/partnerships/${id}/agree-objectives`, asso, { orgId: 'ent-1', objectives: ['economique'] });
    expect(forOther.status).toBe(403);
    const notListed = await post('/api/partnerships', outsider, proposal());
    expect(notListed.status).toBe(403);
  });

  it('unknown id: 404 NOT_FOUND; odd ids: 400; unknown route: 404 — never a 500', async () => {
    const command = await post('/api/partnerships/nope/start-pilotage', catalyseur, {});
    expect(command.status).toBe(404);
    expect(command.body).toEqual({ code: 'NOT_FOUND', message: 'partnership nope not found', requestId: expect.any(String) });
    expect((await api.request('GET', '/api/partnerships/nope', { token: catalyseur })).status).toBe(404);
    expect((await api.request('GET', '/api/rooms/nope', { token: catalyseur })).status).toBe(404);
    expect((await api.request('GET', '/api/catalyseurs/nope', { token: catalyseur })).status).toBe(404);
    for (const odd of ['a%20b', 'x'.repeat(101), '%E2%9C%93', 'a%3Bdrop', '%FF']) {
      const answer = await api.request<ErrorBody>('GET', `/api/partnerships/${odd}`, { token: catalyseur });
      expect([odd, answer.status, answer.body.code]).toEqual([odd, 400, 'VALIDATION']);
    }
    const route = await api.request<ErrorBody>('GET', '/api/nowhere', { token: catalyseur });
    expect(route.status).toBe(404);
    expect(route.body.code).toBe('NOT_FOUND');
    const query = await api.request<ErrorBody>('GET', '/api/partnerships?phase=ended&limit=0', { token: catalyseur });
    expect(query.status).toBe(400);
    expect(query.body.details?.map((d) => d.field).sort()).toEqual(['limit', 'phase']);
    // As-of: strict dates and instants, never normalised; a clock only with a time.
    for (const odd of ['yesterday', '2025-02-30', '2025-01-01T25:00:00Z', '2025-01-01T10:00:00', '2025-13-01', '2025-01-01T10:60Z', '2025-01-01T10:00+24:00']) {
      const answer = await api.request<ErrorBody>('GET', `/api/partnerships/${id}?asOf=${encodeURIComponent(odd)}`, { token: catalyseur });
      expect([odd, answer.status, answer.body.code, answer.body.details?.[0]?.field]).toEqual([odd, 400, 'VALIDATION', 'asOf']);
    }
    for (const query of ['clock=recorded', 'asOf=2025-01-01&clock=sometimes', 'position=-1', 'position=1.5']) {
      const answer = await api.request<ErrorBody>('GET', `/api/partnerships/${id}?${query}`, { token: catalyseur });
      expect([query, answer.status, answer.body.code]).toEqual([query, 400, 'VALIDATION']);
    }
  });

  it('Idempotency-Key: a retried create or command returns the same body and writes once', async () => {
    const key = { 'idempotency-key': 'create-7f3a' };
    const first = await post<Accepted>('/api/partnerships', asso, proposal(), key);
    const retry = await post<Accepted>('/api/partnerships', asso, proposal(), key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await eventsOf(first.body.id)).map((e) => e.type)).toEqual(['PartnershipProposed']);

    const plan = { title: 'Atelier', dueDate: '2025-03-01' };
    const once = await post<Accepted>(`/api/partnerships/${first.body.id}/plan-milestone`, asso, plan, { 'idempotency-key': 'plan-1' });
    const twice = await post<Accepted>(`/api/partnerships/${first.body.id}/plan-milestone`, asso, plan, { 'idempotency-key': 'plan-1' });
    expect(twice.status).toBe(200);
    expect(twice.body).toEqual(once.body);
    const events = await eventsOf(first.body.id);
    expect(events.map((e) => e.type)).toEqual(['PartnershipProposed', 'MilestonePlanned']);
    expect(events[1]?.metadata['idempotencyKey']).toBe('plan-1');

    // The same key on another command of the partnership: refused, not answered with the milestone's result.
    const other = await post<{ code: string; message: string }>(`/api/partnerships/${first.body.id}/start-pilotage`, asso, {}, { 'idempotency-key': 'plan-1' });
    expect([other.status, other.body.code, other.headers.get('idempotent-replayed')]).toEqual([409, 'CONFLICT', null]);
    expect(other.body.message).toBe('Idempotency-Key plan-1 was already used for PlanMilestone on this resource: send StartPilotage with a new key');
    expect((await eventsOf(first.body.id)).map((e) => e.type)).toEqual(['PartnershipProposed', 'MilestonePlanned']);
  });

  it('rate limit behind a trusted proxy: each anonymous client (X-Forwarded-For) has its own budget; untrusted, they share the proxy’s', async () => {
    const statuses = async (trustProxy: number | undefined): Promise<number[]> => {
      // A caller without a token gets a quarter of the base budget: 1 request here.
      const api = await startApi({ api: { rateLimit: { limit: 2, ttlMs: 60_000 } }, http: trustProxy === undefined ? {} : { trustProxy } });
      try {
        const seen: number[] = [];
        for (const client of ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.2']) {
          seen.push((await api.request('GET', '/api/partnerships', { headers: { 'x-forwarded-for': client } })).status);
        }
        return seen;
      } finally {
        await api.close();
      }
    };
    expect(await statuses(1)).toEqual([401, 429, 401, 429]);
    expect(await statuses(undefined)).toEqual([401, 429, 429, 429]);
  });

  it('rate limit: 429 RATE_LIMITED beyond the configured limit', async () => {
    const limited = await startApi({ api: { rateLimit: { limit: 3, ttlMs: 60_000 } } });
    try {
      const token = limited.token({ sub: 'cata-1', role: 'catalyseur' });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.request('GET', '/api/partnerships', { token })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const refused = await limited.request<ErrorBody>('GET', '/api/partnerships', { token });
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(refused.headers.get('retry-after')).toBeTruthy();
      // health is never throttled
      expect((await limited.request('GET', '/api/health')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
