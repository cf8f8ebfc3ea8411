import { type ApiHarness, startApi } from '../test-support/api-harness';

interface Accepted {
  id: string;
  revision: number;
  position: number;
  messageId?: string;
}
interface FeedPage {
  room: string;
  epoch: number;
  head: number;
  entries: { room: string; epoch: number; seq: number; position: string; kind: string; data: Record<string, unknown> }[];
}
interface Card {
  id: string;
  revision: number;
  [key: string]: unknown;
}

describe('HTTP api: rooms, feeds, the catalyseur directory, health and docs (real SQLite, real projector, real HTTP)', () => {
  let api: ApiHarness;
  let cata1: string;
  let selfJoined: { id: string };
  let cata2: string;
  /** A catalyseur in rooms: cata-2 left the network, and with it every access (a room's member or not). */
  let cata4: string;
  let operator: string;
  let asso: string;
  let outsider: string;
  let partnershipId: string;
  let roomId: string;

  const ok = async (path: string, token: string, body: unknown, status = 200, headers: Record<string, string> = {}): Promise<Accepted> => {
    const answer = await api.request<Accepted>('POST', path, { token, body, headers });
    if (answer.status !== status) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const status = async (method: string, path: string, token: string | undefined, body?: unknown): Promise<number> =>
    (await api.request(method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) })).status;

  beforeAll(async () => {
    api = await startApi();
    cata1 = api.token({ sub: 'cata-1', role: 'catalyseur' });
    cata2 = api.token({ sub: 'cata-2', role: 'catalyseur' });
    cata4 = api.token({ sub: 'cata-4', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    asso = api.token({ sub: 'alice', role: 'partner', org: 'asso-1' });
    outsider = api.token({ sub: 'eve', role: 'partner', org: 'other-9' });
    // cata-1 joins as itself first: a catalyseur proposes (and accompanies) a partnership once a member.
    selfJoined = await ok(
      '/api/catalyseurs',
      cata1,
      { name: 'Camille', sphere: 'collectivite', territory: 'grand-lyon', skills: ['mise_en_relation', 'dialogue_territorial'] },
      201,
    );
    const created = await ok(
      '/api/partnerships',
      cata1,
      {
        title: 'Insertion',
        territory: { id: 'grand-lyon', name: 'Grand Lyon', scale: 'local' },
        partners: [
          { orgId: 'asso-1', name: 'Asso', sphere: 'association' },
          { orgId: 'ent-1', name: 'Ent', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
      },
      201,
    );
    partnershipId = created.id;
  });
  afterAll(async () => {
    await api.close();
  });

  it('catalyseurs join as themselves; an operator registers anyone; the directory filters by territory, skill, sphere', async () => {
    expect(selfJoined.id).toBe('cata-1'); // joined as itself (before proposing, in beforeAll)
    expect(
      await status('POST', '/api/catalyseurs', cata1, { id: 'cata-9', name: 'X', sphere: 'association', territory: 't', skills: ['mise_en_relation'] }),
    ).toBe(403);
    expect(await status('POST', '/api/catalyseurs', asso, { name: 'X', sphere: 'association', territory: 't', skills: ['mise_en_relation'] })).toBe(403);
    const other = await ok(
      '/api/catalyseurs',
      operator,
      { id: 'cata-2', name: 'Dominique', sphere: 'entreprise', territory: 'villeurbanne', skills: ['experimentations_collectives'] },
      201,
    );
    await api.projected(other.position);

    const list = async (query: string): Promise<string[]> => {
      const answer = await api.request<{ items: Card[] }>('GET', `/api/catalyseurs${query}`, { token: asso });
      expect(answer.status).toBe(200);
      return answer.body.items.map((c) => c.id).sort();
    };
    expect(await list('')).toEqual(['cata-1', 'cata-2']);
    expect(await list('?territory=grand-lyon&skill=mise_en_relation')).toEqual(['cata-1']);
    expect(await list('?sphere=entreprise')).toEqual(['cata-2']);
    expect(await list('?skill=accompagnement_partenariat')).toEqual([]);

    const updated = await ok('/api/catalyseurs/cata-1/update-profile', cata1, { skills: ['accompagnement_partenariat'] });
    expect(await status('POST', '/api/catalyseurs/cata-1/update-profile', cata2, { name: 'Hacked' })).toBe(403);
    expect(await status('POST', '/api/catalyseurs/cata-1/update-profile', cata1, {})).toBe(400);
    const card = await api.request<Card>('GET', `/api/catalyseurs/cata-1?minRevision=${updated.revision}`, { token: cata2 });
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ id: 'cata-1', skills: ['accompagnement_partenariat'], revision: updated.revision });
    expect(card.headers.get('etag')).toBe(`"${updated.revision}"`);

    const left = await ok('/api/catalyseurs/cata-2/leave-network', operator, { reason: 'changement de poste' });
    await api.projected(left.position);
    expect(await list('')).toEqual(['cata-1']);
    expect(await list('?status=left')).toEqual(['cata-2']);
    const again = await api.request<{ code: string }>('POST', '/api/catalyseurs/cata-2/update-profile', { token: operator, body: { name: 'Back' } });
    expect(again.status).toBe(422);
  });

  it('rooms: a catalyseur opens a members-only room, members post (a retry posts once), the feed reads by seq', async () => {
    const opened = await ok('/api/rooms', cata1, { kind: 'theme', subject: 'numerique', title: 'Numérique responsable', access: 'members' }, 201);
    roomId = opened.id;
    await ok(`/api/rooms/${roomId}/add-member`, cata1, { memberId: 'cata-4' });
    const first = await ok(`/api/rooms/${roomId}/post-message`, cata4, { clientMsgId: 'c-1', text: 'Bonjour à tous' });
    expect(first.messageId).toMatch(/^[0-9a-f-]{36}$/);
    const retry = await ok(`/api/rooms/${roomId}/post-message`, cata4, { clientMsgId: 'c-1', text: 'Bonjour à tous' });
    expect(retry.messageId).toBe(first.messageId);
    expect(retry.revision).toBe(first.revision);
    const second = await ok(`/api/rooms/${roomId}/post-message`, cata1, { clientMsgId: 'c-1', text: 'Bienvenue' });
    expect(second.messageId).not.toBe(first.messageId);
    const decided = await ok(`/api/rooms/${roomId}/record-decision`, cata1, { text: 'Réunion mensuelle le premier mardi' });
    await api.projected(decided.position);

    const feed = await api.request<FeedPage>('GET', `/api/rooms/${roomId}/feed`, { token: cata4 });
    expect(feed.status).toBe(200);
    expect(feed.body.room).toBe(`room:${roomId}`);
    const kinds = feed.body.entries.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'MessagePosted')).toHaveLength(2);
    expect(feed.body.entries.map((e) => e.seq)).toEqual(feed.body.entries.map((_, i) => i + 1));
    expect(feed.body.head).toBe(feed.body.entries.length);
    const after = await api.request<FeedPage>('GET', `/api/rooms/${roomId}/feed?since=2&limit=1`, { token: cata1 });
    expect(after.body.entries.map((e) => e.seq)).toEqual([3]);
    expect(after.body.head).toBe(feed.body.head);

    // members-only: others may not read or post; operators read (moderation)
    const cata3 = api.token({ sub: 'cata-3', role: 'catalyseur' });
    expect(await status('GET', `/api/rooms/${roomId}`, cata3)).toBe(403);
    expect(await status('GET', `/api/rooms/${roomId}/feed`, cata3)).toBe(403);
    expect(await status('POST', `/api/rooms/${roomId}/post-message`, cata3, { clientMsgId: 'x', text: 'hi' })).toBe(403);
    expect(await status('GET', `/api/rooms/${roomId}`, operator)).toBe(200);

    // retraction: not by another member (the domain's rule), by an operator (moderator)
    const firstId = first.messageId;
    const byOther = await api.request<{ code: string; message: string }>('POST', `/api/rooms/${roomId}/retract-message`, {
      token: cata1,
      body: { messageId: firstId },
    });
    expect(byOther.status).toBe(422);
    expect(byOther.body.message).toBe('only its author or a moderator can retract a message');
    await ok(`/api/rooms/${roomId}/retract-message`, operator, { messageId: firstId });

    const card = await api.request<Card>('GET', `/api/rooms/${roomId}`, { token: cata4 });
    expect(card.body).toMatchObject({ id: roomId, kind: 'theme', access: 'members', members: ['cata-1', 'cata-4'] });
  });

  it('partners open rooms only for their own partnership; ops rooms are for operators', async () => {
    const room = await ok('/api/rooms', asso, { kind: 'partnership', subject: partnershipId, title: 'Notre partenariat', access: 'open' }, 201);
    expect(await status('POST', '/api/rooms', outsider, { kind: 'partnership', subject: partnershipId, title: 'Intrus', access: 'open' })).toBe(403);
    expect(await status('POST', '/api/rooms', asso, { kind: 'theme', subject: 'x', title: 'Thème', access: 'open' })).toBe(403);
    expect(await status('POST', '/api/rooms', cata1, { kind: 'ops', title: 'Ops', access: 'members' })).toBe(403);
    expect(await status('POST', '/api/rooms', cata1, { kind: 'partnership', subject: 'nope', title: 'X', access: 'open' })).toBe(422);
    // A room about an experimentation or a gathering that does not exist, likewise.
    expect(await status('POST', '/api/rooms', cata1, { kind: 'experimentation', subject: 'nope', title: 'X', access: 'open' })).toBe(422);
    expect(await status('POST', '/api/rooms', cata1, { kind: 'gathering', subject: 'nope', title: 'X', access: 'open' })).toBe(422);
    await ok(`/api/rooms/${room.id}/post-message`, asso, { clientMsgId: 'p-1', text: 'Ordre du jour du COPIL' });
    expect(await status('POST', `/api/rooms/${room.id}/post-message`, outsider, { clientMsgId: 'p-2', text: 'hi' })).toBe(403);
    expect(await status('POST', `/api/rooms/${room.id}/archive`, outsider, undefined)).toBe(403);
    await ok(`/api/rooms/${room.id}/archive`, asso, undefined);
    const closed = await api.request<{ code: string }>('POST', `/api/rooms/${room.id}/post-message`, {
      token: asso,
      body: { clientMsgId: 'p-3', text: 'encore' },
    });
    expect(closed.status).toBe(422);
  });

  it('feeds by room key, with the hub access rules', async () => {
    const last = await ok(`/api/partnerships/${partnershipId}/agree-objectives`, asso, { orgId: 'asso-1', objectives: ['innovation'] });
    await api.projected(last.position);
    const partnership = await api.request<FeedPage>('GET', `/api/feeds/partnership:${partnershipId}`, { token: asso });
    expect(partnership.status).toBe(200);
    // cata-1 proposed it: it accompanies it from the proposal.
    expect(partnership.body.entries.map((e) => e.kind)).toEqual(['PartnershipProposed', 'CatalyseurAssigned', 'ObjectivesAgreed']);
    expect(typeof partnership.body.entries[0]?.position).toBe('string');
    expect(await status('GET', `/api/feeds/partnership:${partnershipId}`, outsider)).toBe(403);
    expect(await status('GET', `/api/feeds/partnership:${partnershipId}?since=1`, cata1)).toBe(200);
    // A catalyseur who does not accompany it does not read its feed (docs/adr/0025-who-accompanies-a-partnership.md).
    expect(await status('GET', `/api/feeds/partnership:${partnershipId}?since=1`, cata4)).toBe(403);
    const territory = await api.request<FeedPage>('GET', '/api/feeds/territory:grand-lyon', { token: cata1 });
    expect(territory.body.entries.length).toBeGreaterThan(0);
    const network = await api.request<FeedPage>('GET', '/api/feeds/network', { token: cata1 });
    expect(network.body.entries.map((e) => e.kind)).toEqual(['CatalyseurJoined', 'CatalyseurJoined', 'CatalyseurLeft']);
    expect(await status('GET', '/api/feeds/network', asso)).toBe(403);
    expect(await status('GET', '/api/feeds/ops', cata1)).toBe(403);
    expect(await status('GET', '/api/feeds/ops', operator)).toBe(200);
    expect(await status('GET', '/api/feeds/room:nope', cata1)).toBe(404);
    expect(await status('GET', '/api/feeds/bad%20key', cata1)).toBe(400);
    expect(await status('GET', '/api/feeds/network?since=-1', cata1)).toBe(400);
    expect(await status('GET', '/api/feeds/network', undefined)).toBe(401);
  });

  it('GET /api/health is public and reports the stores and the projector', async () => {
    const health = await api.request<{ status: string; info: Record<string, { status: string; lag?: string }> }>('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(Object.keys(health.body.info).sort()).toEqual(['checkpoint:main', 'eventStore', 'projectionStore', 'projector']);
    expect(health.body.info['projector']?.status).toBe('up');
  });

  it('GET /api/health answers 503 when the projector has stopped', async () => {
    const other = await startApi();
    try {
      await other.projector.stop();
      const health = await other.request<{ status: string; code: string; error: Record<string, { message?: string }> }>('GET', '/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'error', code: 'UNAVAILABLE' });
      expect(health.body.error['projector']?.message).toBe('the projector is not running');
    } finally {
      await other.close();
    }
  });

  it('OpenAPI: public UI at /api/docs and JSON at /api/docs-json with bearer auth', async () => {
    const page = await api.request<string>('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('swagger');
    const doc = await api.request<{
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    }>('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/partnerships',
        '/api/partnerships/{id}',
        '/api/partnerships/{id}/reach-milestone',
        '/api/partnerships/{id}/events',
        '/api/rooms/{id}/post-message',
        '/api/rooms/{id}/feed',
        '/api/feeds/{roomKey}',
        '/api/catalyseurs',
        '/api/catalyseurs/{id}/leave-network',
        '/api/health',
      ]),
    );
    expect(doc.body.components.securitySchemes).toHaveProperty('bearer');
    expect(doc.body.components.schemas).toHaveProperty('ProposePartnershipDto');
  });
});
