/**
 * The hub's guarantee: every client receives every entry of a room
 * once, in seq order; a client that was away and rejoins with its `since` ends
 * with exactly the room's entries, none missing, none twice — whatever the
 * timing of appends, projection, notifications and joins.
 */
import { type FeedEntry, HUB_EVENTS } from '@catalyse/protocol';
import { FanoutService } from './fanout/fanout.service';
import { HubHarness, range, seqs } from './testing/hub-harness';
import type { TestClient } from './testing/test-client';

// jest's per-project testTimeout is not applied (it is a global option): set it here.
jest.setTimeout(30_000);

/** Small pages and acks, so that every paging path runs. */
const OPTIONS = { readPageSize: 7, joinAckMaxEntries: 25, snapshotSize: 10, syncPageSize: 12 };

describe.each([
  ['', false],
  [', feed reads slowed down (widening every race)', true],
])('hub fan-out: exact and ordered (real Nest app, SQLite, projector%s)', (_title, slowFeedReads) => {
  let hub: HubHarness;

  beforeAll(async () => {
    hub = await HubHarness.start(OPTIONS, { slowFeedReads });
  });

  afterAll(async () => {
    await hub?.close();
  });

  /** Waits until the projector has folded `position` and every client holds the feed's head. */
  const settle = async (room: string, position: bigint, clients: readonly TestClient[]): Promise<{ epoch: number; head: number }> => {
    await hub.projected(position);
    const head = await hub.head(room);
    await Promise.all(clients.map((client) => client.waitForSeq(room, head.head)));
    return head;
  };

  const sameEntries = (received: readonly FeedEntry[], feed: readonly FeedEntry[]): void => {
    expect(received.map((e) => `${e.epoch}/${e.seq}/${e.position}/${e.kind}`)).toEqual(feed.map((e) => `${e.epoch}/${e.seq}/${e.position}/${e.kind}`));
  };

  it('three clients in partnership:{id} get every entry in order; one away rejoins with its since and ends with exactly the feed', async () => {
    const id = 'flda-ardeche';
    const room = `partnership:${id}`;
    // Proposed by the catalyseur who accompanies it: PartnershipProposed, CatalyseurAssigned.
    await hub.propose(id, ['flda', 'cg-ardeche'], 'cat-ardeche-1');
    const catalyseur = await hub.connect({ sub: 'cat-ardeche-1', role: 'catalyseur' });
    const flda = await hub.connect({ sub: 'marie', role: 'partner', org: 'flda' });
    const away = await hub.connect({ sub: 'paul', role: 'partner', org: 'cg-ardeche' });
    for (const client of [catalyseur, flda, away]) {
      const joined = await client.join(room);
      expect(joined).toMatchObject({ room, head: 2, snapshot: true });
    }

    let last = 0n;
    for (let i = 1; i <= 15; i++) last = await hub.planMilestone(id, `m${i}`);
    const halfway = await settle(room, last, [catalyseur, flda, away]);
    expect(halfway.head).toBe(17);

    // Away in the middle of a stream of appends: it disconnects while entries are being projected and delivered.
    for (let i = 16; i <= 40; i++) {
      last = await hub.planMilestone(id, `m${i}`);
      if (i === 20) away.close();
    }
    const whileAway = await settle(room, last, [catalyseur, flda]);
    expect(whileAway.head).toBe(42);
    const since = away.cursor(room);
    expect(since?.seq).toBeGreaterThanOrEqual(halfway.head);
    expect(since?.seq).toBeLessThan(whileAway.head);

    // It comes back with its since, while appends go on.
    const back = await hub.connect({ sub: 'paul', role: 'partner', org: 'cg-ardeche' });
    const rejoining = back.join(room, since);
    const after = (async (): Promise<bigint> => {
      let position = 0n;
      for (let i = 41; i <= 60; i++) position = await hub.planMilestone(id, `m${i}`);
      return position;
    })();
    const rejoined = await rejoining;
    expect(rejoined.snapshot).toBe(false);
    expect(seqs(rejoined.entries)).toEqual(range((since?.seq ?? 0) + 1, Math.min(rejoined.head, (since?.seq ?? 0) + OPTIONS.joinAckMaxEntries)));
    last = await after;
    const final = await settle(room, last, [catalyseur, flda, back]);
    expect(final.head).toBe(62);

    const feed = await hub.feed(room);
    expect(seqs(feed)).toEqual(range(1, 62));
    sameEntries(catalyseur.entries(room), feed);
    sameEntries(flda.entries(room), feed);
    sameEntries([...away.entries(room), ...back.entries(room)], feed);
  });

  it('many concurrent appends while clients join, leave, rejoin and reconnect at random moments: each gets a contiguous run, none twice', async () => {
    const roomId = 'busy';
    const room = `room:${roomId}`;
    await hub.openRoom(roomId, 'alice');
    const { epoch } = await hub.head(room);

    const WRITERS = 6;
    const PER_WRITER = 50;
    const TOTAL = WRITERS * PER_WRITER;
    /**
     * Each person acts when the count of appends reaches the thresholds of its script:
     * first a join (from the start, or a snapshot), then in turn a leave and rejoin on the
     * same socket, and a disconnect and rejoin on a new socket, each with its since.
     */
    interface Person {
      readonly sub: string;
      readonly sockets: TestClient[];
      readonly script: number[];
      readonly fromStart: boolean;
      step: number;
      chain: Promise<void>;
    }
    const people: Person[] = range(1, 10).map((i) => {
      const script = range(1, 1 + Math.floor(Math.random() * 4)).map(() => Math.floor(Math.random() * TOTAL * 0.9));
      return { sub: `cat-busy-${i}`, sockets: [], script: script.sort((a, b) => a - b), fromStart: i % 2 === 0, step: 0, chain: Promise.resolve() };
    });
    const union = (person: Person): FeedEntry[] => person.sockets.flatMap((socket) => socket.entries(room));
    const cursorOf = (person: Person): { epoch: number; seq: number } => {
      const last = union(person).at(-1);
      return last ? { epoch: last.epoch, seq: last.seq } : { epoch, seq: 0 };
    };
    const act = async (person: Person, step: number): Promise<void> => {
      const current = person.sockets.at(-1);
      if (step === 0 || !current) {
        const socket = await hub.connect({ sub: person.sub, role: 'catalyseur' });
        person.sockets.push(socket);
        await socket.join(room, person.fromStart ? { epoch, seq: 0 } : undefined);
      } else if (step % 2 === 1) {
        expect(await current.request('room:leave', { room })).toEqual({ ok: true, data: { room } });
        await current.join(room, cursorOf(person));
      } else {
        current.close();
        const socket = await hub.connect({ sub: person.sub, role: 'catalyseur' });
        person.sockets.push(socket);
        await socket.join(room, cursorOf(person));
      }
    };
    let appended = 0;
    const onAppended = (): void => {
      appended++;
      for (const person of people) {
        while (person.step < person.script.length && (person.script[person.step] ?? 0) <= appended) {
          const step = person.step++;
          person.chain = person.chain.then(() => act(person, step));
        }
      }
    };
    const writer = async (w: number): Promise<bigint> => {
      let last = 0n;
      for (let i = 0; i < PER_WRITER; i++) {
        last = await hub.appendMessage(roomId, `writer ${w} message ${i}`);
        onAppended();
      }
      return last;
    };
    const lasts = await Promise.all(range(1, WRITERS).map(writer));
    await Promise.all(people.map((person) => person.chain));
    const last = lasts.reduce((a, b) => (a > b ? a : b));
    await hub.projected(last);
    const { head } = await hub.head(room);
    expect(head).toBe(TOTAL + 1);
    // What a person holds is the union of its sockets (a late reconnect may have had nothing left to get).
    await Promise.all(people.map((person) => (person.sockets.at(-1) as TestClient).waitFor(() => cursorOf(person).seq >= head, `${person.sub} at ${head}`)));

    const feed = await hub.feed(room);
    for (const person of people) {
      const got = union(person);
      const first = got[0]?.seq ?? 0;
      if (person.fromStart) expect(first).toBe(1);
      sameEntries(got, feed.slice(first - 1));
    }
  });

  it('catches up a long absence in pages: the ack holds the first entries, the rest arrive before any live one', async () => {
    const roomId = 'archive';
    const room = `room:${roomId}`;
    await hub.openRoom(roomId, 'alice');
    let last = 0n;
    for (let i = 0; i < 100; i++) last = await hub.appendMessage(roomId, `old ${i}`);
    await hub.projected(last);
    const { epoch } = await hub.head(room);

    const client = await hub.connect({ sub: 'cat-late', role: 'catalyseur' });
    const joining = client.join(room, { epoch, seq: 0 });
    const live: Promise<bigint>[] = range(1, 30).map((i) => hub.appendMessage(roomId, `new ${i}`));
    const joined = await joining;
    expect(joined.snapshot).toBe(false);
    expect(joined.head).toBeGreaterThanOrEqual(101);
    expect(seqs(joined.entries)).toEqual(range(1, OPTIONS.joinAckMaxEntries));
    last = (await Promise.all(live)).reduce((a, b) => (a > b ? a : b));
    await settle(room, last, [client]);
    sameEntries(client.entries(room), await hub.feed(room));
  });

  it('answers a join without since, or with a since of another epoch, with a snapshot (and a reset first)', async () => {
    const room = 'room:archive';
    const { epoch, head } = await hub.head(room);
    const fresh = await hub.connect({ sub: 'cat-fresh', role: 'catalyseur' });
    const snapshot = await fresh.join(room);
    expect(snapshot).toMatchObject({ room, epoch, head, snapshot: true });
    expect(seqs(snapshot.entries)).toEqual(range(head - OPTIONS.snapshotSize + 1, head));

    const stale = await hub.connect({ sub: 'cat-stale', role: 'catalyseur' });
    const rebuilt = await stale.join(room, { epoch: epoch + 7, seq: 3 });
    expect(rebuilt).toMatchObject({ epoch, head, snapshot: true });
    expect(stale.resets).toEqual([{ room, epoch }]);
    expect(stale.log.indexOf('room:reset')).toBeLessThan(stale.log.indexOf('ack:room:join'));

    const ahead = await hub.connect({ sub: 'cat-ahead', role: 'catalyseur' });
    expect(await ahead.join(room, { epoch, seq: head + 50 })).toMatchObject({ snapshot: true, head });
    expect(ahead.resets).toEqual([]);

    const upToDate = await hub.connect({ sub: 'cat-current', role: 'catalyseur' });
    expect(await upToDate.join(room, { epoch, seq: head })).toMatchObject({ snapshot: false, head, entries: [] });
  });

  it('room:sync pages the entries after since', async () => {
    const room = 'room:archive';
    const { epoch, head } = await hub.head(room);
    const client = await hub.connect({ sub: 'cat-sync', role: 'catalyseur' });
    let since = { epoch, seq: 0 };
    const pages: number[] = [];
    for (;;) {
      const page = await client.sync(room, since);
      expect(page).toMatchObject({ room, epoch, head });
      pages.push(page.entries.length);
      since = { epoch, seq: page.entries.at(-1)?.seq ?? since.seq };
      if (!page.more) break;
    }
    expect(pages.every((n) => n <= OPTIONS.syncPageSize)).toBe(true);
    expect(seqs(client.entries(room))).toEqual(range(1, head));
    expect((await client.sync(room, { epoch, seq: head })).entries).toEqual([]);
    // A cursor past the head is not this room's: refused (an empty page would read « up to date » forever).
    const ahead = await client.request(HUB_EVENTS.sync, { room, since: { epoch, seq: head + 1 } });
    expect(ahead).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: `since ${head + 1} is beyond the head of ${room} (${head} in epoch ${epoch}): join the room again without since` },
    });
    // A cursor of another epoch (a rebuild switched it since): the current epoch from its first entry, its epoch saying so.
    const other = await client.request(HUB_EVENTS.sync, { room, since: { epoch: epoch + 7, seq: head + 1 } });
    expect(other.ok && { epoch: other.data.epoch, first: other.data.entries[0]?.seq }).toEqual({ epoch, first: 1 });
  });

  it('forgets a room once its last local socket has left', async () => {
    const roomId = 'ephemeral';
    const room = `room:${roomId}`;
    await hub.openRoom(roomId, 'alice');
    const fanouts = hub.app.get(FanoutService);
    const one = await hub.connect({ sub: 'cat-e1', role: 'catalyseur' });
    const two = await hub.connect({ sub: 'cat-e2', role: 'catalyseur' });
    await one.join(room);
    await two.join(room);
    expect(fanouts.rooms).toContain(room);
    await one.request('room:leave', { room });
    two.close();
    // One more round trip: the server has handled the disconnect and the leave by then.
    await one.request('room:leave', { room: 'network' });
    expect(fanouts.rooms).not.toContain(room);

    // Coming back starts it again from the feed, and live entries flow.
    await one.join(room, one.cursor(room));
    const position = await hub.appendMessage(roomId, 'after a pause');
    await settle(room, position, [one]);
    sameEntries(one.entries(room), await hub.feed(room));
  });
});
