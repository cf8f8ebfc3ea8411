import type { ErrorBody, FeedEntry } from '@catalyse/protocol';
import { oidcTestKey, type RunningOidcIssuer, startOidcIssuer } from '@catalyse/test-servers';
import { CatalyseHttp, CatalyseHub, memoryStorage, valueOf } from './index';
import { startCatalyse, startHubNode, type TestCatalyse, type TestHubNode } from './testing/catalyse-server';
import { waitFor } from './testing/wait';

const AUDIENCE = 'urn:catalyse:api';
const textOf = (entry: FeedEntry): string | undefined => (entry.data as { text?: string } | null)?.text;

/**
 * A handshake refused for a passing fault is no refusal of the token: the hub said `UNAUTHORIZED` when its OpenID
 * issuer could not be reached, and the client, taking it for a token refused, stayed offline (`token-refused`) until
 * the application gave it a token, where it used to move to a healthy node. The hub now says `UNAVAILABLE` (with
 * `retryAfterMs`), and the client moves to the next node, or with one node connects again. Node A never fetched the
 * issuer's keys and cannot reach it; node B (the all-in-one) holds them.
 */
describe('CatalyseHub and a handshake refused for a passing fault (real Catalyse, real OpenID issuer, two hub nodes)', () => {
  let issuer: RunningOidcIssuer;
  let server: TestCatalyse;
  let nodeA: TestHubNode;
  let http: CatalyseHttp;
  let token: string;
  const hubs: CatalyseHub[] = [];
  beforeAll(async () => {
    issuer = await startOidcIssuer({
      clients: [{ clientId: 'cat-oidc', claims: { catalyse_role: 'catalyseur' }, ttl: 600 }],
      resources: [AUDIENCE],
      keys: [await oidcTestKey('key-1')],
      signingKid: 'key-1',
    });
    const env = { OIDC_ISSUER: issuer.issuer, OIDC_AUDIENCE: AUDIENCE, OIDC_JWKS_COOLDOWN_SECONDS: '1' };
    server = await startCatalyse(env);
    nodeA = await startHubNode(server, env);
    http = new CatalyseHttp({ baseUrl: server.url, token: server.token({ sub: 'cat-1', role: 'catalyseur' }) });
    token = await issuer.token('cat-oidc');
    // Node B fetches the issuer's keys now; then the issuer goes away: node A cannot reach it.
    expect((await fetch(`${server.url}/api/partnerships`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await issuer.stop();
  }, 60_000);
  afterAll(async () => {
    for (const hub of hubs) hub.close();
    await nodeA?.close();
    await server?.close();
    await issuer?.stop();
  });

  it('moves to the next node when one refuses the handshake because its issuer is out of reach, and posts there', async () => {
    const key = `room:${valueOf(await http.rooms.open({ kind: 'theme', subject: 'client', title: 'Émetteur injoignable', access: 'open' })).id}`;
    const hub = new CatalyseHub({ url: [nodeA.url, server.url], token, storage: memoryStorage(), transports: ['websocket'] });
    hubs.push(hub);
    const refusals: (ErrorBody | undefined)[] = [];
    hub.socket.on('connect_error', (error: Error & { data?: ErrorBody }) => refusals.push(error.data));
    await waitFor(
      () => hub.status === 'online',
      () => `online on the other node (refusals: ${JSON.stringify(refusals)}, ${JSON.stringify(hub.tokenRefusal)})`,
    );
    expect(hub.url).toBe(server.url);
    expect(hub.tokenRefusal).toBeUndefined();
    expect(refusals).toEqual([
      {
        code: 'UNAVAILABLE',
        message: expect.stringMatching(new RegExp(`^the OpenID issuer ${issuer.issuer} could not be reached .*; try again shortly$`)),
        retryAfterMs: 1000,
      },
    ]);
    const room = hub.room(key);
    await room.ready();
    room.post('par le nœud B');
    await waitFor(() => room.entries().some((entry) => textOf(entry) === 'par le nœud B'), 'the post in the room');
    expect(hub.failed()).toEqual([]);
  }, 30_000);

  it('with one node, connects to it again after the refusal instead of waiting for a token', async () => {
    const hub = new CatalyseHub({ url: nodeA.url, token, storage: memoryStorage(), transports: ['websocket'], rejoinBackoff: { firstMs: 50, maxMs: 100 } });
    hubs.push(hub);
    const refusals: (string | undefined)[] = [];
    hub.socket.on('connect_error', (error: Error & { data?: ErrorBody }) => refusals.push(error.data?.code));
    await waitFor(
      () => refusals.length >= 3,
      () => `three handshakes (refusals: ${refusals.join(', ')}, ${JSON.stringify(hub.tokenRefusal)})`,
      10_000,
    );
    expect(new Set(refusals)).toEqual(new Set(['UNAVAILABLE']));
    expect(hub.tokenRefusal).toBeUndefined();
    expect(hub.status).toBe('offline');
  }, 20_000);
});
