import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AssessImpact,
  EVENT_SCHEMAS,
  type PartnershipCommand,
  partnershipDecider,
  partnershipStream,
  type PostMessage,
  postsOf,
  roomDecider,
  roomStream,
} from '@catalyse/domain';
import { type EventStore, UnreadableEventError, withUpcasting, WrongExpectedRevisionError } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { CommandHandler, type CommandContext, idempotentEventId, schemaVersionFor } from './command-handler';
import { foldAsOf } from './as-of';
import { errorBodyOf } from './error-body';
import { payloadFingerprint } from './payload-fingerprint';

const at = (minute: number): string => `2026-03-12T09:${String(minute).padStart(2, '0')}:00.000Z`;
const context = (minute: number, extra: Partial<CommandContext> = {}): CommandContext => ({
  actor: 'cat-1',
  correlationId: `corr-${minute}`,
  occurredAt: at(minute),
  ...extra,
});
const post = (clientMsgId: string, text: string, minute: number): PostMessage => ({
  type: 'PostMessage',
  data: { messageId: `m-${clientMsgId}`, clientMsgId, authorId: 'cat-1', text, postedAt: at(minute) },
});

describe('CommandHandler on a real SQLite event store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let handler: CommandHandler;
  const stream = roomStream('atelier-charenton');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-commands-'));
    store = SqliteEventStore.open({ file: join(dir, 'events.db') });
    handler = new CommandHandler(store);
    await handler.handle(
      roomDecider,
      stream,
      {
        type: 'OpenRoom',
        data: {
          roomId: 'atelier-charenton',
          kind: 'experimentation',
          subject: 'charenton',
          title: 'Atelier insertion des jeunes',
          access: 'open',
          openedBy: 'cat-1',
          openedAt: at(0),
        },
      },
      context(0),
    );
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends the decided events with their metadata and returns revision and position', async () => {
    const result = await handler.handle(roomDecider, stream, post('c1', 'Bonjour à tous', 1), context(1, { causationId: 'cause-1' }));
    expect(result).toMatchObject({ revision: 1n, replayed: false, events: [{ type: 'MessagePosted' }] });
    const [event] = await store.readStream(stream, { from: 1n });
    expect(event?.position).toBe(result.position);
    expect(event?.metadata).toMatchObject({ actor: 'cat-1', correlationId: 'corr-1', causationId: 'cause-1', occurredAt: at(1), schemaVersion: 1 });
  });

  it('keeps no empty stream in its cache: loads of streams never written (random ids) do not push out the states kept', async () => {
    const reads: bigint[] = [];
    const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
      readStream: (name: string, options: Parameters<EventStore['readStream']>[1]) => {
        if (name === stream && typeof options?.from === 'bigint') reads.push(options.from);
        return store.readStream(name, options);
      },
    });
    const small = new CommandHandler(counting, { cacheSize: 2 });
    await small.load(roomDecider, stream);
    for (let i = 0; i < 5; i++) expect((await small.load(roomDecider, roomStream(`nothing-${i}`))).revision).toBe(-1n);
    await small.load(roomDecider, stream);
    // Read from its start once, then only after what was kept.
    expect(reads).toEqual([0n, 1n]);
  });

  it('answers a retry with the same idempotency key with the first result and writes nothing', async () => {
    const first = await handler.handle(roomDecider, stream, post('c2', 'Première', 2), context(2, { idempotencyKey: 'key-2' }));
    await handler.handle(roomDecider, stream, post('c3', 'Autre', 3), context(3));
    const retry = await handler.handle(roomDecider, stream, post('c2', 'Première', 2), context(4, { idempotencyKey: 'key-2' }));
    expect(retry).toMatchObject({ replayed: true, revision: first.revision, position: first.position, events: [] });
    expect(await store.readStream(stream)).toHaveLength(3);
    const [written] = await store.readStream(stream, { from: first.revision });
    expect(written?.id).toBe(idempotentEventId(stream, 'cat-1', 'key-2', 0));
  });

  it('refuses a key its actor gave to another command on the stream (409 CONFLICT), rather than answering the first one’s result', async () => {
    const first = await handler.handle(roomDecider, stream, post('c5', 'Décision à venir', 5), context(5, { idempotencyKey: 'key-5' }));
    const [written] = await store.readStream(stream, { from: first.revision });
    expect(written?.metadata).toMatchObject({ idempotencyKey: 'key-5', command: 'PostMessage' });
    const decision = { type: 'RecordDecision', data: { decisionId: 'd-1', text: 'On avance', recordedBy: 'cat-1' } } as const;
    const refused = await handler.handle(roomDecider, stream, decision, context(6, { idempotencyKey: 'key-5' })).catch((error: unknown) => error);
    expect(errorBodyOf(refused)).toEqual({
      code: 'CONFLICT',
      message: 'Idempotency-Key key-5 was already used for PostMessage on this resource: send RecordDecision with a new key',
    });
    expect(await store.readStream(stream)).toHaveLength(2);
    // The same command again with that key is still a retry; the other command with a new key is carried out.
    expect(await handler.handle(roomDecider, stream, post('c5', 'Décision à venir', 5), context(7, { idempotencyKey: 'key-5' }))).toMatchObject({
      replayed: true,
    });
    expect(await handler.handle(roomDecider, stream, decision, context(8, { idempotencyKey: 'key-6' }))).toMatchObject({ replayed: false });
  });

  it('refuses a key its actor gave to the same command with another payload (409 CONFLICT), compared by keyed fingerprint only', async () => {
    const secret = Buffer.alloc(32, 7);
    const print = (text: string, key = secret): string =>
      payloadFingerprint(key, { actor: 'cat-1', stream, idempotencyKey: 'key-p' }, JSON.stringify({ text }));
    const first = await handler.handle(
      roomDecider,
      stream,
      post('p1', 'Jalon A', 5),
      context(5, { idempotencyKey: 'key-p', payloadFingerprint: print('Jalon A') }),
    );
    const [written] = await store.readStream(stream, { from: first.revision });
    expect(written?.metadata).toMatchObject({ idempotencyKey: 'key-p', command: 'PostMessage', payloadFingerprint: print('Jalon A') });
    // The same payload: a retry (the command built anew, e.g. with a new time, is not what is compared).
    const retry = await handler.handle(
      roomDecider,
      stream,
      post('p1', 'Jalon A', 6),
      context(6, { idempotencyKey: 'key-p', payloadFingerprint: print('Jalon A') }),
    );
    expect(retry).toMatchObject({ replayed: true, revision: first.revision, position: first.position });
    // Another payload: refused, nothing written.
    const refused = await handler
      .handle(roomDecider, stream, post('p2', 'Jalon B', 7), context(7, { idempotencyKey: 'key-p', payloadFingerprint: print('Jalon B') }))
      .catch((error: unknown) => error);
    expect(errorBodyOf(refused)).toEqual({
      code: 'CONFLICT',
      message: 'Idempotency-Key key-p was already used for PostMessage with another payload on this resource: send this one with a new key',
    });
    expect(await store.readStream(stream)).toHaveLength(2);
    // Nothing can be told, so the first result answers as before: a fingerprint under another secret (rotated),
    // a caller that sends none (the CLI, the hub), and events recorded before fingerprints.
    const rotated = print('Jalon B', Buffer.alloc(32, 8));
    for (const extra of [{ payloadFingerprint: rotated }, {}]) {
      const answered = await handler.handle(roomDecider, stream, post('p2', 'Jalon B', 8), context(8, { idempotencyKey: 'key-p', ...extra }));
      expect(answered).toMatchObject({ replayed: true, revision: first.revision });
    }
    const old = await handler.handle(roomDecider, stream, post('p3', 'Avant', 9), context(9, { idempotencyKey: 'key-old' }));
    expect((await store.readStream(stream, { from: old.revision }))[0]?.metadata['payloadFingerprint']).toBeUndefined();
    const later = await handler.handle(
      roomDecider,
      stream,
      post('p4', 'Après', 10),
      context(10, { idempotencyKey: 'key-old', payloadFingerprint: print('Après') }),
    );
    expect(later).toMatchObject({ replayed: true, revision: old.revision });
    expect(await store.readStream(stream)).toHaveLength(3);
  });

  it('compares the payload of a key used more than 200 events back (beyond the scan), at the revision the store answers', async () => {
    const secret = Buffer.alloc(32, 11);
    const print = (text: string): string => payloadFingerprint(secret, { actor: 'cat-1', stream, idempotencyKey: 'far' }, JSON.stringify({ text }));
    const keyed = (clientMsgId: string, text: string, minute: number) =>
      handler.handle(roomDecider, stream, post(clientMsgId, text, minute), context(minute, { idempotencyKey: 'far', payloadFingerprint: print(text) }));
    const first = await keyed('far-1', 'Jalon lointain', 20);
    // 210 events after it, written by another process (this handler's cache knows nothing of them).
    const later = Array.from({ length: 210 }, (_, i) => ({
      id: `later-${i}`,
      type: 'MessagePosted',
      data: { messageId: `m-later-${i}`, clientMsgId: `later-${i}`, authorId: 'cat-2', text: `n°${i}`, postedAt: at(21) },
      metadata: { ...context(21, { actor: 'cat-2' }), causationId: 'corr-21', schemaVersion: 1 },
    }));
    await store.append(stream, later, { expectedRevision: first.revision });
    const length = (await store.readStream(stream, { limit: 1000 })).length;
    expect(length).toBe(Number(first.revision) + 211);

    // Another payload with the key: 409, where it was answered with the first result and silently dropped.
    const other = await keyed('far-2', 'Autre jalon', 22).catch((error: unknown) => error);
    expect(errorBodyOf(other)).toEqual({
      code: 'CONFLICT',
      message: 'Idempotency-Key far was already used for PostMessage with another payload on this resource: send this one with a new key',
    });
    // Another command with the key: 409 too.
    const decision = { type: 'RecordDecision', data: { decisionId: 'd-far', text: 'On avance', recordedBy: 'cat-1' } } as const;
    const another = await handler
      .handle(roomDecider, stream, decision, context(23, { idempotencyKey: 'far', payloadFingerprint: print('Jalon lointain') }))
      .catch((error: unknown) => error);
    expect(errorBodyOf(another)).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already used for PostMessage') });
    // The same payload (the command built anew, as the api does: another message id): the first result, its revision and position.
    const retry = await keyed('far-3', 'Jalon lointain', 24);
    expect(retry).toMatchObject({ replayed: true, revision: first.revision, position: first.position, events: [] });
    expect(await store.readStream(stream, { limit: 1000 })).toHaveLength(length);
  });

  it('answers a retry refused by the decider or decided to nothing, its key more than 200 events back, as a replay', async () => {
    const secret = Buffer.alloc(32, 13);
    const farStream = roomStream('far-room');
    const print = (title: string, key = 'open-far'): string =>
      payloadFingerprint(secret, { actor: 'cat-1', stream: farStream, idempotencyKey: key }, JSON.stringify({ title }));
    const open = (title: string, minute: number) =>
      ({
        type: 'OpenRoom',
        data: { roomId: 'far-room', kind: 'theme', subject: 'numerique', title, access: 'open', openedBy: 'cat-1', openedAt: at(minute) },
      }) as const;
    const keyed = (title: string, minute: number, extra: Partial<CommandContext> = {}) =>
      handler.handle(roomDecider, farStream, open(title, minute), context(minute, { idempotencyKey: 'open-far', payloadFingerprint: print(title), ...extra }));
    const first = await keyed('Salon lointain', 30);
    const posted = await handler.handle(roomDecider, farStream, post('far-post', 'Premier', 31), context(31, { idempotencyKey: 'post-far' }));
    // 210 events after them, written by another process.
    const later = Array.from({ length: 210 }, (_, i) => ({
      id: `far-later-${i}`,
      type: 'MessagePosted',
      data: { messageId: `m-far-${i}`, clientMsgId: `far-${i}`, authorId: 'cat-2', text: `n°${i}`, postedAt: at(32) },
      metadata: { ...context(32, { actor: 'cat-2' }), causationId: 'corr-32', schemaVersion: 1 },
    }));
    await store.append(farStream, later, { expectedRevision: posted.revision });
    const length = (await store.readStream(farStream, { limit: 1000 })).length;

    // The decider refuses the create (« room already exists ») before any append: the key is found in the whole stream.
    const retry = await keyed('Salon lointain', 33);
    expect(retry).toMatchObject({ replayed: true, revision: first.revision, position: first.position, events: [] });
    expect(retry.original?.type).toBe('RoomOpened');
    // Also with a stale If-Match (the revision the first request expected), and from a process that knows nothing.
    const fresh = new CommandHandler(store);
    expect(await fresh.handle(roomDecider, farStream, post('far-post', 'Premier', 34), context(34, { idempotencyKey: 'post-far' }))).toMatchObject({
      replayed: true,
      revision: posted.revision,
      position: posted.position,
    });
    expect(await keyed('Salon lointain', 35, { expectedRevision: -1n })).toMatchObject({ replayed: true, revision: first.revision });
    // Another payload or another command with the key: 409 for the key, not the decider's refusal.
    expect(errorBodyOf(await keyed('Autre salon', 36).catch((error: unknown) => error))).toEqual({
      code: 'CONFLICT',
      message: 'Idempotency-Key open-far was already used for OpenRoom with another payload on this resource: send this one with a new key',
    });
    const archive = { type: 'ArchiveRoom', data: { archivedBy: 'cat-1' } } as const;
    expect(
      errorBodyOf(
        await handler.handle(roomDecider, farStream, archive, context(37, { idempotencyKey: 'post-far', expectedRevision: 0n })).catch((e: unknown) => e),
      ),
    ).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already used for PostMessage') });
    // Without the key, or another actor's: the decider's refusal, as before.
    for (const extra of [{ idempotencyKey: undefined, payloadFingerprint: undefined }, { actor: 'cat-2' }]) {
      expect(errorBodyOf(await keyed('Salon lointain', 38, extra).catch((error: unknown) => error))).toEqual({
        code: 'CONFLICT',
        message: 'room already exists',
      });
    }
    expect(await store.readStream(farStream, { limit: 1000 })).toHaveLength(length);
  });

  it('refuses another payload with the same key also when the two race from two processes: one is written, the other is 409', async () => {
    const secret = Buffer.alloc(32, 9);
    const outcomes = await Promise.all(
      ['Course A', 'Course B'].map((text, i) =>
        new CommandHandler(store)
          .handle(
            roomDecider,
            stream,
            post(`race-${i}`, text, 12),
            context(12, { idempotencyKey: 'raced', payloadFingerprint: payloadFingerprint(secret, { actor: 'cat-1', stream, idempotencyKey: 'raced' }, text) }),
          )
          .then(
            (result) => (result.replayed ? 'replayed' : 'written'),
            (error: unknown) => errorBodyOf(error)?.code,
          ),
      ),
    );
    expect([...outcomes].sort()).toEqual(['CONFLICT', 'written']);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('keeps idempotency keys to their actor: another actor’s command with the same key is carried out', async () => {
    const first = await handler.handle(roomDecider, stream, post('c8', 'Première', 8), context(8, { idempotencyKey: 'shared-key' }));
    // Another person (an operator) happens to send the same key, with another command, alone and then in a race.
    const other = await handler.handle(roomDecider, stream, post('c9', 'Autre personne', 9), context(9, { actor: 'op-1', idempotencyKey: 'shared-key' }));
    expect(other).toMatchObject({ replayed: false, revision: first.revision + 1n, events: [{ type: 'MessagePosted' }] });
    const raced = await Promise.all(
      ['cat-2', 'cat-3'].map((actor, i) =>
        new CommandHandler(store).handle(roomDecider, stream, post(`race-${actor}`, `Course ${i}`, 10), context(10, { actor, idempotencyKey: 'raced-key' })),
      ),
    );
    expect(raced.map((result) => result.replayed)).toEqual([false, false]);
    const written = await store.readStream(stream, { from: first.revision });
    const pairs = written.map((event) => [event.metadata.actor, (event.data as { clientMsgId: string }).clientMsgId]);
    expect(pairs).toHaveLength(4);
    expect(pairs.slice(0, 2)).toEqual([
      ['cat-1', 'c8'],
      ['op-1', 'c9'],
    ]);
    expect(pairs.slice(2)).toEqual(
      expect.arrayContaining([
        ['cat-2', 'race-cat-2'],
        ['cat-3', 'race-cat-3'],
      ]),
    );
    // Each actor's retry still answers its own first result.
    const retry = await handler.handle(roomDecider, stream, post('c9', 'Autre personne', 9), context(11, { actor: 'op-1', idempotencyKey: 'shared-key' }));
    expect(retry).toMatchObject({ replayed: true, revision: other.revision, position: other.position });
  });

  it('refuses a stale expected revision with the current one, and retries a raced write without one', async () => {
    await expect(handler.handle(roomDecider, stream, post('c4', 'x', 4), context(4, { expectedRevision: 5n }))).rejects.toMatchObject({
      name: 'WrongExpectedRevisionError',
      actual: 0n,
    });
    // Another writer (another handler, so another cache) moves the stream on behind our back.
    const other = new CommandHandler(store);
    await other.handle(roomDecider, stream, post('c5', 'ailleurs', 5), context(5));
    const raced = await handler.handle(roomDecider, stream, post('c6', 'ici', 6), context(6));
    expect(raced.revision).toBe(2n);
    await expect(handler.handle(roomDecider, stream, post('c7', 'x', 7), context(7, { expectedRevision: 0n }))).rejects.toBeInstanceOf(
      WrongExpectedRevisionError,
    );
  });

  it('lets exactly one of many concurrent writers with the same If-Match win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        new CommandHandler(store).handle(roomDecider, stream, post(`r${i}`, `n°${i}`, 8), context(8, { expectedRevision: 0n })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof WrongExpectedRevisionError)).toHaveLength(19);
  });

  it('queues a burst of commands on one stream instead of racing: all succeed, in call order', async () => {
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => handler.handle(roomDecider, stream, post(`b${i}`, `n°${i}`, 13), context(13))));
    expect(results.map((result) => result.revision)).toEqual(Array.from({ length: 60 }, (_, i) => BigInt(i + 1)));
    const stored = await store.readStream(stream, { from: 1n });
    expect(stored.map((event) => (event.data as { clientMsgId: string }).clientMsgId)).toEqual(Array.from({ length: 60 }, (_, i) => `b${i}`));
  });

  it('keeps one failing command from blocking the ones queued behind it', async () => {
    const outcomes = await Promise.allSettled([
      handler.handle(roomDecider, stream, post('q1', 'un', 14), context(14)),
      handler.handle(roomDecider, stream, post('q2', '   ', 14), context(14)), // empty text: refused
      handler.handle(roomDecider, stream, post('q3', 'trois', 14), context(14)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await store.readStream(stream)).map((event) => event.revision)).toEqual([0n, 1n, 2n]);
  });

  it('after losing a race to another writer, catches up from its cached state instead of re-reading the stream', async () => {
    for (let i = 0; i < 5; i++) await handler.handle(roomDecider, stream, post(`w${i}`, 'x', 15), context(15)); // revision 5, cached
    const reads: (bigint | string | undefined)[] = [];
    const readStream = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation(async (name, options) => {
      const page = await readStream(name, options);
      reads.push(options?.from);
      if (reads.length === 1) {
        // Another process writes between our load and our append: our append loses the race.
        const data = { messageId: 'm-elsewhere', clientMsgId: 'elsewhere', authorId: 'cat-2', text: 'ailleurs', postedAt: at(15) };
        await store.append(stream, [{ id: 'other-process-1', type: 'MessagePosted', data, metadata: { ...context(15), causationId: 'c', schemaVersion: 1 } }], {
          expectedRevision: 5n,
        });
      }
      return page;
    });
    const result = await handler.handle(roomDecider, stream, post('after', 'z', 16), context(16));
    expect(result.revision).toBe(7n);
    expect(reads).toEqual([6n, 6n]); // the retry caught up from revision 5, it did not fold the stream from the start
  });

  it('writes nothing when the decider decides nothing (a re-posted clientMsgId)', async () => {
    const first = await handler.handle(roomDecider, stream, post('c9', 'Une fois', 9), context(9));
    const again = await handler.handle(roomDecider, stream, post('c9', 'Une fois', 9), context(10));
    expect(again).toMatchObject({ replayed: true, revision: first.revision, events: [] });
  });

  it('folds the state as of a time or a position', async () => {
    const first = await handler.handle(roomDecider, stream, post('a', 'un', 11), context(11));
    await handler.handle(roomDecider, stream, post('b', 'deux', 12), context(12));
    const byTime = await foldAsOf(store, roomDecider, stream, { time: at(11) }, 'Europe/Paris');
    const byPosition = await foldAsOf(store, roomDecider, stream, { position: first.position }, 'Europe/Paris');
    for (const folded of [byTime, byPosition]) {
      expect(folded.revision).toBe(1n);
      expect(folded.state.status === 'open' && [...folded.state.recentPosts.values()].flatMap(postsOf).map((post) => post.messageId)).toEqual(['m-a']);
    }
    expect((await foldAsOf(store, roomDecider, stream, { time: '2000-01-01T00:00:00Z' }, 'Europe/Paris')).state).toEqual({ status: 'none' });
  });
});

describe('schema versions on the command path (an upcasting store over real SQLite)', () => {
  let dir: string;
  let raw: SqliteEventStore;
  let store: EventStore;
  let handler: CommandHandler;
  const stream = partnershipStream('flda');
  const meta = (minute: number, schemaVersion = 1) => ({ ...context(minute), causationId: `corr-${minute}`, schemaVersion });
  const inEvaluation: { type: string; data: unknown }[] = [
    {
      type: 'PartnershipProposed',
      data: {
        partnershipId: 'flda',
        title: 'Maintien à domicile',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [
          { orgId: 'flda', name: 'FLDA', sphere: 'fondation' },
          { orgId: 'cg', name: 'Conseil général', sphere: 'collectivite' },
        ],
        modes: ['mecenat'],
        proposedAt: at(0),
      },
    },
    { type: 'EvaluationOpened', data: { openedOn: '2026-03-12', cycle: 1 } },
  ];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-commands-versions-'));
    raw = SqliteEventStore.open({ file: join(dir, 'events.db') });
    store = withUpcasting(raw, EVENT_SCHEMAS);
    handler = new CommandHandler(store);
    await raw.append(
      stream,
      inEvaluation.map((event, i) => ({ id: `e${i}`, ...event, metadata: meta(i) })),
      { expectedRevision: 'no_stream' },
    );
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stamps each event with its type’s current version: ImpactAssessed at 2, the others at 1', async () => {
    const assess: AssessImpact = {
      type: 'AssessImpact',
      data: { dimension: 'confiance', scores: { collective_trust: 4, individual_trust: 5 }, evidence: 'COPIL' },
    };
    await handler.handle(partnershipDecider, stream, assess, context(3));
    const [assessed] = await raw.readStream(stream, { from: 2n });
    expect(assessed?.metadata.schemaVersion).toBe(2);
    expect(schemaVersionFor(stream, 'ImpactAssessed')).toBe(2);
    expect(schemaVersionFor(stream, 'EvaluationConcluded')).toBe(1);
    expect(schemaVersionFor('mystery-1', 'Anything')).toBe(1);
  });

  it('loads a version 1 assessment upcast; a version 2 one decided on it replaces it', async () => {
    await raw.append(stream, [{ id: 'v1', type: 'ImpactAssessed', data: { dimension: 'confiance', score: 3, evidence: 'entretiens' }, metadata: meta(2) }], {
      expectedRevision: 1n,
    });
    const { state } = await handler.load(partnershipDecider, stream);
    expect(state.status === 'active' && state.impact).toEqual({
      confiance: { score: 3, scores: { collective_trust: 3, individual_trust: 3 }, evidence: 'entretiens' },
    });
    const assess: AssessImpact = {
      type: 'AssessImpact',
      data: { dimension: 'confiance', scores: { collective_trust: 4, individual_trust: 5 }, evidence: 'COPIL' },
    };
    expect((await handler.handle(partnershipDecider, stream, assess, context(3))).revision).toBe(3n);
    const loaded = await new CommandHandler(store).load(partnershipDecider, stream);
    expect(loaded.state.status === 'active' && loaded.state.impact).toEqual({
      confiance: { score: 4.5, scores: { collective_trust: 4, individual_trust: 5 }, evidence: 'COPIL' },
    });
  });

  it('refuses a command on a stream holding an event newer than this code (UNAVAILABLE), and as-of leaves it out and says so', async () => {
    const newer = { dimension: 'confiance', scores: { collective_trust: 4, individual_trust: 5 }, weights: [1, 2], evidence: 'v3' };
    await raw.append(stream, [{ id: 'v3', type: 'ImpactAssessed', data: newer, metadata: meta(2, 3) }], { expectedRevision: 1n });
    const conclude: PartnershipCommand = { type: 'ConcludeEvaluation', data: { decision: 'clore', concludedOn: '2026-03-12' } };
    const refusal = await handler.handle(partnershipDecider, stream, conclude, context(3)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UnreadableEventError);
    expect(errorBodyOf(refusal)).toEqual({
      code: 'UNAVAILABLE',
      message:
        'stream partnership-flda holds an event this version of Catalyse cannot read (revision 2, ImpactAssessed): ImpactAssessed is at schema version 3, written by a newer version of Catalyse: this one reads up to version 2; this command cannot be decided here',
    });
    expect(await raw.readStream(stream)).toHaveLength(3);
    const folded = await foldAsOf(store, partnershipDecider, stream, {}, 'Europe/Paris');
    expect(folded).toMatchObject({ folded: 2, unreadable: [{ revision: 2n, type: 'ImpactAssessed' }] });
    expect(folded.state.status === 'active' && folded.state.impact).toEqual({});
  });
});
