import type { FeedEntry } from '@catalyse/protocol';
import { CatalyseHub, type ConnectionStatus, memoryStorage, type TokenRefusal } from './index';
import { freePort } from '@catalyse/test-servers';
import { useCatalyse } from './testing/catalyse-fixture';
import { range, waitFor, wholeFeed } from './testing/wait';

const textOf = (entry: FeedEntry): string | undefined => (entry.data as { text?: string } | null)?.text;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The hub ends a connection once its token expires (its sweep disconnects the socket, saying nothing before) and
 * refuses the token at the handshake: the client stayed offline for ever, a post written after stayed pending, and
 * nothing told the application why. It now says so (`tokenRefusal`, `onStatus`), and `setToken` reconnects keeping
 * every room's `{epoch, seq}`, entries and the outbox.
 */
describe('CatalyseHub and a token that expires (real Catalyse, real socket.io)', () => {
  const catalyse = useCatalyse();

  it('says the token expired, takes a new one with setToken, and catches up gaplessly with its pending post sent once', async () => {
    const key = await catalyse.openRoom('Jeton court');
    const principal = { sub: 'ephemere', role: 'catalyseur' } as const;
    const hub = new CatalyseHub({ url: catalyse.server.url, token: catalyse.server.token(principal, 3), storage: memoryStorage(), transports: ['websocket'] });
    const other = new CatalyseHub({
      url: catalyse.server.url,
      token: catalyse.server.token({ sub: 'durable', role: 'catalyseur' }),
      storage: memoryStorage(),
      transports: ['websocket'],
    });
    catalyse.hubs.push(hub, other);
    const told: [ConnectionStatus, TokenRefusal | undefined][] = [];
    hub.onStatus((status, refusal) => told.push([status, refusal]));
    const room = hub.room(key);
    const theirs = other.room(key);
    await Promise.all([room.ready(), theirs.ready()]);
    theirs.post('avant');
    await waitFor(() => room.entries().some((entry) => textOf(entry) === 'avant'), 'a live entry before the expiry');
    const before = room.entries();
    const epoch = room.epoch();

    // Written as the token expires: refused UNAUTHORIZED by the hub before its sweep, or written once it ended the
    // connection: either way kept pending, never failed.
    await waitFor(() => hub.tokenRefusal !== undefined, 'the hub to end the connection for the token', 10_000);
    room.post('écrit après expiration');
    expect(hub.tokenRefusal).toMatchObject({ reason: 'token-expired', error: { code: 'UNAUTHORIZED' } });
    expect(hub.status).toBe('offline');
    expect(told.at(-1)).toEqual(['offline', hub.tokenRefusal]);
    for (const n of range(1, 30)) theirs.post(`pendant ${n}`);
    await waitFor(() => other.pending().length === 0, 'the others’ posts acked');
    // It stays offline (no loop of refused handshakes), its post pending, nothing failed.
    await sleep(1500);
    expect(hub.status).toBe('offline');
    expect(hub.pending().map((post) => post.text)).toEqual(['écrit après expiration']);
    expect(hub.failed()).toEqual([]);

    hub.setToken(catalyse.server.token(principal, 600));
    await waitFor(() => hub.pending().length === 0, 'the pending post acked once online again');
    expect(hub.status).toBe('online');
    expect(hub.tokenRefusal).toBeUndefined();
    expect(told.at(-1)).toEqual(['online', undefined]);
    const feed = await wholeFeed(catalyse.http, key);
    await waitFor(() => (room.entries().at(-1)?.seq ?? 0) >= (feed.entries.at(-1)?.seq ?? 0), 'the room caught up');
    // The same epoch, the entries held kept (not read again), then exactly the missed ones, in order, once.
    expect(room.epoch()).toBe(epoch);
    expect(room.entries().slice(0, before.length)).toEqual(before);
    expect(room.entries().map((entry) => entry.seq)).toEqual(range(1, feed.entries.length));
    expect(room.entries()).toEqual(feed.entries);
    expect(feed.entries.filter((entry) => textOf(entry) === 'écrit après expiration')).toHaveLength(1);
    expect(hub.failed()).toEqual([]);

    // Live again: an entry of another person reaches it.
    theirs.post('après le nouveau jeton');
    await waitFor(() => room.entries().some((entry) => textOf(entry) === 'après le nouveau jeton'), 'a live entry after the new token');
  }, 40_000);

  it('takes its token from a function at each connection: given before the expiry, the next connection uses the new one', async () => {
    const key = await catalyse.openRoom('Jeton renouvelé');
    const principal = { sub: 'renouvele', role: 'catalyseur' } as const;
    let current = catalyse.server.token(principal, 3);
    const hub = new CatalyseHub({ url: catalyse.server.url, token: () => current, storage: memoryStorage(), transports: ['websocket'] });
    catalyse.hubs.push(hub);
    const room = hub.room(key);
    await room.ready();
    current = catalyse.server.token(principal, 600); // renewed by the application before the expiry
    // The hub ends the connection at the first token's expiry: the client connects again by itself, with the new one.
    let dropped = false;
    hub.onStatus((status) => (dropped ||= status === 'offline'));
    await waitFor(() => dropped, 'the connection ended at the first token’s expiry', 10_000);
    await waitFor(() => hub.status === 'online', 'connected again with the renewed token', 10_000);
    expect(hub.tokenRefusal).toBeUndefined();
    room.post('avec le jeton renouvelé');
    await waitFor(() => room.entries().some((entry) => textOf(entry) === 'avec le jeton renouvelé'), 'the post in the room');
  }, 30_000);

  // A token function that threw (at construction, at the handshake, at a reconnection) escaped from socket.io (a Node
  // app would crash) and left the hub connecting or offline for good, saying nothing.
  it('asks a token function that throws again after a wait, says token-unavailable meanwhile, and never throws it', async () => {
    const key = await catalyse.openRoom('Jeton fragile');
    const good = catalyse.server.token({ sub: 'fragile', role: 'catalyseur' });
    let calls = 0;
    const failing = new Set([1, 2, 4]); // the constructor's read, the first handshake, the first reconnection
    const token = (): string => {
      calls += 1;
      if (failing.has(calls)) throw new Error(`refresh ${calls} failed`);
      return good;
    };
    const hub = new CatalyseHub({ url: catalyse.server.url, token, storage: memoryStorage(), transports: ['websocket'], rejoinBackoff: { firstMs: 100 } });
    catalyse.hubs.push(hub);
    const told: [ConnectionStatus, string | undefined][] = [];
    hub.onStatus((status, refusal) => told.push([status, refusal?.reason]));
    const room = hub.room(key);
    room.post('avant la panne');
    await waitFor(() => hub.status === 'online', 'the hub online once the function answers', 10_000);
    expect(told.slice(0, 2)).toEqual([
      ['offline', 'token-unavailable'],
      ['online', undefined],
    ]);
    expect(hub.tokenRefusal).toBeUndefined();
    await waitFor(() => hub.pending().length === 0, 'the post acked');

    hub.socket.io.engine.close(); // socket.io reconnects: the function throws there once more
    await waitFor(() => calls >= 5 && hub.status === 'online', 'the hub online again after the failed reconnection', 10_000);
    expect(told.slice(2)).toEqual([
      ['offline', undefined],
      ['offline', 'token-unavailable'],
      ['online', undefined],
    ]);
    room.post('après la panne');
    await waitFor(() => hub.pending().length === 0, 'the second post acked');
    const texts = (await wholeFeed(catalyse.http, key)).entries.map(textOf).filter(Boolean);
    expect(texts).toEqual(['avant la panne', 'après la panne']);
  });

  // The outbox's owner was read at construction only: a token function failing then left it unknown for good, and the
  // hub sent the posts another person's session had left on the storage with this person's token, as theirs.
  it('keeps another person’s stored posts out of a hub whose token function failed at first, once a token is read', async () => {
    const key = await catalyse.openRoom('Boîte partagée');
    const storage = memoryStorage();
    const bobToken = catalyse.server.token({ sub: 'bob-partage', role: 'catalyseur' });
    // Bob writes offline (nothing listens where his hub connects), then his tab closes: his post stays stored.
    const bob = new CatalyseHub({ url: `http://127.0.0.1:${await freePort()}`, token: bobToken, storage, transports: ['websocket'] });
    bob.room(key).post('écrit par Bob');
    bob.close();
    const alicesToken = catalyse.server.token({ sub: 'alice-partage', role: 'catalyseur' });
    let reads = 0;
    const token = (): string => {
      reads += 1;
      if (reads <= 2) throw new Error('not yet'); // the constructor's read and the first handshake
      return alicesToken;
    };
    const alice = new CatalyseHub({ url: catalyse.server.url, token, storage, transports: ['websocket'], rejoinBackoff: { firstMs: 100 } });
    catalyse.hubs.push(alice);
    const room = alice.room(key);
    room.post('écrit par Alice'); // after Bob's in the storage: his would go first, were it taken
    await waitFor(() => alice.pending().length === 0 && room.entries().some((entry) => textOf(entry) === 'écrit par Alice'), 'Alice’s post', 10_000);
    expect((await wholeFeed(catalyse.http, key)).entries.map(textOf).filter(Boolean)).toEqual(['écrit par Alice']);
    expect(room.pending()).toEqual([]);

    // Bob's post is still stored, his: his next hub on the storage sends it, as him.
    const bobAgain = new CatalyseHub({ url: catalyse.server.url, token: bobToken, storage, transports: ['websocket'] });
    catalyse.hubs.push(bobAgain);
    await waitFor(() => bobAgain.pending().length === 0, 'Bob’s post sent by his own hub', 10_000);
    const posted = (await wholeFeed(catalyse.http, key)).entries.filter((entry) => textOf(entry) !== undefined);
    expect(posted.map((entry) => [textOf(entry), (entry.data as { authorId?: string }).authorId])).toEqual([
      ['écrit par Alice', 'alice-partage'],
      ['écrit par Bob', 'bob-partage'],
    ]);
  });
});
