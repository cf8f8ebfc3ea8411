import { tokenExpiry } from '@catalyse/auth';
import { ExpiredSessions } from './gateway/expired-sessions';
import { HubHarness } from './testing/hub-harness';
import { TestClient } from './testing/test-client';

jest.setTimeout(30_000);

/**
 * A token is verified at the handshake, and a connection may outlive it (the outside tester's socket posted 20 s
 * after its token expired; HTTP refused the same token). Once it has expired, every request of the connection is
 * refused UNAUTHORIZED, the node disconnects it at its next sweep (`ExpiredSessions`, every `bufferCheckMs`: made
 * long here, and the sweep run by hand, so that each step is seen), and the token is refused at the handshake.
 */
describe('a connection whose token expires (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start({ bufferCheckMs: 600_000 });
    await hub.openRoom('agora', 'alice');
    await hub.openRoom('forum', 'alice');
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('is refused UNAUTHORIZED once expired, then disconnected, and cannot connect again with that token', async () => {
    const token = hub.tokens.sign({ sub: 'cat-court', role: 'catalyseur' }, 2);
    const lasting = await hub.connect({ sub: 'cat-long', role: 'catalyseur' });
    const client = await TestClient.connect(hub.url, token);
    expect(await client.tryJoin('room:agora')).toMatchObject({ ok: true });
    const expiresAt = tokenExpiry(token) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 50));

    expect(await client.tryJoin('room:forum')).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'the token expired: connect again with a new one' },
    });
    expect(client.connected).toBe(true);
    expect(hub.app.get(ExpiredSessions).disconnectExpired()).toBe(1);
    await client.waitForDisconnect();
    // A connection whose token is still valid stays.
    expect(lasting.connected).toBe(true);
    expect(await lasting.tryJoin('room:forum')).toMatchObject({ ok: true });
    expect(await TestClient.refused(hub.url, { token })).toMatchObject({ message: 'UNAUTHORIZED', data: { code: 'UNAUTHORIZED' } });
    client.close();
  });
});
