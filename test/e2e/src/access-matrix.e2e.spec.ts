/**
 * The access table, walked from outside. The all-in-one runs as a process; a
 * small world is made through its api (a partnership of two organisations, a
 * members-only partnership room, a catalyseur, the network's work); then every
 * route of the OpenAPI document is called by every kind of caller, and every
 * kind of feed is joined on the hub by each of them, through the hub's client
 * (`@catalyse/client`: the refusal an application is told). Each answer must be what
 * the route's row of the access table says: refused (403 FORBIDDEN, 401 without
 * a token) or let through (any other 4xx or a 2xx, never a 5xx). A route
 * without a row fails here, and so does a kind of feed without one.
 */
import { ACCESS, type ActionOf, feedResource, type Resource, ruleOf, type Rule, TokenService } from '@catalyse/auth';
import { RoomRefusedError } from '@catalyse/client';
import { ANY_FEED_KINDS, type AnyFeedKind, type Role, roomKey } from '@catalyse/protocol';
import { expectStatus, fldaArdecheProposal, HttpClient, HubClient, type RunningService, startService, tempDataDir } from '@catalyse/testing';

const SECRET = 'a-secret-for-the-access-matrix-0123456789abcdef';
const PARTNERSHIP = 'matrice-flda-ardeche';
const ROOM = 'matrice-copil';
const ACCOMPANIMENT = 'matrice-accompagnement';

/** The callers of the matrix; `role` undefined: no token. */
interface Caller {
  readonly name: 'no token' | 'catalyseur' | 'catalyseur not accompanying' | 'partner of the org' | 'partner of another org' | 'operator';
  readonly role?: Role;
  readonly sub?: string;
  readonly org?: string;
}
const CALLERS: readonly Caller[] = [
  { name: 'no token' },
  { name: 'partner of another org', role: 'partner', sub: 'eve', org: 'autre-asso' },
  { name: 'partner of the org', role: 'partner', sub: 'marie', org: 'flda' },
  { name: 'catalyseur not accompanying', role: 'catalyseur', sub: 'cat-ailleurs' },
  { name: 'catalyseur', role: 'catalyseur', sub: 'cat-matrice' },
  { name: 'operator', role: 'operator', sub: 'op-matrice' },
];

/**
 * What each rule means in this world, for the caller its cell is for: who is
 * let through. The partnership lists `flda`, and `cat-matrice` accompanies it
 * (`cat-ailleurs`, the other catalyseur, does not); the room is members-only, of kind
 * partnership for that partnership, with the operator (who opened it) and the
 * catalyseur as members; the catalyseur's profile and portfolio are `cat-matrice`'s; the
 * organisation `flda` is registered, and its routes are called with its id; the
 * accompaniment `matrice-accompagnement` of `flda` is held by `cat-matrice`. Requests
 * carry an empty body, so the rules that read a body let it through (validation
 * answers).
 */
const LET_THROUGH: Readonly<Record<Rule, (caller: Caller, action: string) => boolean>> = {
  allow: () => true,
  deny: () => false,
  'partner-of-partnership': (c) => c.org === 'flda' || c.role !== 'partner',
  'catalyseur-of-partnership': (c) => c.role !== 'catalyseur' || c.sub === 'cat-matrice',
  // Someone accompanies it: assigning is for them, even oneself.
  'assign-catalyseur': (c) => c.role !== 'catalyseur' || c.sub === 'cat-matrice',
  'own-portfolio': (c) => c.role !== 'catalyseur' || c.sub === 'cat-matrice',
  'own-org-objectives': (c) => c.org === 'flda' || c.role !== 'partner',
  'proposal-lists-own-org': () => true,
  'own-org-filter': () => true,
  // Joining with an empty body: in its own name (validation answers), whoever the catalyseur.
  self: (c, action) => c.role !== 'catalyseur' || c.sub === 'cat-matrice' || action === 'join',
  'own-org': (c) => c.role !== 'partner' || c.org === 'flda',
  // Opening (no id) with an empty body: validation answers, whoever the catalyseur.
  'accompanying-catalyseur': (c, action) => c.role !== 'catalyseur' || c.sub === 'cat-matrice' || action === 'create',
  'own-org-accompaniment': (c) => c.role !== 'partner' || c.org === 'flda',
  // A partnership room: its partners, the catalyseurs who accompany it (members or not), operators.
  'room-enter': (c) => (c.role === 'partner' ? c.org === 'flda' : c.sub !== 'cat-ailleurs'),
  'room-contribute': (c) => c.role !== 'partner' && c.sub !== 'cat-ailleurs',
  'room-manage': (c) => c.role !== 'partner' && c.sub !== 'cat-ailleurs',
  'room-leave-or-manage': (c) => c.role !== 'partner' && c.sub !== 'cat-ailleurs',
  'room-archive': (c) => c.role !== 'partner' && c.sub !== 'cat-ailleurs',
  'room-open': () => true,
};

/** The id each resource's routes are called with: the world's own where it has one. */
const ID_OF: Readonly<Partial<Record<Resource, string>>> = {
  partnership: PARTNERSHIP,
  room: ROOM,
  catalyseur: 'cat-matrice',
  organisation: 'flda',
  accompaniment: ACCOMPANIMENT,
};

/** One instance of each kind of feed. */
const FEED_OF: Readonly<Record<AnyFeedKind, string>> = {
  partnership: roomKey('partnership', PARTNERSHIP),
  room: roomKey('room', ROOM),
  territory: roomKey('territory', 'ardeche'),
  theme: roomKey('theme', 'mobilite'),
  experimentation: roomKey('experimentation', 'charenton'),
  gathering: roomKey('gathering', 'rencontre-2018'),
  organisation: roomKey('organisation', 'flda'),
  portfolio: roomKey('portfolio', 'cat-matrice'),
  network: roomKey('network'),
  ops: roomKey('ops'),
};

type RouteAccess = 'public' | { readonly resource: Resource; readonly action: string } | { readonly feedParam: string; readonly action: 'read' };
interface Operation {
  readonly 'x-catalyse-access'?: RouteAccess;
}
interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
}

/** What the hub's client tells the application of a join: let in (true), refused FORBIDDEN (false), else the error. */
async function joinAnswer(joined: Promise<unknown>): Promise<boolean | string> {
  try {
    await joined;
    return true;
  } catch (error) {
    if (!(error instanceof RoomRefusedError)) return String(error);
    return error.error.code === 'FORBIDDEN' ? false : `${error.error.code} ${error.error.message}`;
  }
}

/** Whether the table lets the caller through, for the row and the id it is asked about. */
function expected(resource: Resource, action: string, caller: Caller): boolean {
  if (!caller.role) return false;
  const rule = ruleOf(resource, action as ActionOf<typeof resource>, caller.role);
  return LET_THROUGH[rule](caller, action);
}

describe('the access table, route by route and feed by feed, for every kind of caller', () => {
  const data = tempDataDir();
  let service: RunningService;
  const tokens = new TokenService(SECRET);
  const tokenOf = (caller: Caller): string | undefined =>
    caller.role && caller.sub ? tokens.sign({ sub: caller.sub, role: caller.role, ...(caller.org ? { org: caller.org } : {}) }) : undefined;
  const clients: HubClient[] = [];

  beforeAll(async () => {
    service = await startService('all-in-one', { dataDir: data.dir, env: { JWT_SECRET: SECRET } });
    const operator = new HttpClient(service.url, tokenOf(CALLERS[5] as Caller));
    const catalyseur = new HttpClient(service.url, tokenOf(CALLERS[4] as Caller));
    // cat-matrice joins first: a partnership or an accompaniment is given to a catalyseur of the network only.
    expectStatus(
      await catalyseur.post('/api/catalyseurs', { name: 'Camille Matrice', sphere: 'association', territory: 'ardeche', skills: ['mise_en_relation'] }),
      201,
    );
    expectStatus(await operator.post('/api/partnerships', fldaArdecheProposal(PARTNERSHIP)), 201);
    expectStatus(await operator.post(`/api/partnerships/${PARTNERSHIP}/assign-catalyseur`, { catalyseurId: 'cat-matrice' }), 200);
    expectStatus(await operator.post('/api/rooms', { id: ROOM, kind: 'partnership', subject: PARTNERSHIP, title: 'COPIL', access: 'members' }), 201);
    expectStatus(await operator.post(`/api/rooms/${ROOM}/add-member`, { memberId: 'cat-matrice' }), 200);
    expectStatus(
      await operator.post('/api/organisations', {
        id: 'flda',
        name: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche',
        kind: 'fondation',
        size: 'pme',
        territory: 'ardeche',
      }),
      201,
    );
    expectStatus(
      await operator.post('/api/accompaniments', { id: ACCOMPANIMENT, organisationId: 'flda', catalyseurId: 'cat-matrice', purpose: 'préparer FLDA' }),
      201,
    );
    // The things the feeds of `FEED_OF` are about: the feed of nothing is a 404 (NOT_FOUND), whoever asks.
    expectStatus(
      await operator.post('/api/gatherings', { id: 'rencontre-2018', kind: 'atelier', theme: 'Achats responsables', date: '2099-05-15', place: 'Privas' }),
      201,
    );
    expectStatus(
      await operator.post('/api/experimentations', {
        id: 'charenton',
        title: 'Agir ensemble',
        territory: { id: 'charenton-saint-maurice', name: 'Charenton-Saint-Maurice', scale: 'local' },
        conveners: [{ orgId: 'cc-charenton', name: 'Communauté de communes', sphere: 'collectivite' }],
        catalyseurs: ['cat-matrice'],
      }),
      201,
    );
    expectStatus(await operator.post('/api/rooms', { id: 'matrice-mobilite', kind: 'theme', subject: 'mobilite', title: 'Mobilité', access: 'open' }), 201);
    // The hub decides from the read models: wait until the room's card lists the catalyseur, and the board the one who accompanies it.
    for (let i = 0; i < 200; i++) {
      const card = await operator.get<{ members?: string[] }>(`/api/rooms/${ROOM}`);
      const board = await operator.get<{ catalyseurs?: string[] }>(`/api/partnerships/${PARTNERSHIP}`);
      if (card.status === 200 && card.body.members?.includes('cat-matrice') && board.body.catalyseurs?.includes('cat-matrice')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await service?.stop();
    data.remove();
  });

  // First: the routes' walk below changes the world as allowed callers may (it archives the room).
  it('every kind of feed has a row, and the hub lets each caller join (and post) exactly as it says', async () => {
    const table: Readonly<Record<string, unknown>> = ACCESS;
    expect(ANY_FEED_KINDS.filter((kind) => table[feedResource(kind)] === undefined)).toEqual([]);
    const mismatches: string[] = [];
    for (const caller of CALLERS.filter((c) => c.role)) {
      const client = await HubClient.connect(service.url, tokenOf(caller) as string);
      clients.push(client);
      for (const kind of ANY_FEED_KINDS) {
        const room = FEED_OF[kind];
        // From the latest entries: only the answer matters here, not the feed's history.
        const got = await joinAnswer(client.join(room, { history: 'latest' }));
        const wanted = expected(feedResource(kind), 'read', caller);
        if (got !== wanted) mismatches.push(`${caller.name} joins ${room}: ${String(got)} (table: ${wanted})`);
      }
      const room = client.room(FEED_OF.room);
      const post = room.post('Bonjour');
      await client.waitUntil(() => room.pending().length === 0, `${caller.name}: the post answered`);
      const refused = room.failed().find((failed) => failed.clientMsgId === post.clientMsgId)?.error;
      const wantedPost = expected('feed:room', 'post', caller);
      const gotPost = !refused ? true : refused.code === 'FORBIDDEN' ? false : `${refused.code} ${refused.message}`;
      if (gotPost !== wantedPost) mismatches.push(`${caller.name} posts in ${FEED_OF.room}: ${String(gotPost)} (table: ${wantedPost})`);
    }
    expect(mismatches).toEqual([]);
  });

  it('every route of the OpenAPI document says which row of the table it answers to, and answers accordingly', async () => {
    const document = expectStatus(await new HttpClient(service.url).get<OpenApiDocument>('/api/docs-json'), 200);
    // A catalyseur who left the network has no access any more (ADR 0025): its own `leave-network`, let through with
    // an empty body, is walked last, so that it cannot turn the answers after it into refusals.
    const operations = Object.entries(document.paths)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })))
      .sort((a, b) => Number(a.path.endsWith('/leave-network')) - Number(b.path.endsWith('/leave-network')));
    expect(operations.length).toBeGreaterThan(60);
    const withoutRule = operations.filter((o) => o.operation['x-catalyse-access'] === undefined).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(withoutRule).toEqual([]);

    const mismatches: string[] = [];
    let checked = 0;
    // Callers in an order where what the allowed ones change (an archive, a profile left) cannot turn a later answer into a refusal.
    for (const caller of CALLERS) {
      const http = new HttpClient(service.url, tokenOf(caller));
      for (const { path, method, operation } of operations) {
        const access = operation['x-catalyse-access'] as RouteAccess;
        const cases: { url: string; resource?: Resource; action?: string }[] =
          access === 'public'
            ? [{ url: path }]
            : 'feedParam' in access
              ? ANY_FEED_KINDS.map((kind) => ({
                  url: path.replace(`{${access.feedParam}}`, FEED_OF[kind]),
                  resource: feedResource(kind),
                  action: access.action,
                }))
              : [{ url: path.replace('{id}', ID_OF[access.resource] ?? 'matrice-x'), resource: access.resource, action: access.action }];
        for (const { url, resource, action } of cases) {
          const answer = await http.request<{ code?: string }>(method.toUpperCase(), url, method === 'post' ? {} : undefined);
          const letThrough = resource === undefined || action === undefined ? true : expected(resource, action, caller);
          const refused = answer.status === 401 || answer.status === 403;
          const wanted = access === 'public' ? 'let through' : !caller.role ? '401' : letThrough ? 'let through' : '403';
          const got = answer.status >= 500 ? `${answer.status}` : answer.status === 401 ? '401' : answer.status === 403 ? '403' : 'let through';
          checked++;
          if (got !== wanted || (refused && answer.body.code !== (answer.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN'))) {
            mismatches.push(`${caller.name}: ${method.toUpperCase()} ${url} → ${answer.status} ${answer.body.code ?? ''} (table: ${wanted})`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  });
});
