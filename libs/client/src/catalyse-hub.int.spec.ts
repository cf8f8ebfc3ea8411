import type { FeedEntry } from '@catalyse/protocol';
import { CatalyseHttp, CatalyseHub, type LiveRoom, memoryStorage, valueOf } from './index';
import { startCatalyse, type TestCatalyse } from './testing/catalyse-server';
import { range, waitFor, wholeFeed } from './testing/wait';

const textOf = (entry: FeedEntry): string | undefined => (entry.data as { text?: string } | null)?.text;

describe('CatalyseHub against a real Catalyse (real socket.io)', () => {
  let server: TestCatalyse;
  let http: CatalyseHttp;
  const hubs: CatalyseHub[] = [];
  beforeAll(async () => {
    server = await startCatalyse({ HUB_POSTS_PER_SECOND: '100000' });
    http = new CatalyseHttp({ baseUrl: server.url, token: server.token({ sub: 'cat-1', role: 'catalyseur' }) });
  });
  afterAll(async () => {
    for (const hub of hubs) hub.close();
    await server.close();
  });

  const hub = (sub: string, storage = memoryStorage()): CatalyseHub => {
    const created = new CatalyseHub({ url: server.url, token: server.token({ sub, role: 'catalyseur' }), storage, transports: ['websocket'] });
    hubs.push(created);
    return created;
  };
  const openRoom = async (title: string): Promise<string> =>
    `room:${valueOf(await http.rooms.open({ kind: 'theme', subject: 'client', title, access: 'open' })).id}`;
  /** Every entry handed to the application through onEntry, in order. */
  const recorded = (room: LiveRoom): FeedEntry[] => {
    const seen: FeedEntry[] = [];
    room.onEntry((entry) => seen.push(entry));
    room.onReset(() => seen.splice(0));
    return seen;
  };
  const exact = async (room: LiveRoom): Promise<FeedEntry[]> => {
    const feed = await wholeFeed(http, room.key);
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

  it('a client offline for a long time (kept short here: the guarantee does not depend on time) while 500 entries pass gets exactly the missing ones, in order, none twice', async () => {
    const key = await openRoom('Longue absence');
    const writer = hub('writer').room(key);
    const reader = hub('reader');
    const room = reader.room(key);
    const seen = recorded(room);
    await waitFor(() => room.epoch() !== undefined && writer.epoch() !== undefined, 'both joined');
    writer.post('avant');
    await waitFor(() => room.entries().some((e) => textOf(e) === 'avant'), 'the first message');
    const before = room.entries().length;

    reader.socket.disconnect(); // the network goes away: no reconnection until it comes back
    await waitFor(() => reader.status === 'offline', 'offline');
    for (let i = 1; i <= 500; i += 1) writer.post(`message ${i}`);
    await waitFor(
      () => writer.pending().length === 0,
      () => `500 posts acked (${writer.pending().length} left)`,
      60_000,
    );
    expect(room.entries()).toHaveLength(before);

    reader.socket.connect(); // back
    const feed = await exact(room);
    expect(feed.filter(textOf).map(textOf)).toEqual(['avant', ...range(1, 500).map((i) => `message ${i}`)]);
    expect(seen).toEqual(room.entries());
    expect(new Set(seen.map((e) => e.seq)).size).toBe(seen.length);
  }, 120_000);

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
    const feed = await wholeFeed(http, key);
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

  it('a rebuild resets the room: the client drops the old epoch and ends exact in the new one', async () => {
    const key = await openRoom('Reconstruction');
    const client = hub('temoin');
    const room = client.room(key);
    const resets: number[] = [];
    room.onReset((epoch) => resets.push(epoch));
    for (let i = 1; i <= 30; i += 1) room.post(`avant ${i}`);
    await waitFor(() => room.pending().length === 0, 'posted');
    const old = (await exact(room)).at(0)?.epoch;

    const operator = http.withToken(server.token({ sub: 'op-1', role: 'operator' }));
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
