import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import type { CatalyseurPortfolio } from '@catalyse/projections';
import type { FeedEntry } from '@catalyse/protocol';
import { type ApiHarness, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface Board {
  id: string;
  catalyseurs: string[];
  revision: number;
}

/**
 * Who accompanies a partnership (docs/adr/0025-who-accompanies-a-partnership.md): catalyseurs assigned and
 * released over HTTP; as catalyseurs, only they act on it and enter its room; anyone may take up one nobody
 * accompanies; refusals change nothing; a catalyseur's portfolio, live.
 */
describe('HTTP api: the catalyseurs who accompany a partnership (real SQLite, real projector, real HTTP)', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let asso: string;
  let camille: string;
  let bastien: string;
  let chloe: string;
  let operator: string;
  const P = 'insertion-numerique';
  const ROOM = 'insertion-numerique-salle';
  const path = (action: string): string => `/api/partnerships/${P}/${action}`;
  const board = (): Promise<Board> => get<Board>(operator, `/api/partnerships/${P}`);
  /** How many events the partnership's stream holds. */
  const eventCount = async (): Promise<number> =>
    (await api.request<{ items: unknown[] }>('GET', `/api/partnerships/${P}/events?limit=500`, { token: operator })).body.items.length;

  /** What a catalyseur may do in the partnership and its room: act, read its feed, enter the room, post in it (true: let through). */
  async function mayDo(token: string, n: number): Promise<boolean[]> {
    const planned = await api.request('POST', path('plan-milestone'), { token, body: { milestoneId: `m-${n}`, title: `Jalon ${n}`, dueDate: '2026-06-30' } });
    const feed = await api.request('GET', `/api/feeds/partnership:${P}`, { token });
    const room = await api.request('GET', `/api/rooms/${ROOM}`, { token });
    const posted = await api.request('POST', `/api/rooms/${ROOM}/post-message`, { token, body: { clientMsgId: `msg-${n}`, text: 'Bonjour' } });
    for (const answer of [planned, feed, room, posted]) expect([200, 403]).toContain(answer.status);
    return [planned, feed, room, posted].map((answer) => answer.status === 200);
  }

  beforeAll(async () => {
    api = await startApi({ now: '2026-03-02T09:00:00.000Z' });
    asso = api.token({ sub: 'alice', role: 'partner', org: 'asso-1' });
    camille = api.token({ sub: 'cat-camille', role: 'catalyseur' });
    bastien = api.token({ sub: 'cat-bastien', role: 'catalyseur' });
    chloe = api.token({ sub: 'cat-chloe', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await joinCatalyseurs(api, ['cat-camille', 'cat-bastien', 'cat-chloe', 'cat-zoe']);
    // A partner proposes: nobody accompanies the partnership yet. An operator opens its room.
    await send(
      asso,
      '/api/partnerships',
      {
        id: P,
        title: 'Insertion par le numérique',
        territory: { id: 'grand-lyon', name: 'Métropole de Lyon', scale: 'local' },
        partners: [
          { orgId: 'asso-1', name: 'Association Entraide', sphere: 'association' },
          { orgId: 'ent-1', name: 'Numérique SA', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
        proposedAt: '2026-02-02',
      },
      201,
    );
    await send(operator, '/api/rooms', { id: ROOM, kind: 'partnership', subject: P, title: 'Salle du partenariat', access: 'open' }, 201);
  });
  afterAll(async () => {
    await api.close();
  });

  it('a catalyseur who does not accompany it is refused (403) its commands, its feed and its room; partners act as before', async () => {
    expect((await board()).catalyseurs).toEqual([]);
    expect(await mayDo(camille, 1)).toEqual([false, false, false, false]);
    const body = await refused(camille, 'POST', path('plan-milestone'), { title: 'Jalon', dueDate: '2026-06-30' }, 403, 'FORBIDDEN');
    expect(body.message).toBe(`catalyseur cat-camille does not accompany partnership ${P}`);
    expect((await refused(camille, 'GET', `/api/rooms/${ROOM}`, undefined, 403, 'FORBIDDEN')).message).toBe(
      'this room is for the catalyseurs who accompany its partnership',
    );
    // Its board and the list stay readable to every catalyseur (the network's evaluation).
    expect((await get<Board>(camille, `/api/partnerships/${P}`)).id).toBe(P);
    await send(asso, path('agree-objectives'), { orgId: 'asso-1', objectives: ['innovation'] });
  });

  it('nobody accompanying it, a catalyseur takes it up itself (not someone else); then it acts, reads its feed, enters and posts in its room', async () => {
    const other = await refused(bastien, 'POST', path('assign-catalyseur'), { catalyseurId: 'cat-camille' }, 403, 'FORBIDDEN');
    expect(other.message).toBe(`nobody accompanies partnership ${P} yet: a catalyseur assigns itself (cat-bastien), not cat-camille`);
    const assigned = await send(camille, path('assign-catalyseur'), { catalyseurId: 'cat-camille' });
    // The write side decides at once: no waiting for the projector.
    expect(await mayDo(camille, 2)).toEqual([true, true, true, true]);
    await api.projected(assigned.position);
    expect((await board()).catalyseurs).toEqual(['cat-camille']);
    expect(await mayDo(camille, 3)).toEqual([true, true, true, true]);
  });

  it('once someone accompanies it, the catalyseurs who do and operators assign: another catalyseur cannot assign itself', async () => {
    const self = await refused(bastien, 'POST', path('assign-catalyseur'), { catalyseurId: 'cat-bastien' }, 403, 'FORBIDDEN');
    expect(self.message).toBe(`catalyseur cat-bastien does not accompany partnership ${P}`);
    await refused(asso, 'POST', path('assign-catalyseur'), { catalyseurId: 'cat-bastien' }, 403, 'FORBIDDEN');
    await send(camille, path('assign-catalyseur'), { catalyseurId: 'cat-bastien', assignedOn: '2026-02-15' });
    await send(operator, path('assign-catalyseur'), { catalyseurId: 'cat-chloe' });
    expect((await board()).catalyseurs).toEqual(['cat-camille', 'cat-bastien', 'cat-chloe']);
    expect((await get<{ items: Board[] }>(camille, '/api/partnerships?catalyseur=cat-bastien')).items.map((b) => b.id)).toEqual([P]);
  });

  it('refusals change nothing: assigned twice (409), releasing someone not assigned (422), an assignment before the proposal (422), a malformed body (400)', async () => {
    const before = await eventCount();
    expect((await refused(camille, 'POST', path('assign-catalyseur'), { catalyseurId: 'cat-bastien' }, 409, 'CONFLICT')).message).toBe(
      'catalyseur "cat-bastien" already accompanies this partnership',
    );
    expect((await refused(camille, 'POST', path('release-catalyseur'), { catalyseurId: 'cat-zoe' }, 422, 'RULE_VIOLATED')).message).toBe(
      'catalyseur "cat-zoe" does not accompany this partnership',
    );
    await refused(camille, 'POST', path('assign-catalyseur'), { catalyseurId: 'cat-zoe', assignedOn: '2026-01-01' }, 422, 'RULE_VIOLATED');
    const malformed = await refused(camille, 'POST', path('assign-catalyseur'), { catalyseurId: 'cat zoe' }, 400, 'VALIDATION');
    expect(malformed.details?.map((d) => d.field)).toEqual(['catalyseurId']);
    await refused(camille, 'POST', '/api/partnerships/nope/assign-catalyseur', { catalyseurId: 'cat-camille' }, 404, 'NOT_FOUND');
    expect(await eventCount()).toBe(before);
  });

  it('the catalyseur assigned is one who joined the network and has not left: else 404 or 422, nothing appended', async () => {
    const events = api.app.get<EventStore>(EVENT_STORE);
    await joinCatalyseurs(api, ['cat-gone']);
    await send(operator, '/api/catalyseurs/cat-gone/leave-network', { reason: 'a quitté la région' });
    const head = await events.headPosition();
    const before = await eventCount();
    expect((await refused(operator, 'POST', path('assign-catalyseur'), { catalyseurId: 'ghost-cat' }, 404, 'NOT_FOUND')).message).toBe(
      'catalyseur ghost-cat not found',
    );
    expect((await refused(camille, 'POST', path('assign-catalyseur'), { catalyseurId: 'cat-gone' }, 422, 'RULE_VIOLATED')).message).toBe(
      'catalyseur cat-gone left the network: it cannot be assigned to a partnership',
    );
    // The access table first (a partner), the body next, the partnership before the catalyseur it names.
    await refused(asso, 'POST', path('assign-catalyseur'), { catalyseurId: 'ghost-cat' }, 403, 'FORBIDDEN');
    await refused(operator, 'POST', path('assign-catalyseur'), { catalyseurId: 'ghost cat' }, 400, 'VALIDATION');
    expect((await refused(operator, 'POST', '/api/partnerships/nope/assign-catalyseur', { catalyseurId: 'ghost-cat' }, 404, 'NOT_FOUND')).message).toBe(
      'partnership nope not found',
    );
    expect(await events.headPosition()).toBe(head);
    expect(await eventCount()).toBe(before);
  });

  it('released, a catalyseur is refused again (403); its portfolio keeps the partnership among those it accompanied', async () => {
    const released = await send(bastien, path('release-catalyseur'), { catalyseurId: 'cat-camille', reason: 'relais pris par Bastien' });
    expect(await mayDo(camille, 4)).toEqual([false, false, false, false]);
    await api.projected(released.position);
    expect(await mayDo(camille, 5)).toEqual([false, false, false, false]);
    expect(await mayDo(bastien, 6)).toEqual([true, true, true, true]);

    const portfolio = await get<CatalyseurPortfolio>(camille, '/api/catalyseurs/cat-camille/portfolio');
    expect(portfolio).toEqual({
      catalyseurId: 'cat-camille',
      partnerships: [],
      pastPartnerships: [
        {
          partnershipId: P,
          title: 'Insertion par le numérique',
          territory: { id: 'grand-lyon', name: 'Métropole de Lyon' },
          partners: [
            { orgId: 'asso-1', name: 'Association Entraide' },
            { orgId: 'ent-1', name: 'Numérique SA' },
          ],
          phase: 'cadrage',
          from: '2026-03-02',
          until: '2026-03-02',
          reason: 'relais pris par Bastien',
        },
      ],
      organisations: [],
      pastOrganisations: [],
    });
    const bastiens = await get<CatalyseurPortfolio>(operator, '/api/catalyseurs/cat-bastien/portfolio');
    expect(bastiens.partnerships.map((p) => [p.partnershipId, p.since])).toEqual([[P, '2026-02-15']]);
    expect((await refused(bastien, 'GET', '/api/catalyseurs/cat-camille/portfolio', undefined, 403, 'FORBIDDEN')).message).toBe(
      'a catalyseur reads its own portfolio only',
    );
    await refused(asso, 'GET', '/api/catalyseurs/cat-camille/portfolio', undefined, 403, 'FORBIDDEN');

    // Live: the portfolio's feed, for the catalyseur itself and operators.
    const feed = await get<{ entries: FeedEntry[] }>(camille, '/api/feeds/portfolio:cat-camille');
    expect(feed.entries.map((e) => e.kind)).toEqual(['CatalyseurAssigned', 'CatalyseurReleased']);
    await refused(bastien, 'GET', '/api/feeds/portfolio:cat-camille', undefined, 403, 'FORBIDDEN');
    await get(operator, '/api/feeds/portfolio:cat-camille');
  });

  it('a catalyseur who proposes a partnership accompanies it from the proposal, and acts on it at once', async () => {
    const proposed = await send(
      chloe,
      '/api/partnerships',
      {
        id: 'ateliers-seniors',
        title: 'Ateliers numériques pour les seniors',
        territory: { id: 'grand-lyon', name: 'Métropole de Lyon', scale: 'local' },
        partners: [
          { orgId: 'asso-2', name: 'Seniors connectés', sphere: 'association' },
          { orgId: 'ent-2', name: 'Télécom SA', sphere: 'entreprise' },
        ],
        modes: ['mecenat'],
      },
      201,
    );
    expect(proposed.revision).toBe(1);
    await send(chloe, '/api/partnerships/ateliers-seniors/plan-milestone', { title: 'Premier atelier', dueDate: '2026-05-01' });
    await refused(camille, 'POST', '/api/partnerships/ateliers-seniors/plan-milestone', { title: 'Jalon', dueDate: '2026-05-01' }, 403, 'FORBIDDEN');
    await api.projected(proposed.position);
    expect((await get<Board>(chloe, '/api/partnerships/ateliers-seniors')).catalyseurs).toEqual(['cat-chloe']);
    const events = await api.request('GET', '/api/partnerships/ateliers-seniors/events', { token: chloe });
    expect((events.body['items'] as { type: string; data: unknown }[]).slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'PartnershipProposed' }),
      expect.objectContaining({ type: 'CatalyseurAssigned', data: { catalyseurId: 'cat-chloe', assignedOn: '2026-03-02' } }),
    ]);
  });
});
