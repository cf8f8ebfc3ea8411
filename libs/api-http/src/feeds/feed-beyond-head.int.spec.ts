/**
 * A feed's cursor beyond its head (real SQLite files, real projector, real
 * HTTP): `since` past the last seq of the feed's epoch is no cursor of this
 * feed (it was restored or rebuilt since the client read it), so every HTTP
 * feed read answers 409 CONFLICT, as the hub's `room:sync` does, rather than
 * an empty page a client would take for « up to date » forever. `since` at
 * the head is an empty page; 0 reads it again from the start.
 */
import { type ApiHarness, type ErrorBody, httpSteps, joinCatalyseurs, startApi } from '../test-support/api-harness';
import type { FeedPage } from './feed-page';

describe('feed reads beyond the head (HTTP)', () => {
  let api: ApiHarness;
  let catalyseur: string;
  let operator: string;
  const { send, get } = httpSteps(() => api);

  beforeAll(async () => {
    api = await startApi();
    catalyseur = api.token({ sub: 'cat-1', role: 'catalyseur' });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    await joinCatalyseurs(api, ['cat-1']);
    await send(catalyseur, '/api/rooms', { id: 'agora', kind: 'theme', subject: 'numerique', title: 'Agora', access: 'members' }, 201);
    // An open room about a theme: the theme is told (a members-only room's is not).
    await send(catalyseur, '/api/rooms', { id: 'forum', kind: 'theme', subject: 'mobilite', title: 'Forum', access: 'open' }, 201);
    const last = await send(catalyseur, '/api/rooms/agora/post-message', { clientMsgId: 'c-1', text: 'Bonjour' });
    await api.projected(last.position);
  });
  afterAll(async () => {
    await api.close();
  });

  it('every feed route: since beyond the head is 409 CONFLICT (read again from 0); at the head an empty page; 0 the whole feed', async () => {
    for (const [path, token] of [
      ['/api/rooms/agora/feed', catalyseur],
      ['/api/feeds/room:agora', catalyseur],
      ['/api/feeds/network', operator],
    ] as const) {
      const whole = await get<FeedPage>(token, `${path}?since=0`);
      const { head, epoch, room } = whole;
      expect([path, head > 0, whole.entries.at(-1)?.seq]).toEqual([path, true, head]);
      expect([path, (await get<FeedPage>(token, `${path}?since=${head}`)).entries]).toEqual([path, []]);
      for (const since of [head + 1, 999_999]) {
        const answer = await api.request<ErrorBody>('GET', `${path}?since=${since}`, { token });
        expect([path, since, answer.status, answer.body.code, answer.body.message]).toEqual([
          path,
          since,
          409,
          'CONFLICT',
          `since ${since} is beyond the head of ${room} (${head} in epoch ${epoch}): the feed was restored or rebuilt, read it again from since=0`,
        ]);
      }
    }
  });

  it('a feed with nothing yet: since=0 is an empty page, since=1 is beyond its head', async () => {
    // The theme the open room forum is about: its feed holds nothing yet (the feed of nothing, a room never opened or a
    // territory nothing names, is a 404, whatever its since).
    expect((await get<FeedPage>(operator, '/api/feeds/theme:mobilite?since=0')).entries).toEqual([]);
    const answer = await api.request<ErrorBody>('GET', '/api/feeds/theme:mobilite?since=1', { token: operator });
    expect([answer.status, answer.body.code]).toEqual([409, 'CONFLICT']);
    const nothing = await api.request<ErrorBody>('GET', '/api/feeds/territory:empty?since=1', { token: operator });
    expect([nothing.status, nothing.body.code, nothing.body.message]).toEqual([404, 'NOT_FOUND', 'territory empty not found']);
  });
});
