import type { FeedEntry } from '@catalyse/protocol';
import { CatalyseHub, type ConnectionStatus, MAX_ACK_TIMEOUTS, memoryStorage } from './index';
import { useCatalyse } from './testing/catalyse-fixture';
import { StallingRelay } from './testing/stalling-relay';
import { waitFor, wholeFeed } from './testing/wait';

const textOf = (entry: FeedEntry): string | undefined => (entry.data as { text?: string } | null)?.text;

/** The times between each `offline` the hub tells and the `online` after it. */
function reconnectGaps(hub: CatalyseHub): number[] {
  const gaps: number[] = [];
  let offlineAt: number | undefined;
  hub.onStatus((status: ConnectionStatus) => {
    if (status === 'offline') offlineAt = Date.now();
    if (status === 'online' && offlineAt !== undefined) gaps.push(Date.now() - offlineAt);
    if (status === 'online') offlineAt = undefined;
  });
  return gaps;
}

/**
 * How the client connects again after losing its connection: the waits after connections the hub ended itself (at
 * each token's expiry here), and a connection that stopped answering (its requests unanswered `MAX_ACK_TIMEOUTS`
 * times in a row) closed and opened again.
 */
describe('CatalyseHub reconnecting (real Catalyse, real socket.io)', () => {
  const catalyse = useCatalyse();

  it('waits the shortest again after each connection that held: cuts in a row, each after a connection of 2 s, never wait longer and longer', async () => {
    const key = await catalyse.openRoom('Coupures répétées');
    const principal = { sub: 'coupe', role: 'catalyseur' } as const;
    // Tokens of two seconds at most, read at each connection: the hub ends each connection at its token's expiry
    // (`io server disconnect`, which socket.io does not follow with a reconnect), the client connects again itself.
    const hub = new CatalyseHub({
      url: catalyse.server.url,
      token: () => catalyse.server.token(principal, 2),
      storage: memoryStorage(),
      transports: ['websocket'],
      // Near the top of each window: 50, 100, 200, 400, 800, 1000 ms… had the backoff grown from cut to cut. Each
      // connection holds about 2 s, past the longest wait (1 s): the next cut starts from the first window again.
      rejoinBackoff: { firstMs: 50, maxMs: 1_000, random: () => 0.99 },
    });
    catalyse.hubs.push(hub);
    const gaps = reconnectGaps(hub);
    const room = hub.room(key);
    await room.ready();
    await waitFor(
      () => gaps.length >= 6,
      () => `six cuts, each followed by a connection (${gaps.length}: ${gaps.join(', ')} ms)`,
      40_000,
    );
    // Each wait is drawn from the first window again (under 50 ms) plus a loopback handshake; the fifth and sixth
    // would be 0.8 and 1 s with the backoff left growing.
    expect(Math.max(...gaps)).toBeLessThan(600);
    room.post('après les coupures');
    await waitFor(() => hub.pending().length === 0, 'the post acked');
    expect((await wholeFeed(catalyse.http, key)).entries.map(textOf).filter(Boolean)).toEqual(['après les coupures']);
  }, 60_000);

  it(`closes a connection whose requests go unanswered ${MAX_ACK_TIMEOUTS} times in a row, opens another, and the post then lands once`, async () => {
    const key = await catalyse.openRoom('Accusés perdus');
    // The first connection through the relay reaches the hub, but nothing comes back: no ack, no entry.
    const relay = await StallingRelay.start(catalyse.server.url, 1);
    try {
      const hub = new CatalyseHub({
        url: relay.url,
        token: catalyse.server.token({ sub: 'sans-reponse', role: 'catalyseur' }),
        storage: memoryStorage(),
        transports: ['websocket'],
        ackTimeoutMs: 400,
      });
      catalyse.hubs.push(hub);
      const room = hub.room(key);
      room.post('malgré le silence');
      await waitFor(
        () => hub.pending().length === 0 && room.entries().some((entry) => textOf(entry) === 'malgré le silence'),
        () => `the post delivered (${relay.connections} connections, ${relay.relayed('room:post')} posts relayed, ${hub.status})`,
        20_000,
      );
      // The client closed the silent connection itself (its transport), and the second one carried the post home.
      expect(relay.closedByClient).toBe(1);
      expect(relay.connections).toBe(2);
      // The silent connection did carry it to the hub (sent again at a timeout, perhaps): posted once all the same.
      expect(relay.relayed('room:post')).toBeGreaterThanOrEqual(1);
      const texts = (await wholeFeed(catalyse.http, key)).entries.map(textOf).filter(Boolean);
      expect(texts).toEqual(['malgré le silence']);
      expect(room.entries().filter((entry) => textOf(entry) === 'malgré le silence')).toHaveLength(1);
      expect(hub.failed()).toEqual([]);
    } finally {
      await relay.close();
    }
  }, 40_000);
});
