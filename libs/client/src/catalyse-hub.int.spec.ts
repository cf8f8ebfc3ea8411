import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeedEntry, Principal } from '@catalyse/protocol';
import { io } from 'socket.io-client';
import { freePort } from '@catalyse/test-servers';
import { CatalyseHttp, CatalyseHub, type LiveRoom, memoryStorage, REDACTION_KIND, RoomRefusedError, valueOf } from './index';
import { startCatalyse, startHubNode, type TestCatalyse } from './testing/catalyse-server';
import { useCatalyse } from './testing/catalyse-fixture';
import { range, waitFor, wholeFeed } from './testing/wait';

const textOf = (entry: FeedEntry): string | undefined => (entry.data as { text?: string } | null)?.text;

describe('CatalyseHub against a real Catalyse (real socket.io)', () => {
  const catalyse = useCatalyse();

  const hubOf = (principal: Principal, url: string | readonly string[] = catalyse.server.url, storage = memoryStorage()): CatalyseHub => {
    const created = new CatalyseHub({ url, token: catalyse.server.token(principal), storage, transports: ['websocket'] });
    catalyse.hubs.push(created);
    return created;
  };
  const hub = (sub: string, storage = memoryStorage()): CatalyseHub => hubOf({ sub, role: 'catalyseur' }, catalyse.server.url, storage);
  const openRoom = catalyse.openRoom;
  /** Every entry handed to the application through onEntry, in order. */
  const recorded = (room: LiveRoom): FeedEntry[] => {
    const seen: FeedEntry[] = [];
    room.onEntry((entry) => seen.push(entry));
    room.onReset(() => seen.splice(0));
    return seen;
  };
  const exact = async (room: LiveRoom): Promise<FeedEntry[]> => {
    const feed = await wholeFeed(catalyse.http, room.key);
    await waitFor(
      () => room.epoch() === feed.epoch && (room.entries().at(-1)?.seq ?? 0) >= (feed.entries.at(-1)?.seq ?? 0),
      () => `${room.key} at ${room.epoch()}/${room.entries().at(-1)?.seq} (feed ${feed.epoch}/${feed.entries.at(-1)?.seq})`,
    );
    expect(room.entries().map((e) => e.seq)).toEqual(range(1, room.entries().length));
    expect(room.entries().slice(0, feed.entries.length)).toEqual(feed.entries);
    return feed.entries;
  };

  it('two clients in a live room see each other (presence) and each other’s posts, once, in order', async () => {
    const key = await openRoom('Salle vivante');
    const alice = hub('alice').room(key);
    const bob = hub('bob').room(key);
    const bobSaw = recorded(bob);
    await waitFor(() => alice.presence().includes('bob') && bob.presence().includes('alice'), 'presence of both');
    const posted = ['Bonjour', 'Ça va ?', 'On se voit jeudi'].map((text) => alice.post(text));
    expect(alice.pending().map((p) => p.text)).toEqual(['Bonjour', 'Ça va ?', 'On se voit jeudi']);
    await waitFor(() => alice.pending().length === 0, 'acks');
    await waitFor(() => bob.entries().filter(textOf).length === 3, 'bob gets the messages');
    expect(bob.entries().filter(textOf).map(textOf)).toEqual(posted.map((p) => p.text));
    expect(bobSaw).toEqual(await exact(bob));
    await exact(alice);
  });

  it('ready() resolves once the hub lets a room in; a room refused for good rejects it with the hub’s answer, kept in refusal()', async () => {
    const key = await openRoom('Prête');
    const client = hub('accueilli');
    const room = client.room(key);
    expect(room.epoch()).toBeUndefined();
    await room.ready();
    expect(room.epoch()).toBe(1);
    expect(room.refusal()).toBeUndefined();
    await room.ready(); // at once when already joined

    const partner = hubOf({ sub: 'eve', role: 'partner', org: 'autre-asso' });
    const ops = partner.room('ops');
    let changes = 0;
    ops.onChange(() => (changes += 1));
    const refused = await ops.ready().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RoomRefusedError);
    expect(refused).toMatchObject({ room: 'ops', error: { code: 'FORBIDDEN' } });
    expect(ops.refusal()).toMatchObject({ code: 'FORBIDDEN' });
    expect(changes).toBeGreaterThan(0);
    expect(ops.entries()).toEqual([]);
    await expect(ops.ready()).rejects.toBeInstanceOf(RoomRefusedError); // still refused, told again

    const missing = client.room('room:does-not-exist');
    await expect(missing.ready()).rejects.toMatchObject({ error: { code: 'NOT_FOUND' } });

    const offline = hub('parti');
    offline.socket.disconnect();
    const left = offline.room(key);
    const waiting = left.ready();
    left.leave();
    await expect(waiting).rejects.toThrow(/left before it was joined/);
  });

  it('given several hub nodes, a client skips one that does not answer, and when its node stops it moves to the next: rooms, cursors and outbox kept, exactly the missed entries handed', async () => {
    const node = await startHubNode(catalyse.server, { HUB_POSTS_PER_SECOND: '100000' });
    let nodeUp = true;
    try {
      const nobody = `http://127.0.0.1:${await freePort()}`; // nothing listens there
      const key = await openRoom('Bascule');
      const roomId = key.slice('room:'.length);
      const client = hubOf({ sub: 'voyageur', role: 'catalyseur' }, [nobody, node.url, catalyse.server.url]);
      const room = client.room(key);
      const seen = recorded(room);
      await room.ready();
      expect(client.url).toBe(node.url);
      for (let i = 1; i <= 20; i += 1) valueOf(await catalyse.http.rooms.postMessage(roomId, `avant ${i}`));
      room.post('depuis le second nœud');
      await waitFor(() => room.pending().length === 0, 'posted through the second node');
      const before = (await exact(room)).length;

      const moves: string[] = [];
      client.onStatus((status) => moves.push(`${status}@${client.url}`));
      await node.close(); // the node goes away with its sockets
      nodeUp = false;
      room.post('en route'); // written during the move: it can only go out on the new node, once
      for (let i = 1; i <= 30; i += 1) valueOf(await catalyse.http.rooms.postMessage(roomId, `pendant ${i}`));
      await waitFor(
        () => client.status === 'online' && client.url === catalyse.server.url,
        () => `moved (${moves.join(', ')})`,
      );
      await waitFor(() => room.pending().length === 0, 'the outbox sent on the new node');

      const feed = await exact(room);
      expect(moves).toEqual(['offline@' + node.url, 'online@' + catalyse.server.url]);
      expect(seen).toEqual(room.entries());
      expect(seen.slice(before).map((e) => e.seq)).toEqual(range(before + 1, feed.length));
      // 'en route' went out once on the new node, wherever it landed among the HTTP posts made meanwhile.
      const texts = feed.filter(textOf).map(textOf);
      expect(texts.filter((text) => text === 'en route')).toHaveLength(1);
      expect(texts.filter((text) => text !== 'en route')).toEqual([
        ...range(1, 20).map((i) => `avant ${i}`),
        'depuis le second nœud',
        ...range(1, 30).map((i) => `pendant ${i}`),
      ]);
    } finally {
      if (nodeUp) await node.close();
    }
  }, 60_000);

  it('a client offline for more than two minutes while 500 entries pass at a steady pace is handed exactly the missing ones, in order, none twice; its offline posts go out once, in order', async () => {
    const OFFLINE_MS = 125_000;
    const ENTRIES = 500;
    const key = await openRoom('Longue absence');
    const roomId = key.slice('room:'.length);
    const writer = hub('writer').room(key);
    const reader = hub('reader');
    const room = reader.room(key);
    const seen = recorded(room);
    await Promise.all([room.ready(), writer.ready()]);
    writer.post('avant');
    await waitFor(() => room.entries().some((e) => textOf(e) === 'avant'), 'the first message');
    const before = room.entries().length;

    reader.socket.disconnect(); // the network goes away: no reconnection until it comes back
    const away = Date.now();
    await waitFor(() => reader.status === 'offline', 'offline');
    // One entry every 250 ms, in turn through another client (its ack awaited, so the order is known) and over HTTP.
    for (let i = 1; i <= ENTRIES; i += 1) {
      if (i % 2 === 1) {
        writer.post(`message ${i}`);
        await waitFor(() => writer.pending().length === 0, `message ${i} acked`);
      } else {
        valueOf(await catalyse.http.rooms.postMessage(roomId, `message ${i}`));
      }
      if (i === 1 || i === ENTRIES / 2 || i === ENTRIES) room.post(`hors ligne ${room.pending().length + 1}`);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, away + (i * OFFLINE_MS) / ENTRIES - Date.now())));
    }
    // A timer may fire a millisecond early: the absence lasts the whole OFFLINE_MS all the same.
    while (Date.now() - away < OFFLINE_MS) await new Promise((resolve) => setTimeout(resolve, away + OFFLINE_MS - Date.now() + 1));
    expect(Date.now() - away).toBeGreaterThanOrEqual(OFFLINE_MS);
    expect(room.entries()).toHaveLength(before);
    expect(room.pending().map((p) => p.text)).toEqual(['hors ligne 1', 'hors ligne 2', 'hors ligne 3']);

    reader.socket.connect(); // back
    await waitFor(() => room.pending().length === 0, 'the offline posts acked');
    const feed = await exact(room);
    expect(feed.filter(textOf).map(textOf)).toEqual(['avant', ...range(1, ENTRIES).map((i) => `message ${i}`), 'hors ligne 1', 'hors ligne 2', 'hors ligne 3']);
    expect(seen).toEqual(room.entries());
    expect(seen.slice(before).map((e) => e.seq)).toEqual(range(before + 1, feed.length));
    expect(new Set(seen.map((e) => e.seq)).size).toBe(seen.length);
  }, 200_000);

  it('posts written while offline go out on return, exactly once, in order; a post whose ack was lost in a drop is posted once', async () => {
    const key = await openRoom('Hors ligne');
    const client = hub('nomade');
    const room = client.room(key);
    await waitFor(() => room.epoch() !== undefined, 'joined');
    client.socket.disconnect();
    const texts = ['un', 'deux', 'trois', 'quatre', 'cinq'];
    for (const text of texts) room.post(text);
    expect(room.pending().map((p) => p.text)).toEqual(texts);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(room.pending()).toHaveLength(5);
    client.socket.connect();
    await waitFor(() => room.pending().length === 0, 'the outbox empties');

    room.post('six');
    client.socket.io.engine.close(); // the transport drops before the ack: socket.io reconnects by itself
    await waitFor(() => client.status === 'online' && room.pending().length === 0, 'the resent post acked');
    const feed = await exact(room);
    expect(feed.filter(textOf).map(textOf)).toEqual([...texts, 'six']);
  });

  it('a reload (a new CatalyseHub on the same storage) sends the pending posts once', async () => {
    const key = await openRoom('Rechargement');
    const storage = memoryStorage();
    const first = hub('lecteur', storage);
    await waitFor(() => first.status === 'online', 'online');
    first.socket.disconnect();
    for (const text of ['a', 'b', 'c']) first.room(key).post(text);
    expect(JSON.parse(storage.load() ?? '{}').pending).toHaveLength(3);
    first.close();

    const second = hub('lecteur', storage);
    expect(second.pending().map((p) => p.text)).toEqual(['a', 'b', 'c']);
    await waitFor(() => second.pending().length === 0, 'resent');
    const feed = await wholeFeed(catalyse.http, key);
    expect(feed.entries.filter(textOf).map(textOf)).toEqual(['a', 'b', 'c']);
  });

  it('a refused post leaves the outbox and is reported', async () => {
    const client = hub('refus');
    const room = client.room('room:does-not-exist');
    const post = room.post('personne ici');
    await waitFor(() => room.failed().length === 1, 'refused');
    expect(room.failed()[0]).toMatchObject({ clientMsgId: post.clientMsgId, error: { code: expect.stringMatching(/NOT_FOUND|FORBIDDEN/) } });
    expect(room.pending()).toHaveLength(0);
  });

  it('an erasure reaches the room as an entry: the entries the client holds read as tombstones, the rest unchanged', async () => {
    const key = await openRoom('Effacement');
    const zoe = hub('zoe-erased').room(key);
    const watcher = hub('watcher').room(key);
    await Promise.all([zoe.ready(), watcher.ready()]);
    zoe.post('Zoé Finkelstein, pour vous servir');
    watcher.post('Bonjour Zoé');
    await waitFor(() => watcher.entries().filter(textOf).length === 2 && zoe.pending().length === 0, 'both messages');
    const ops = new CatalyseHttp({ baseUrl: catalyse.server.url, token: catalyse.server.token({ sub: 'op-1', role: 'operator' }) });
    expect(valueOf(await ops.people.erase('zoe-erased', { reason: 'request_of_the_person', reference: 'T-1' }))).toMatchObject({ subject: 'zoe-erased' });
    await waitFor(() => watcher.entries().at(-1)?.kind === REDACTION_KIND, 'the redaction entry');
    expect(watcher.entries().filter(textOf).map(textOf)).toEqual(['[effacé]', 'Bonjour Zoé']);
    expect(valueOf(await ops.people.get('zoe-erased')).status).toBe('erased');
    expect(watcher.entries()).toEqual(await exact(watcher));
  });

  it('a rebuild resets the room: the client drops the old epoch and ends exact in the new one', async () => {
    const key = await openRoom('Reconstruction');
    const client = hub('temoin');
    const room = client.room(key);
    const resets: number[] = [];
    room.onReset((epoch) => resets.push(epoch));
    for (let i = 1; i <= 30; i += 1) room.post(`avant ${i}`);
    await waitFor(() => room.pending().length === 0, 'posted');
    const old = (await exact(room)).at(0)?.epoch;

    const operator = catalyse.http.withToken(catalyse.server.token({ sub: 'op-1', role: 'operator' }));
    const job = valueOf(await operator.rebuilds.request());
    for (let i = 1; i <= 20; i += 1) room.post(`pendant ${i}`);
    let state = valueOf(await operator.rebuilds.state(job.id));
    const deadline = Date.now() + 60_000;
    while (state.status !== 'completed' && state.status !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      state = valueOf(await operator.rebuilds.state(job.id));
    }
    expect(state.status).toBe('completed');
    await waitFor(() => room.pending().length === 0 && resets.length > 0, 'reset and posted');
    const feed = await exact(room);
    expect(feed[0]?.epoch).toBeGreaterThan(old ?? 0);
    expect(resets.at(-1)).toBe(feed[0]?.epoch);
    expect(feed.filter(textOf).map(textOf)).toEqual([...range(1, 30).map((i) => `avant ${i}`), ...range(1, 20).map((i) => `pendant ${i}`)]);
  }, 120_000);
});

describe('CatalyseHub refused a connection by the hub’s budget (real socket.io)', () => {
  let server: TestCatalyse;
  beforeAll(async () => {
    server = await startCatalyse({ HUB_CONNECTIONS_PER_MINUTE: '2' });
  });
  afterAll(async () => server.close());

  it('connects again once the retryAfterMs of its RATE_LIMITED handshake has passed, not before, and joins its room', async () => {
    const principal: Principal = { sub: 'cat-onglets', role: 'catalyseur' };
    const http = new CatalyseHttp({ baseUrl: server.url, token: server.token(principal) });
    const key = `room:${valueOf(await http.rooms.open({ kind: 'theme', subject: 'client', title: 'Onglets', access: 'open' })).id}`;
    // Two tabs already spent the minute's two connections.
    const tabs = [0, 1].map(() => io(server.url, { auth: { token: server.token(principal) }, transports: ['websocket'], reconnection: false, forceNew: true }));
    await waitFor(() => tabs.every((tab) => tab.connected), 'two tabs connected');
    const refusals: { retryAfterMs?: number }[] = [];
    const watching = ((url: string, options?: Parameters<typeof io>[1]) => {
      const socket = io(url, options);
      socket.on('connect_error', (error: Error & { data?: { retryAfterMs?: number } }) => refusals.push(error.data ?? {}));
      return socket;
    }) as typeof io;
    const client = new CatalyseHub({ url: server.url, token: server.token(principal), transports: ['websocket'], io: watching, retryDelayMs: 20 });
    const started = Date.now();
    try {
      const room = client.room(key);
      await waitFor(() => refusals.length === 1, 'the refused handshake');
      const retryAfterMs = refusals[0]?.retryAfterMs ?? 0;
      expect(retryAfterMs).toBeGreaterThan(1000);
      expect(client.status).toBe('offline');
      await waitFor(() => room.epoch() !== undefined, 'joined once the budget allows', 75_000);
      // One refusal, then a wait of what the hub said, not a retry every 20 ms.
      expect(refusals).toHaveLength(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(retryAfterMs - 100);
    } finally {
      client.close();
      for (const tab of tabs) tab.close();
    }
  }, 90_000);
});

describe('CatalyseHub under the hub’s rate limit (real socket.io)', () => {
  let server: TestCatalyse;
  beforeAll(async () => {
    server = await startCatalyse({ HUB_POSTS_PER_SECOND: '2' });
  });
  afterAll(async () => server.close());

  it('waits the retryAfterMs a RATE_LIMITED gives before posting again: every post lands once, in order, without hammering', async () => {
    const http = new CatalyseHttp({ baseUrl: server.url, token: server.token({ sub: 'cat-1', role: 'catalyseur' }) });
    const key = `room:${valueOf(await http.rooms.open({ kind: 'theme', subject: 'client', title: 'Limite', access: 'open' })).id}`;
    let posts = 0;
    const counting = ((url: string, options?: Parameters<typeof io>[1]) => {
      const socket = io(url, options);
      const emit = socket.emit.bind(socket);
      socket.emit = ((event: string, ...args: unknown[]) => {
        if (event === 'room:post') posts++;
        return emit(event, ...args);
      }) as typeof socket.emit;
      return socket;
    }) as typeof io;
    // A short delay of its own: without the hub's retryAfterMs the client would ask again every 20 ms.
    const client = new CatalyseHub({
      url: server.url,
      token: server.token({ sub: 'presse', role: 'catalyseur' }),
      transports: ['websocket'],
      io: counting,
      retryDelayMs: 20,
    });
    try {
      const room = client.room(key);
      await waitFor(() => room.epoch() !== undefined, 'joined');
      const texts = ['1', '2', '3', '4', '5', '6', '7', '8'];
      for (const text of texts) room.post(text);
      await waitFor(() => room.pending().length === 0, 'the outbox empties', 20_000);
      expect(room.failed()).toEqual([]);
      const feed = await wholeFeed(http, key);
      expect(feed.entries.filter(textOf).map(textOf)).toEqual(texts);
      // 8 posts at 2 a second: a few refusals, each followed by a wait to the end of the window, not a storm of retries.
      expect(posts).toBeGreaterThan(texts.length);
      expect(posts).toBeLessThan(texts.length * 3);
    } finally {
      client.close();
    }
  });
});

describe('CatalyseHub when its hub’s data was restored from an older copy (real socket.io, the same port)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'catalyse-restored-'));
  const backup = mkdtempSync(join(tmpdir(), 'catalyse-backup-'));
  let server: TestCatalyse | undefined;
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(backup, { recursive: true, force: true });
  });

  it('drops what the room held past the restored head and holds the feed exactly: the next entries, which take those seqs again, are not missed', async () => {
    const port = await freePort();
    const principal: Principal = { sub: 'cat-1', role: 'catalyseur' };
    server = await startCatalyse({}, { dataDir, port });
    const http = (): CatalyseHttp => new CatalyseHttp({ baseUrl: (server as TestCatalyse).url, token: (server as TestCatalyse).token(principal) });
    const key = `room:${valueOf(await http().rooms.open({ kind: 'theme', subject: 'client', title: 'Restauration', access: 'open' })).id}`;
    const client = new CatalyseHub({ url: server.url, token: server.token(principal), storage: memoryStorage(), transports: ['websocket'] });
    try {
      const room = client.room(key);
      const texts = (): (string | undefined)[] =>
        room
          .entries()
          .map(textOf)
          .filter((text) => text !== undefined);
      const postAll = async (...lines: string[]): Promise<void> => {
        for (const line of lines) room.post(line);
        await waitFor(() => room.pending().length === 0 && lines.every((line) => texts().includes(line)), `posted ${lines.join(', ')}`);
      };
      await postAll('avant 1', 'avant 2');
      await server.close();
      cpSync(dataDir, backup, { recursive: true }); // the copy an operator keeps
      server = await startCatalyse({}, { dataDir, port });
      await postAll('perdu 1', 'perdu 2', 'perdu 3');
      const heldBeforeRestore = room.entries().at(-1)?.seq ?? 0;
      const epoch = room.epoch();

      // The service is restored from its copy: the last three messages are lost, the feed's head is back below.
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
      cpSync(backup, dataDir, { recursive: true });
      const resets: number[] = [];
      room.onReset((to) => resets.push(to));
      server = await startCatalyse({}, { dataDir, port });
      await waitFor(() => resets.length > 0, 'the room dropped what the feed no longer has');
      await postAll('après restauration');

      const feed = await wholeFeed(http(), key);
      expect(feed.epoch).toBe(epoch);
      expect(feed.entries.at(-1)?.seq).toBeLessThanOrEqual(heldBeforeRestore); // the new entry took a seq the room held before
      expect(room.entries()).toEqual(feed.entries);
      expect(texts()).toEqual(['avant 1', 'avant 2', 'après restauration']);
      expect(resets).toEqual([epoch]);
    } finally {
      client.close();
    }
  }, 90_000);
});
