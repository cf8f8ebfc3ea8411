/**
 * `room:post`: appended as a `MessagePosted` event, acked with its seq once the
 * projector has put it into the room's feed; a retry with the same clientMsgId
 * posts once and acks the same seq.
 */
import type { FeedEntry, PostResult } from '@catalyse/protocol';
import { HubHarness, range } from './testing/hub-harness';

// jest's per-project testTimeout is not applied (it is a global option): set it here.
jest.setTimeout(30_000);

const POSTS_PER_SECOND = 5;

describe('hub room:post (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;
  const ROOM = 'room:salon';

  beforeAll(async () => {
    hub = await HubHarness.start({ postsPerSecond: POSTS_PER_SECOND, postAckTimeoutMs: 400 });
    await hub.openRoom('salon', 'alice');
  });

  afterAll(async () => {
    await hub?.close();
  });

  const postsOf = (feed: readonly FeedEntry[], clientMsgId: string): FeedEntry[] =>
    feed.filter((e) => e.kind === 'MessagePosted' && (e.data as { clientMsgId?: string }).clientMsgId === clientMsgId);

  it('acks with the seq, every member gets the entry, and a retry acks the same seq and posts once', async () => {
    const alice = await hub.connect({ sub: 'alice', role: 'catalyseur' });
    const bob = await hub.connect({ sub: 'bob', role: 'catalyseur' });
    const carol = await hub.connect({ sub: 'carol', role: 'operator' });
    for (const client of [alice, bob, carol]) await client.join(ROOM);

    const ack = await alice.post(ROOM, 'm-1', 'Bonjour à toutes et à tous');
    expect(ack).toEqual({
      ok: true,
      data: { room: ROOM, messageId: expect.any(String), epoch: expect.any(Number), seq: 2, position: expect.stringMatching(/^\d+$/) },
    });
    const posted = (ack as { data: PostResult }).data;
    for (const client of [alice, bob, carol]) {
      await client.waitForSeq(ROOM, posted.seq);
      expect(client.entries(ROOM).at(-1)).toMatchObject({
        room: ROOM,
        seq: posted.seq,
        position: posted.position,
        kind: 'MessagePosted',
        data: { messageId: posted.messageId, clientMsgId: 'm-1', authorId: 'alice', text: 'Bonjour à toutes et à tous' },
      });
    }

    expect(await alice.post(ROOM, 'm-1', 'Bonjour à toutes et à tous')).toEqual(ack);
    // Another person may use the same clientMsgId: it is another message.
    const other = await bob.post(ROOM, 'm-1', 'Bonjour !');
    expect(other).toMatchObject({ ok: true, data: { seq: 3 } });
    const feed = await hub.feed(ROOM);
    expect(postsOf(feed, 'm-1').map((e) => (e.data as { authorId: string }).authorId)).toEqual(['alice', 'bob']);
    await alice.waitForSeq(ROOM, 3);
    expect(alice.entries(ROOM).map((e) => e.seq)).toEqual(range(1, 3));
  });

  it('posts once when the same clientMsgId arrives twice at the same time', async () => {
    const alice = await hub.connect({ sub: 'alice-twice', role: 'catalyseur' });
    const [first, second] = await Promise.all([alice.post(ROOM, 'm-2', 'deux fois'), alice.post(ROOM, 'm-2', 'deux fois')]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    expect(postsOf(await hub.feed(ROOM), 'm-2')).toHaveLength(1);
  });

  it('recognises a retry long after the first post', async () => {
    const alice = await hub.connect({ sub: 'alice-retry', role: 'catalyseur' });
    const first = await alice.post(ROOM, 'm-old', 'il y a longtemps');
    expect(first).toMatchObject({ ok: true });
    let last = 0n;
    for (let i = 0; i < 210; i++) last = await hub.appendMessage('salon', `bavardage ${i}`);
    await hub.projected(last);
    expect(await alice.post(ROOM, 'm-old', 'il y a longtemps')).toEqual(first);
    // The same clientMsgId with another text, long after: refused as a fresh one is (below), not acked as the first.
    expect(await alice.post(ROOM, 'm-old', 'autre chose')).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'clientMsgId "m-old" was already used for another text in this room: send this message with a new clientMsgId' },
    });
    expect(postsOf(await hub.feed(ROOM), 'm-old')).toHaveLength(1);
  });

  it('refuses the same clientMsgId with another text (CONFLICT), as the HTTP api does; the same text is still a retry', async () => {
    const alice = await hub.connect({ sub: 'alice-text', role: 'catalyseur' });
    const first = await alice.post(ROOM, 'm-text', 'Salut');
    expect(first).toMatchObject({ ok: true });
    expect(await alice.post(ROOM, 'm-text', 'Autre texte')).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'clientMsgId "m-text" was already used for another text in this room: send this message with a new clientMsgId' },
    });
    expect(await alice.post(ROOM, 'm-text', 'Salut')).toEqual(first);
    const posts = postsOf(await hub.feed(ROOM), 'm-text');
    expect(posts.map((e) => (e.data as { text?: string }).text)).toEqual(['Salut']);
  });

  it('limits the posts of a person per second', async () => {
    const eager = await hub.connect({ sub: 'eager', role: 'catalyseur' });
    const acks = await Promise.all(range(1, POSTS_PER_SECOND + 3).map((i) => eager.post(ROOM, `burst-${i}`, `message ${i}`)));
    expect(acks.filter((a) => a.ok)).toHaveLength(POSTS_PER_SECOND);
    const limited = acks.filter((a) => !a.ok);
    expect(limited).toHaveLength(3);
    expect(limited[0]).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.stringContaining(`at most ${POSTS_PER_SECOND} per second`) },
    });
    // Another person has their own budget.
    const calm = await hub.connect({ sub: 'calm', role: 'catalyseur' });
    expect(await calm.post(ROOM, 'calm-1', 'tranquille')).toMatchObject({ ok: true });
  });

  it('answers UNAVAILABLE when the feed does not show the message in time; the retry gets the seq', async () => {
    const alice = await hub.connect({ sub: 'alice-late', role: 'catalyseur' });
    await hub.projector.stop();
    try {
      expect(await alice.post(ROOM, 'm-late', 'en retard')).toMatchObject({
        ok: false,
        error: { code: 'UNAVAILABLE', message: expect.stringContaining('retry') },
      });
    } finally {
      await hub.projector.start();
    }
    const retried = await alice.post(ROOM, 'm-late', 'en retard');
    expect(retried).toMatchObject({ ok: true, data: { seq: expect.any(Number) } });
    expect(postsOf(await hub.feed(ROOM), 'm-late')).toHaveLength(1);
  });

  it('refuses a post the room does not accept with RULE_VIOLATED', async () => {
    await hub.openRoom('ferme', 'alice');
    await hub.room('ferme', { type: 'ArchiveRoom', data: { archivedBy: 'alice' } });
    const alice = await hub.connect({ sub: 'alice-archived', role: 'catalyseur' });
    expect(await alice.post('room:ferme', 'm-3', 'trop tard')).toEqual({
      ok: false,
      error: { code: 'RULE_VIOLATED', message: 'an archived room accepts no command' },
    });
  });

  it('refuses text that only looks like text (VALIDATION naming the field), posting nothing; readable text of any script passes', async () => {
    const dana = await hub.connect({ sub: 'dana', role: 'catalyseur' });
    const before = (await hub.feed(ROOM)).length;
    for (const [clientMsgId, text, message] of [
      ['nul', 'a\u0000b', 'text must not hold control characters (only tabs and line breaks)'],
      ['invisible', '\u200b\u2800', 'text must not be blank'],
      ['half', 'a\u202e\ud800', 'text must be well-formed Unicode text (it holds half of a surrogate pair)'],
    ] as const) {
      expect(await dana.post(ROOM, clientMsgId, text)).toEqual({
        ok: false,
        error: { code: 'VALIDATION', message: `invalid room:post payload: text: ${message}`, details: [{ field: 'text', messages: [message] }] },
      });
    }
    expect(await dana.post(ROOM, 'lisible', '👨‍👩‍👧 مرحبا\u200f\nà demain')).toMatchObject({ ok: true });
    const after = await hub.feed(ROOM);
    expect(after.slice(before).map((e) => (e.data as { clientMsgId?: string }).clientMsgId)).toEqual(['lisible']);
  });
});
