/**
 * A room's kind comes before its members, over HTTP: an `ops` room is for operators and a partner sees only the rooms
 * of its partnerships, whoever an operator or a catalyseur listed. Someone the kind can never admit, when Catalyse
 * knows their role (a catalyseur who joined the network, for an `ops` room), is not even listed: 422, nothing recorded.
 */
import { type ApiHarness, type ErrorBody, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';

interface FeedPage {
  readonly head: number;
  readonly entries: readonly { readonly kind: string; readonly data: Record<string, unknown> }[];
}

describe('HTTP api: a room’s kind before its members (real SQLite, real projector, real HTTP)', () => {
  let api: ApiHarness;
  const { send, get, refused } = httpSteps(() => api);
  let operator: string;
  let paul: string;
  let camille: string;

  beforeAll(async () => {
    api = await startApi();
    operator = api.token({ sub: 'op-1', role: 'operator' });
    paul = api.token({ sub: 'paul', role: 'partner', org: 'asso-1' });
    camille = api.token({ sub: 'cata-1', role: 'catalyseur' });
    await joinCatalyseurs(api, ['cata-1']);
  });
  afterAll(async () => {
    await api.close();
  });

  /** Every way into a room, refused with `message`: its card, its feed (both routes), posting, deciding, retracting, adding, archiving. */
  async function keptOut(token: string, roomId: string, message: string): Promise<void> {
    const gets = [`/api/rooms/${roomId}`, `/api/rooms/${roomId}/feed`, `/api/feeds/room:${roomId}`];
    for (const path of gets) expect((await refused(token, 'GET', path, undefined, 403, 'FORBIDDEN')).message).toBe(message);
    const commands: [string, unknown][] = [
      ['post-message', { clientMsgId: 'dedans', text: 'Bonjour' }],
      ['record-decision', { text: 'Décidé' }],
      ['retract-message', { messageId: 'm-1' }],
      ['add-member', { memberId: 'quelquun' }],
      ['archive', undefined],
    ];
    for (const [command, body] of commands) {
      expect((await refused(token, 'POST', `/api/rooms/${roomId}/${command}`, body, 403, 'FORBIDDEN')).message).toBe(message);
    }
    const listed = await get<{ items: { id: string }[] }>(token, '/api/rooms');
    expect(listed.items.map((room) => room.id)).not.toContain(roomId);
  }

  it('keeps a partner an operator added to an ops room out of it: read, feed, post, add, archive; leaving stays open', async () => {
    const room = await send(operator, '/api/rooms', { id: 'astreinte', kind: 'ops', title: 'Astreinte', access: 'open' }, 201);
    expect((await refused(paul, 'GET', '/api/rooms/astreinte', undefined, 403, 'FORBIDDEN')).message).toBe('ops rooms are for operators');
    // Catalyse does not know paul's role (a partner is known by its token only): listed, and judged by its token.
    await send(operator, '/api/rooms/astreinte/add-member', { memberId: 'paul' });
    const posted = await send(operator, '/api/rooms/astreinte/post-message', { clientMsgId: 'op-1', text: 'Relève à 18 h' });
    await api.projected(posted.position);
    await keptOut(paul, room.id, 'ops rooms are for operators');
    // Nothing it tried was recorded: the operators' room holds what they did.
    const feed = await get<FeedPage>(operator, '/api/rooms/astreinte/feed');
    expect(feed.entries.map((entry) => entry.kind)).toEqual(['RoomOpened', 'MemberAdded', 'MessagePosted']);
    // It takes itself off the list.
    await send(paul, '/api/rooms/astreinte/remove-member', { memberId: 'paul' });
  });

  it('refuses to list a catalyseur in an ops room (422, nothing recorded); one whose role it does not know is listed and kept out', async () => {
    await send(operator, '/api/rooms', { id: 'veille', kind: 'ops', title: 'Veille', access: 'members' }, 201);
    const answer = await api.request<ErrorBody>('POST', '/api/rooms/veille/add-member', { token: operator, body: { memberId: 'cata-1' } });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 422,
      body: expect.objectContaining({ code: 'RULE_VIOLATED', message: 'an ops room is for operators: cata-1 is a catalyseur, who would never enter it' }),
    });
    // The next command is the room's second revision: nothing was written in between.
    const next = await send(operator, '/api/rooms/veille/add-member', { memberId: 'op-2' });
    expect(next.revision).toBe(1);
    await api.projected(next.position);
    const feed = await get<FeedPage>(operator, '/api/rooms/veille/feed');
    expect(feed.entries.map((entry) => [entry.kind, entry.data['memberId']])).toEqual([
      ['RoomOpened', undefined],
      ['MemberAdded', 'op-2'],
    ]);
    // A catalyseur Catalyse has no profile of: listed (its role is its token's), kept out all the same.
    await send(operator, '/api/rooms/veille/add-member', { memberId: 'cata-sans-profil' });
    await keptOut(api.token({ sub: 'cata-sans-profil', role: 'catalyseur' }), 'veille', 'ops rooms are for operators');
  });

  it('keeps a partner a catalyseur added to a territory room out of it; the catalyseur members stay in', async () => {
    await send(camille, '/api/rooms', { id: 'salon-ardeche', kind: 'territory', subject: 'ardeche', title: 'Ardèche', access: 'members' }, 201);
    const added = await send(camille, '/api/rooms/salon-ardeche/add-member', { memberId: 'paul' });
    await api.projected(added.position);
    await keptOut(paul, 'salon-ardeche', 'partners see the rooms of their partnerships');
    const posted = await send(camille, '/api/rooms/salon-ardeche/post-message', { clientMsgId: 'c-1', text: 'Diagnostic du territoire' });
    await api.projected(posted.position);
    expect((await get<FeedPage>(camille, '/api/rooms/salon-ardeche/feed')).head).toBe(3);
  });
});
