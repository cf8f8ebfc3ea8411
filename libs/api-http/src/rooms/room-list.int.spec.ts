import { type ApiHarness, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Accepted {
  id: string;
  revision: number;
  position: number;
}
interface RoomPage {
  items: { id: string; title: string; kind: string; access: string; members: string[]; archived: boolean; revision: number }[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * `GET /api/rooms`: the rooms each caller may enter, for themselves or for another person, and
 * never one they could not enter (real SQLite, real projector, real HTTP).
 */
describe('HTTP api: the list of rooms a caller may enter', () => {
  let api: ApiHarness;
  const tokens: Record<'cata1' | 'cata2' | 'cata3' | 'operator' | 'alice' | 'eve', string> = {
    cata1: '',
    cata2: '',
    cata3: '',
    operator: '',
    alice: '',
    eve: '',
  };

  const ok = async (path: string, token: string, body: unknown, status = 200): Promise<Accepted> => {
    const answer = await api.request<Accepted>('POST', path, { token, body });
    if (answer.status !== status) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const partnership = (id: string, orgs: [string, string]) => ({
    id,
    title: `Partenariat ${id}`,
    territory: { id: 'grand-lyon', name: 'Grand Lyon', scale: 'local' },
    partners: [
      { orgId: orgs[0], name: orgs[0], sphere: 'association' },
      { orgId: orgs[1], name: orgs[1], sphere: 'entreprise' },
    ],
    modes: ['mecenat'],
  });
  const room = (id: string, kind: string, title: string, access: 'open' | 'members', subject?: string) => ({
    id,
    kind,
    title,
    access,
    ...(subject ? { subject } : {}),
  });
  /** The titles a caller gets, in order. */
  const titles = async (token: string, query = ''): Promise<string[]> => {
    const answer = await api.request<RoomPage>('GET', `/api/rooms${query}`, { token });
    if (answer.status !== 200) throw new Error(`GET /api/rooms${query}: ${answer.status} ${JSON.stringify(answer.body)}`);
    expect(answer.body.total).toBe(answer.body.offset + answer.body.items.length);
    return answer.body.items.map((r) => r.title);
  };

  beforeAll(async () => {
    api = await startApi();
    tokens.cata1 = api.token({ sub: 'cata-1', role: 'catalyseur' });
    tokens.cata2 = api.token({ sub: 'cata-2', role: 'catalyseur' });
    tokens.cata3 = api.token({ sub: 'cata-3', role: 'catalyseur' });
    tokens.operator = api.token({ sub: 'op-1', role: 'operator' });
    tokens.alice = api.token({ sub: 'alice', role: 'partner', org: 'asso-1' });
    tokens.eve = api.token({ sub: 'eve', role: 'partner', org: 'asso-9' });

    await joinCatalyseurs(api, ['cata-1']); // a catalyseur proposes (and accompanies) partnerships once a member
    await ok('/api/partnerships', tokens.cata1, partnership('p1', ['asso-1', 'ent-1']), 201);
    await ok('/api/partnerships', tokens.cata1, partnership('p2', ['asso-9', 'ent-2']), 201);
    await ok('/api/rooms', tokens.cata1, room('mobilite', 'theme', 'Mobilité', 'open', 'mobilite'), 201);
    await ok('/api/rooms', tokens.cata1, room('numerique', 'theme', 'Numérique', 'members', 'numerique'), 201);
    await ok('/api/rooms/numerique/add-member', tokens.cata1, { memberId: 'cata-2' });
    await ok('/api/rooms', tokens.cata1, room('club', 'theme', 'Club', 'members', 'club'), 201);
    await ok('/api/rooms/club/add-member', tokens.cata1, { memberId: 'alice' });
    await ok('/api/rooms', tokens.operator, room('astreinte', 'ops', 'Astreinte', 'open'), 201);
    await ok('/api/rooms', tokens.alice, room('copil-p1', 'partnership', 'COPIL P1', 'members', 'p1'), 201);
    await ok('/api/rooms', tokens.cata1, room('suivi-p1', 'partnership', 'Suivi P1', 'open', 'p1'), 201);
    await ok('/api/rooms', tokens.operator, room('copil-p2', 'partnership', 'COPIL P2', 'members', 'p2'), 201);
    await ok('/api/rooms', tokens.cata2, room('ancien', 'theme', 'Ancien', 'open', 'ancien'), 201);
    const last = await ok('/api/rooms/ancien/archive', tokens.cata2, undefined);
    await api.projected(last.position);
  });
  afterAll(async () => {
    await api.close();
  });

  it('catalyseurs: the open rooms (never ops rooms), the members-only rooms they are in, the rooms of the partnerships they accompany, by title', async () => {
    // cata-1 proposed p1 and p2, so accompanies both: their rooms, members-only or not (docs/adr/0025-who-accompanies-a-partnership.md).
    expect(await titles(tokens.cata1)).toEqual(['Club', 'COPIL P1', 'COPIL P2', 'Mobilité', 'Numérique', 'Suivi P1']);
    // The others accompany neither: not even the open room of p1.
    expect(await titles(tokens.cata2)).toEqual(['Mobilité', 'Numérique']);
    expect(await titles(tokens.cata3)).toEqual(['Mobilité']);
    // Another person's rooms: only those the caller may enter itself.
    expect(await titles(tokens.cata1, '?member=cata-2')).toEqual(['Mobilité', 'Numérique', 'Suivi P1']);
    expect(await titles(tokens.cata3, '?member=cata-1')).toEqual(['Mobilité']);
  });

  it('operators: the open rooms (ops rooms too) and their own; anyone’s rooms with member', async () => {
    expect(await titles(tokens.operator)).toEqual(['Astreinte', 'COPIL P2', 'Mobilité', 'Suivi P1']);
    expect(await titles(tokens.operator, '?member=cata-1')).toEqual(['Astreinte', 'Club', 'Mobilité', 'Numérique', 'Suivi P1']);
    expect(await titles(tokens.operator, '?member=alice')).toEqual(['Astreinte', 'Club', 'COPIL P1', 'Mobilité', 'Suivi P1']);
  });

  it('partners: the rooms of their own partnerships, nothing else (not a theme room they were listed in)', async () => {
    // alice is a member of Club (a theme room): the kind comes before the members, a partner sees its partnerships' rooms only.
    expect(await titles(tokens.alice)).toEqual(['COPIL P1', 'Suivi P1']);
    expect(await titles(tokens.eve)).toEqual(['COPIL P2']);
    // About someone else: still only rooms the partner may enter.
    expect(await titles(tokens.alice, '?member=cata-1')).toEqual(['Suivi P1']);
    expect(await titles(tokens.eve, '?member=op-1')).toEqual(['COPIL P2']);
  });

  it('filters by kind and archived, pages with {items,total,limit,offset}, and answers CSV', async () => {
    expect(await titles(tokens.cata1, '?kind=partnership')).toEqual(['COPIL P1', 'COPIL P2', 'Suivi P1']);
    expect(await titles(tokens.cata1, '?kind=ops')).toEqual([]);
    expect(await titles(tokens.cata2, '?archived=true')).toEqual(['Ancien']);
    expect(await titles(tokens.cata2, '?archived=false')).toEqual(['Mobilité', 'Numérique']);

    const page = await api.request<RoomPage>('GET', '/api/rooms?limit=2&offset=3', { token: tokens.cata1 });
    expect(page.status).toBe(200);
    expect({ ...page.body, items: page.body.items.map((r) => r.title) }).toEqual({ items: ['Mobilité', 'Numérique'], total: 6, limit: 2, offset: 3, next: 5 });
    expect(page.body.items[1]).toMatchObject({ id: 'numerique', kind: 'theme', access: 'members', members: ['cata-1', 'cata-2'], archived: false });
    expect(typeof page.body.items[1]?.revision).toBe('number');

    const csv = await api.request<string>('GET', '/api/rooms', { token: tokens.eve, headers: { accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('x-total-count')).toBe('1');
    expect(String(csv.body)).toContain('COPIL P2');
    expect(String(csv.body)).not.toContain('COPIL P1');
  });

  it('refuses a malformed query with 400 VALIDATION and the field, and a missing token with 401', async () => {
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=201', 'limit'],
      ['?limit=beaucoup', 'limit'],
      ['?offset=-1', 'offset'],
      ['?kind=salon', 'kind'],
      ['?archived=peut-etre', 'archived'],
      ['?member=pas%20un%20id', 'member'],
    ] as const) {
      const answer = await api.request<{ code: string; details?: { field: string }[] }>('GET', `/api/rooms${query}`, { token: tokens.cata1 });
      expect([query, answer.status, answer.body.code, answer.body.details?.map((d) => d.field)]).toEqual([query, 400, 'VALIDATION', [field]]);
    }
    const unknown = await api.request<{ code: string }>('GET', '/api/rooms?title=x', { token: tokens.cata1 });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'VALIDATION']);
    const anonymous = await api.request<{ code: string }>('GET', '/api/rooms');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('is documented in OpenAPI with its row of the access table and its query', async () => {
    const doc = await api.request<{ paths: Record<string, Record<string, { 'x-catalyse-access'?: unknown; parameters?: { name: string }[] }>> }>(
      'GET',
      '/api/docs-json',
    );
    const list = doc.body.paths['/api/rooms']?.['get'];
    expect(list?.['x-catalyse-access']).toEqual({ resource: 'room', action: 'list' });
    expect(list?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['member', 'kind', 'archived', 'limit', 'offset', 'Accept']));
  });
});
