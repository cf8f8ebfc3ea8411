import { randomUUID } from 'node:crypto';
import { InvalidAppendError, isWrongExpectedRevision, PartialDuplicateAppendError, WrongExpectedRevisionError } from '../errors';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  readAllEvents,
  readWholeStream,
  type RecordedEvent,
} from '../event-store';
import { collect, readAllOf, rejectionOf, settleAll, strictlyIncreasing, testEvent, testMetadata } from './fixtures';

export interface EventStoreContractFactory {
  /** A store for one test; closed by the suite after the test. */
  create(): Promise<EventStore>;
  /** Called after the store was closed (e.g. to remove its file or schema). */
  destroy?(store: EventStore): Promise<void>;
  /**
   * Whether `create` gives an empty store (default true). Adapters that can
   * only share one server (KurrentDB) set false: the suite then skips the
   * "empty store" checks. Every other test works on streams of its own,
   * under a unique prefix, so it passes on a shared store too.
   */
  readonly freshStores?: boolean;
  /** Per-test timeout (default 20 s: server adapters may be slow on a busy machine). */
  readonly timeoutMs?: number;
  /**
   * Whether the engine rewrites events' data in place for erasures (`rewriteData`: SQLite, PostgreSQL). Default
   * false: the suite then checks the method is absent (a caller must see it cannot, not a failure later).
   */
  readonly rewritesData?: boolean;
}

/**
 * The behaviour every `EventStore` adapter must show (docs/architecture.md §3). Call it from
 * an adapter's `*.int.spec.ts`:
 *
 * ```ts
 * eventStoreContract('sqlite', { create: async () => SqliteEventStore.open({ file: tempFile() }) });
 * ```
 */
export function eventStoreContract(name: string, factory: EventStoreContractFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    /** Unique prefix of this test's streams. */
    let ns: string;
    const stream = (label: string): string => `${ns}${label}`;
    const test = (title: string, body: () => Promise<void>): void => it(title, body, factory.timeoutMs ?? 20_000);

    beforeEach(async () => {
      ns = `t${randomUUID().replace(/-/g, '').slice(0, 12)}.`;
      store = await factory.create();
    });

    afterEach(async () => {
      if (!store) return;
      await store.close();
      await factory.destroy?.(store);
    });

    const appendOne = (name: string, expectedRevision: ExpectedRevision = 'any', type = 'Tested', data: object = {}) =>
      store.append(stream(name), [testEvent(type, data)], { expectedRevision });

    async function expectConflict(
      append: Promise<unknown>,
      expected: { stream: string; expected: ExpectedRevision; actual: bigint | undefined },
    ): Promise<void> {
      const error = await rejectionOf(append);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect(isWrongExpectedRevision(error)).toBe(true);
      const conflict = error as WrongExpectedRevisionError;
      expect({ stream: conflict.stream, expected: conflict.expected, actual: conflict.actual }).toEqual(expected);
    }

    const ids = (events: readonly { id: string }[]): string[] => events.map((event) => event.id);
    const revisions = (events: readonly RecordedEvent[]): bigint[] => events.map((event) => event.revision);
    const positions = (events: readonly RecordedEvent[]): bigint[] => events.map((event) => event.position);

    // ── append and expected revision ──────────────────────────────────────

    describe('append and expected revision', () => {
      test('no_stream creates the stream: revisions from 0, increasing positions, the result names the last event', async () => {
        const s = stream('partnership-1');
        const events = [testEvent('PartnershipProposed'), testEvent('PartnerAdded'), testEvent('PartnerAdded')];

        const result = await store.append(s, events, { expectedRevision: 'no_stream' });

        const stored = await store.readStream(s);
        expect(ids(stored)).toEqual(ids(events));
        expect(revisions(stored)).toEqual([0n, 1n, 2n]);
        expect(stored.map((event) => event.type)).toEqual(['PartnershipProposed', 'PartnerAdded', 'PartnerAdded']);
        expect(stored.every((event) => event.stream === s)).toBe(true);
        expect(strictlyIncreasing(positions(stored))).toBe(true);
        expect(stored[0]?.position).toBeGreaterThan(0n);
        expect(result).toEqual({ nextRevision: 2n, position: stored[2]?.position });
      });

      test('no_stream on an existing stream is a conflict naming the current revision, and writes nothing', async () => {
        const s = stream('room-1');
        await store.append(s, [testEvent(), testEvent()], { expectedRevision: 'no_stream' });

        await expectConflict(store.append(s, [testEvent()], { expectedRevision: 'no_stream' }), {
          stream: s,
          expected: 'no_stream',
          actual: 1n,
        });
        expect(await store.readStream(s)).toHaveLength(2);
      });

      test('stream_exists refuses an absent stream (actual undefined) and accepts an existing one', async () => {
        const s = stream('room-2');
        await expectConflict(store.append(s, [testEvent()], { expectedRevision: 'stream_exists' }), {
          stream: s,
          expected: 'stream_exists',
          actual: undefined,
        });
        expect(await store.readStream(s)).toEqual([]);

        await store.append(s, [testEvent()], { expectedRevision: 'no_stream' });
        const result = await store.append(s, [testEvent(), testEvent()], { expectedRevision: 'stream_exists' });
        expect(result.nextRevision).toBe(2n);
        expect(revisions(await store.readStream(s))).toEqual([0n, 1n, 2n]);
      });

      test('any appends to an absent and to an existing stream', async () => {
        const s = stream('catalyseur-1');
        expect((await store.append(s, [testEvent()], { expectedRevision: 'any' })).nextRevision).toBe(0n);
        expect((await store.append(s, [testEvent(), testEvent()], { expectedRevision: 'any' })).nextRevision).toBe(2n);
        expect(revisions(await store.readStream(s))).toEqual([0n, 1n, 2n]);
      });

      test('an exact revision must be the current one: stale, ahead and absent are conflicts that write nothing', async () => {
        const s = stream('partnership-2');
        await store.append(s, [testEvent(), testEvent()], { expectedRevision: 'no_stream' });

        const ok = await store.append(s, [testEvent()], { expectedRevision: 1n });
        expect(ok.nextRevision).toBe(2n);

        await expectConflict(store.append(s, [testEvent()], { expectedRevision: 1n }), { stream: s, expected: 1n, actual: 2n });
        await expectConflict(store.append(s, [testEvent()], { expectedRevision: 5n }), { stream: s, expected: 5n, actual: 2n });
        await expectConflict(store.append(s, [testEvent()], { expectedRevision: 0n }), { stream: s, expected: 0n, actual: 2n });
        const absent = stream('partnership-absent');
        await expectConflict(store.append(absent, [testEvent()], { expectedRevision: 0n }), {
          stream: absent,
          expected: 0n,
          actual: undefined,
        });

        expect(revisions(await store.readStream(s))).toEqual([0n, 1n, 2n]);
        expect(await store.readStream(absent)).toEqual([]);
        expect((await store.append(s, [testEvent()], { expectedRevision: 2n })).nextRevision).toBe(3n);
      });

      test('a conflict is a typed error whose message names the stream and both revisions', async () => {
        const s = stream('room-3');
        await appendOne('room-3', 'no_stream');
        const error = await rejectionOf(store.append(s, [testEvent()], { expectedRevision: 4n }));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).not.toBeInstanceOf(PartialDuplicateAppendError);
        expect((error as Error).name).toBe('WrongExpectedRevisionError');
        expect((error as Error).message).toContain(s);
        expect((error as Error).message).toContain('revision 0');
        expect((error as Error).message).toContain('expected 4');
      });

      test('streams are independent', async () => {
        await appendOne('a', 'no_stream');
        await appendOne('a', 0n);
        expect((await appendOne('b', 'no_stream')).nextRevision).toBe(0n);
        expect(revisions(await store.readStream(stream('a')))).toEqual([0n, 1n]);
        expect(revisions(await store.readStream(stream('b')))).toEqual([0n]);
      });

      test('refuses an empty append and an append repeating an id, writing nothing', async () => {
        const s = stream('invalid');
        expect(await rejectionOf(store.append(s, [], { expectedRevision: 'any' }))).toBeInstanceOf(InvalidAppendError);
        const event = testEvent();
        expect(await rejectionOf(store.append(s, [event, event], { expectedRevision: 'any' }))).toBeInstanceOf(InvalidAppendError);
        expect(await store.readStream(s)).toEqual([]);
      });
    });

    // ── idempotency ───────────────────────────────────────────────────────

    describe('idempotent event ids', () => {
      test('appending the same ids again writes them once and answers the original revision and position', async () => {
        const s = stream('room-1');
        const events = [testEvent('MessagePosted', { text: 'bonjour' }), testEvent('MessagePosted', { text: 'à tous' })];
        const first = await store.append(s, events, { expectedRevision: 'no_stream' });
        const head = await store.headPosition();

        const retry = await store.append(s, events, { expectedRevision: 'no_stream' });

        expect(retry).toEqual(first);
        expect(ids(await store.readStream(s))).toEqual(ids(events));
        expect(await store.headPosition()).toBe(head);
      });

      test('a retry answers the original result even after the stream moved on', async () => {
        const s = stream('partnership-1');
        const events = [testEvent('PartnershipProposed'), testEvent('PartnerAdded')];
        const first = await store.append(s, events, { expectedRevision: 'no_stream' });
        await store.append(s, [testEvent('MilestonePlanned')], { expectedRevision: 1n });
        await store.append(s, [testEvent('MilestonePlanned')], { expectedRevision: 2n });
        const head = await store.headPosition();

        expect(await store.append(s, events, { expectedRevision: 'no_stream' })).toEqual(first);
        expect(await store.append(s, events, { expectedRevision: 'any' })).toEqual(first);
        expect(await store.append(s, [events[0] as EventToAppend], { expectedRevision: 'no_stream' })).toEqual({
          nextRevision: 0n,
          position: (await store.readStream(s, { limit: 1 }))[0]?.position,
        });

        expect(revisions(await store.readStream(s))).toEqual([0n, 1n, 2n, 3n]);
        expect(await store.headPosition()).toBe(head);
      });

      test('a retry of an earlier append (not the last one) answers that append', async () => {
        const s = stream('room-2');
        const a = testEvent();
        const b = testEvent();
        const first = await store.append(s, [a], { expectedRevision: 'no_stream' });
        const second = await store.append(s, [b], { expectedRevision: 0n });
        expect(await store.append(s, [a], { expectedRevision: 'no_stream' })).toEqual(first);
        expect(await store.append(s, [b], { expectedRevision: 0n })).toEqual(second);
        expect(ids(await store.readStream(s))).toEqual([a.id, b.id]);
      });

      test('partial duplicates are refused with PartialDuplicateAppendError naming them, and nothing is written', async () => {
        const s = stream('room-3');
        const [a, b, c] = [testEvent(), testEvent(), testEvent()];
        await store.append(s, [a, b], { expectedRevision: 'no_stream' });

        const error = await rejectionOf(store.append(s, [b, c], { expectedRevision: 'any' }));

        expect(error).toBeInstanceOf(PartialDuplicateAppendError);
        expect((error as PartialDuplicateAppendError).stream).toBe(s);
        expect((error as PartialDuplicateAppendError).duplicateIds).toEqual([b.id]);
        expect(ids(await store.readStream(s))).toEqual([a.id, b.id]);
        // c alone is new: it goes in.
        expect((await store.append(s, [c], { expectedRevision: 1n })).nextRevision).toBe(2n);
      });

      test('the same id in another stream is another event', async () => {
        const event = testEvent();
        await store.append(stream('a'), [event], { expectedRevision: 'no_stream' });
        const other = await store.append(stream('b'), [event], { expectedRevision: 'no_stream' });
        expect(other.nextRevision).toBe(0n);
        const [inA, inB] = [await store.readStream(stream('a')), await store.readStream(stream('b'))];
        expect(ids(inA)).toEqual([event.id]);
        expect(ids(inB)).toEqual([event.id]);
        expect(inB[0]?.position).toBeGreaterThan(inA[0]?.position ?? 0n);
      });

      test('concurrent retries of one append all succeed with the same result and write once', async () => {
        const s = stream('room-4');
        const events = [testEvent(), testEvent(), testEvent()];
        const results = await Promise.all(Array.from({ length: 10 }, () => store.append(s, events, { expectedRevision: 'no_stream' })));
        const stored = await store.readStream(s);
        expect(ids(stored)).toEqual(ids(events));
        for (const result of results) expect(result).toEqual({ nextRevision: 2n, position: stored[2]?.position });
      });
    });

    // ── metadata and data ─────────────────────────────────────────────────

    describe('metadata and data', () => {
      const metadata = testMetadata({
        correlationId: 'corr-7f3a',
        causationId: 'cmd-19b2',
        actor: 'operator:ops-1',
        occurredAt: '2024-11-05T14:03:27.125Z',
        schemaVersion: 3,
        idempotencyKey: 'idem-42',
        tenant: { territory: 'zone-de-projets-nord', tags: ['pilote', 'essaimage'] },
        retried: false,
        attempt: 2,
        note: null,
      });
      const data = {
        title: 'Coopération économique — « Tiers-lieu » 🚀',
        partners: [
          { id: 'org-1', sphere: 'association' },
          { id: 'org-2', sphere: 'entreprise' },
        ],
        score: 4.75,
        delta: -12,
        big: Number.MAX_SAFE_INTEGER,
        done: true,
        dueOn: null,
        nested: { deep: { deeper: [1, [2, [3]], {}] } },
        empty: [],
      };

      test('round-trip through readStream, readAll and subscribeAll, extra metadata keys included', async () => {
        const s = stream('partnership-1');
        const event: EventToAppend = { id: randomUUID(), type: 'PartnershipProposed', data, metadata };
        const head = await store.headPosition();
        await store.append(s, [event], { expectedRevision: 'no_stream' });

        const [fromStream] = await store.readStream(s);
        const [fromAll] = await store.readAll({ after: head, filter: { streamPrefixes: [ns] } });
        const subscriber = collect(store, { after: head, filter: { streamPrefixes: [ns] } });
        const [fromSubscription] = await subscriber.waitFor(1);
        await subscriber.stop();

        for (const read of [fromStream, fromAll, fromSubscription]) {
          expect(read).toBeDefined();
          expect(read?.id).toBe(event.id);
          expect(read?.type).toBe('PartnershipProposed');
          expect(read?.data).toEqual(data);
          expect(read?.metadata).toEqual(metadata);
          expect(read?.metadata.idempotencyKey).toBe('idem-42');
        }
      });

      test('recordedAt is the ISO-8601 time of the append', async () => {
        const before = Date.now();
        await appendOne('room-1', 'no_stream');
        const after = Date.now();
        const [event] = await store.readStream(stream('room-1'));
        const recordedAt = Date.parse(event?.recordedAt ?? '');
        expect(new Date(recordedAt).toISOString()).toBe(event?.recordedAt);
        // The store's clock may be another machine's: allow a minute of skew.
        expect(recordedAt).toBeGreaterThanOrEqual(before - 60_000);
        expect(recordedAt).toBeLessThanOrEqual(after + 60_000);
      });

      test('the store keeps its own copy: mutating appended or read objects changes nothing stored', async () => {
        const s = stream('room-2');
        const event = testEvent('MessagePosted', { text: 'original', tags: ['a'] });
        await store.append(s, [event], { expectedRevision: 'no_stream' });
        (event.data as { text: string }).text = 'mutated';
        const [read] = await store.readStream(s);
        (read?.data as { tags: string[] }).tags.push('b');
        const [again] = await store.readStream(s);
        expect(again?.data).toEqual({ text: 'original', tags: ['a'] });
      });
    });

    // ── readStream ────────────────────────────────────────────────────────

    describe('readStream', () => {
      /** Ten events in `stream('long')`, interleaved with events of other streams. */
      async function longStream(): Promise<EventToAppend[]> {
        const events: EventToAppend[] = [];
        for (let i = 0; i < 10; i++) {
          const event = testEvent('Numbered', { i });
          events.push(event);
          await store.append(stream('long'), [event], { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
          await appendOne(`other-${i % 3}`);
        }
        return events;
      }

      test('an absent stream reads as an empty page, in both directions', async () => {
        await appendOne('present');
        expect(await store.readStream(stream('absent'))).toEqual([]);
        expect(await store.readStream(stream('absent'), { direction: 'backwards' })).toEqual([]);
        expect(await store.readStream(stream('absent'), { from: 5n, limit: 3 })).toEqual([]);
      });

      test('reads forwards from the start by default, only the events of that stream', async () => {
        const events = await longStream();
        const stored = await store.readStream(stream('long'));
        expect(ids(stored)).toEqual(ids(events));
        expect(revisions(stored)).toEqual(events.map((_, i) => BigInt(i)));
        expect(stored.map((event) => event.data)).toEqual(events.map((_, i) => ({ i })));
        expect(strictlyIncreasing(positions(stored))).toBe(true);
      });

      test('pages forwards with from and limit', async () => {
        const events = await longStream();
        const pages: RecordedEvent[][] = [];
        let from = 0n;
        for (;;) {
          const page = await store.readStream(stream('long'), { from, limit: 3, direction: 'forwards' });
          pages.push(page);
          const last = page.at(-1);
          if (!last || page.length < 3) break;
          from = last.revision + 1n;
        }
        expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 1]);
        expect(ids(pages.flat())).toEqual(ids(events));
        expect(revisions(await store.readStream(stream('long'), { from: 4n, limit: 2 }))).toEqual([4n, 5n]);
        expect(revisions(await store.readStream(stream('long'), { from: 'start', limit: 2 }))).toEqual([0n, 1n]);
      });

      test('reads backwards from the end and from a revision', async () => {
        const events = await longStream();
        const all = await store.readStream(stream('long'), { direction: 'backwards' });
        expect(ids(all)).toEqual(ids(events).reverse());
        expect(revisions(await store.readStream(stream('long'), { direction: 'backwards', limit: 4 }))).toEqual([9n, 8n, 7n, 6n]);
        expect(revisions(await store.readStream(stream('long'), { direction: 'backwards', from: 'end', limit: 1 }))).toEqual([9n]);
        expect(revisions(await store.readStream(stream('long'), { direction: 'backwards', from: 3n }))).toEqual([3n, 2n, 1n, 0n]);
        expect(revisions(await store.readStream(stream('long'), { direction: 'backwards', from: 6n, limit: 2 }))).toEqual([6n, 5n]);
      });

      test('forwards past the last revision is an empty page', async () => {
        await longStream();
        expect(await store.readStream(stream('long'), { from: 10n })).toEqual([]);
        expect(await store.readStream(stream('long'), { from: 1000n, limit: 5 })).toEqual([]);
      });

      test('readWholeStream folds a long stream page by page', async () => {
        const s = stream('big');
        const events = Array.from({ length: 25 }, (_, i) => testEvent('Numbered', { i }));
        await store.append(s, events.slice(0, 12), { expectedRevision: 'no_stream' });
        await store.append(s, events.slice(12), { expectedRevision: 11n });
        const read: RecordedEvent[] = [];
        for await (const event of readWholeStream(store, s, 10)) read.push(event);
        expect(ids(read)).toEqual(ids(events));
        expect(revisions(read)).toEqual(events.map((_, i) => BigInt(i)));
      });
    });

    // ── readAll ───────────────────────────────────────────────────────────

    describe('readAll', () => {
      /** 23 events over three streams, appended one after the other (so in this global order). */
      async function interleaved(): Promise<{ head: bigint; appended: { stream: string; event: EventToAppend }[] }> {
        const head = await store.headPosition();
        const appended: { stream: string; event: EventToAppend }[] = [];
        for (let i = 0; i < 23; i++) {
          const s = stream(['partnership-1', 'room-1', 'catalyseur-1'][i % 3] as string);
          const events = [testEvent(i % 2 === 0 ? 'Even' : 'Odd', { i })];
          await store.append(s, events, { expectedRevision: 'any' });
          appended.push({ stream: s, event: events[0] as EventToAppend });
        }
        return { head, appended };
      }

      test('pages the log by after + limit, in strictly increasing position order', async () => {
        const { head, appended } = await interleaved();
        const pages: RecordedEvent[][] = [];
        let after = head;
        for (;;) {
          const page = await store.readAll({ after, limit: 5, filter: { streamPrefixes: [ns] } });
          pages.push(page);
          expect(page.every((event) => event.position > after)).toBe(true);
          const last = page.at(-1);
          if (!last || page.length < 5) break;
          after = last.position;
        }
        expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
        const read = pages.flat();
        expect(ids(read)).toEqual(appended.map(({ event }) => event.id));
        expect(read.map((event) => event.stream)).toEqual(appended.map(({ stream }) => stream));
        expect(strictlyIncreasing(positions(read))).toBe(true);

        // Unfiltered, the same events come in the same order (among others' on a shared store).
        const everything: RecordedEvent[] = [];
        for await (const event of readAllEvents(store, { after: head, pageSize: 4 })) everything.push(event);
        expect(strictlyIncreasing(positions(everything))).toBe(true);
        expect(ids(everything.filter((event) => event.stream.startsWith(ns)))).toEqual(ids(read));
        if (factory.freshStores !== false) expect(ids(everything)).toEqual(ids(read));
      });

      test('the position of each event is the one its stream reads', async () => {
        await interleaved();
        const read = await readAllOf(store, ns);
        for (const event of read) {
          const [same] = await store.readStream(event.stream, { from: event.revision, limit: 1 });
          expect(same).toEqual(event);
        }
      });

      test('after the last position there is nothing more', async () => {
        await interleaved();
        const read = await readAllOf(store, ns);
        const last = read.at(-1)?.position ?? 0n;
        expect(await store.readAll({ after: last, filter: { streamPrefixes: [ns] } })).toEqual([]);
        if (factory.freshStores !== false) expect(await store.readAll({ after: await store.headPosition() })).toEqual([]);
      });

      test('filters by stream prefix (literally and case-sensitively) and by event type', async () => {
        const { appended } = await interleaved();
        const literal = ['a_b-1', 'axb-1', 'a%c-1', 'abc-1', 'Room-1', 'room-9'];
        for (const name of literal) await appendOne(name, 'no_stream', 'Literal');

        const byPrefix = await store.readAll({ filter: { streamPrefixes: [stream('room-')] } });
        expect(byPrefix.map((event) => event.stream)).toEqual([
          ...appended.filter(({ stream: s }) => s === stream('room-1')).map(({ stream: s }) => s),
          stream('room-9'),
        ]);

        const twoPrefixes = await store.readAll({ filter: { streamPrefixes: [stream('partnership-'), stream('catalyseur-')] } });
        expect(ids(twoPrefixes)).toEqual(appended.filter(({ stream: s }) => !s.endsWith('room-1')).map(({ event }) => event.id));

        expect((await store.readAll({ filter: { streamPrefixes: [stream('a_b')] } })).map((e) => e.stream)).toEqual([stream('a_b-1')]);
        expect((await store.readAll({ filter: { streamPrefixes: [stream('a%')] } })).map((e) => e.stream)).toEqual([stream('a%c-1')]);
        expect((await store.readAll({ filter: { streamPrefixes: [stream('Room')] } })).map((e) => e.stream)).toEqual([stream('Room-1')]);

        const even = await store.readAll({ filter: { streamPrefixes: [ns], eventTypes: ['Even'] } });
        expect(ids(even)).toEqual(appended.filter((_, i) => i % 2 === 0).map(({ event }) => event.id));
        const evenOrLiteral = await store.readAll({ filter: { streamPrefixes: [ns], eventTypes: ['Literal', 'Even'] } });
        expect(evenOrLiteral).toHaveLength(even.length + literal.length);
        expect(strictlyIncreasing(positions(evenOrLiteral))).toBe(true);

        const both = await store.readAll({ filter: { streamPrefixes: [stream('room-')], eventTypes: ['Odd'] } });
        expect(ids(both)).toEqual(appended.filter(({ stream: s }, i) => s === stream('room-1') && i % 2 === 1).map(({ event }) => event.id));
        expect(both.length).toBeGreaterThan(0);

        const limited = await store.readAll({ limit: 2, filter: { streamPrefixes: [ns], eventTypes: ['Odd'] } });
        expect(ids(limited)).toEqual(
          appended
            .filter((_, i) => i % 2 === 1)
            .slice(0, 2)
            .map(({ event }) => event.id),
        );
      });

      // Only for adapters that can hand out an empty store (not a shared KurrentDB server): registered, or not at all.
      if (factory.freshStores !== false)
        test('a fresh store reads empty and its head is 0', async () => {
          expect(await store.readAll()).toEqual([]);
          expect(await store.headPosition()).toBe(0n);
          const subscriber = collect(store);
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(subscriber.received).toEqual([]);
          await subscriber.stop();
        });
    });

    // ── headPosition ──────────────────────────────────────────────────────

    describe('headPosition', () => {
      test('is the position of the last event written; a retry or a refused append does not move it', async () => {
        const start = await store.headPosition();
        expect(start).toBeGreaterThanOrEqual(0n);
        const first = await appendOne('a', 'no_stream');
        expect(await store.headPosition()).toBe(first.position);
        const events = [testEvent(), testEvent()];
        const second = await store.append(stream('b'), events, { expectedRevision: 'no_stream' });
        expect(second.position).toBeGreaterThan(first.position);
        expect(await store.headPosition()).toBe(second.position);

        await store.append(stream('b'), events, { expectedRevision: 'no_stream' });
        await rejectionOf(appendOne('a', 'no_stream'));
        expect(await store.headPosition()).toBe(second.position);
        const read = await readAllOf(store, ns, start);
        expect(read.at(-1)?.position).toBe(second.position);
      });
    });

    // ── subscribeAll ──────────────────────────────────────────────────────

    describe('subscribeAll', () => {
      const mine = () => ({ streamPrefixes: [ns] });

      test('catches up, then delivers live appends in order, exactly once', async () => {
        const head = await store.headPosition();
        for (let i = 0; i < 5; i++) await appendOne(`room-${i % 2}`, 'any', 'CatchUp', { i });
        const subscriber = collect(store, { after: head, filter: mine() });
        expect((await subscriber.waitFor(5)).map((event) => event.type)).toEqual(Array(5).fill('CatchUp'));

        for (let i = 0; i < 5; i++) await appendOne(`room-${i % 2}`, 'any', 'Live', { i });
        await Promise.all(Array.from({ length: 10 }, (_, i) => appendOne(`partnership-${i}`, 'no_stream', 'LiveConcurrent')));
        await subscriber.waitFor(20);
        const sentinel = await appendOne('sentinel', 'no_stream', 'Sentinel');
        const received = await subscriber.waitFor(21);
        await subscriber.stop();

        const expected = await readAllOf(store, ns, head);
        expect(expected).toHaveLength(21);
        expect(received).toEqual(expected);
        expect(new Set(ids(received)).size).toBe(21);
        expect(strictlyIncreasing(positions(received))).toBe(true);
        expect(received.at(-1)?.position).toBe(sentinel.position);
        expect(subscriber.received).toHaveLength(21);
      });

      test('starts strictly after the checkpoint it is given', async () => {
        const results: AppendResult[] = [];
        for (let i = 0; i < 6; i++) results.push(await appendOne('room-1', 'any', 'Numbered', { i }));
        const checkpoint = results[2]?.position as bigint;

        const subscriber = collect(store, { after: checkpoint, filter: mine() });
        await subscriber.waitFor(3);
        await appendOne('room-1', 'any', 'Numbered', { i: 6 });
        const received = await subscriber.waitFor(4);
        await subscriber.stop();

        expect(received.map((event) => event.data)).toEqual([{ i: 3 }, { i: 4 }, { i: 5 }, { i: 6 }]);
        expect(received.every((event) => event.position > checkpoint)).toBe(true);
      });

      test('pages its catch-up with a small batch size without losing or repeating events', async () => {
        const head = await store.headPosition();
        for (let i = 0; i < 7; i++) await appendOne(`s-${i % 3}`, 'any', 'Numbered', { i });
        const subscriber = collect(store, { after: head, filter: mine(), batchSize: 2 });
        await subscriber.waitFor(7);
        await appendOne('s-0', 'any', 'Numbered', { i: 7 });
        const received = await subscriber.waitFor(8);
        await subscriber.stop();
        expect(received.map((event) => (event.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      });

      test('delivers every event of many concurrent writers, in position order, exactly once', async () => {
        const head = await store.headPosition();
        const subscriber = collect(store, { after: head, filter: mine() });
        await Promise.all(
          Array.from({ length: 20 }, async (_, writer) => {
            for (let i = 0; i < 10; i++) {
              await store.append(stream(`writer-${writer}`), [testEvent('Written', { writer, i })], {
                expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
              });
            }
          }),
        );
        const sentinel = await appendOne('sentinel', 'no_stream', 'Sentinel');
        const received = await subscriber.waitFor(201);
        await subscriber.stop();

        expect(received.at(-1)?.position).toBe(sentinel.position);
        expect(received).toEqual(await readAllOf(store, ns, head));
        expect(new Set(ids(received)).size).toBe(201);
        for (let writer = 0; writer < 20; writer++) {
          const own = received.filter((event) => event.stream === stream(`writer-${writer}`));
          expect(own.map((event) => (event.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        }
      });

      test('filters by stream prefix and event type, in catch-up and live', async () => {
        const head = await store.headPosition();
        await appendOne('room-1', 'any', 'MessagePosted', { n: 1 });
        await appendOne('room-1', 'any', 'MemberAdded', { n: 2 });
        await appendOne('partnership-1', 'any', 'MessagePosted', { n: 3 });
        const subscriber = collect(store, {
          after: head,
          filter: { streamPrefixes: [stream('room-')], eventTypes: ['MessagePosted'] },
        });
        await subscriber.waitFor(1);
        await appendOne('partnership-1', 'any', 'MessagePosted', { n: 4 });
        await appendOne('room-2', 'any', 'MemberAdded', { n: 5 });
        await appendOne('room-2', 'any', 'MessagePosted', { n: 6 });
        const received = await subscriber.waitFor(2);
        await subscriber.stop();
        expect(received.map((event) => event.data)).toEqual([{ n: 1 }, { n: 6 }]);
      });

      test('several subscribers each receive everything', async () => {
        const head = await store.headPosition();
        const subscribers = Array.from({ length: 3 }, () => collect(store, { after: head, filter: mine() }));
        await Promise.all(Array.from({ length: 15 }, (_, i) => appendOne(`room-${i % 4}`, 'any')));
        const all = await Promise.all(subscribers.map((subscriber) => subscriber.waitFor(15)));
        await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
        const expected = await readAllOf(store, ns, head);
        for (const received of all) expect(ids(received)).toEqual(ids(expected));
      });

      test('aborting ends the iterator promptly, also while it waits for events', async () => {
        const head = await store.headPosition();
        await appendOne('room-1');
        const subscriber = collect(store, { after: head, filter: mine() });
        await subscriber.waitFor(1);
        await new Promise((resolve) => setTimeout(resolve, 30)); // now idle, waiting for more
        const stopping = Date.now();
        await subscriber.stop(1_000);
        expect(Date.now() - stopping).toBeLessThan(1_000);
        await appendOne('room-1');
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(subscriber.received).toHaveLength(1);

        // A pending next() resolves as done when aborted.
        const controller = new AbortController();
        const iterator = store.subscribeAll({ after: await store.headPosition(), filter: mine(), signal: controller.signal })[Symbol.asyncIterator]();
        const pending = iterator.next();
        setTimeout(() => controller.abort(), 20);
        await expect(pending).resolves.toEqual({ done: true, value: undefined });
      });

      test('a signal aborted beforehand yields nothing', async () => {
        await appendOne('room-1');
        const controller = new AbortController();
        controller.abort();
        const received: RecordedEvent[] = [];
        for await (const event of store.subscribeAll({ signal: controller.signal })) received.push(event);
        expect(received).toEqual([]);
      });

      test('leaving a for-await loop ends the subscription; a new one resumes from the checkpoint', async () => {
        const head = await store.headPosition();
        for (let i = 0; i < 4; i++) await appendOne('room-1', 'any', 'Numbered', { i });
        let checkpoint = head;
        for await (const event of store.subscribeAll({ after: head, filter: mine() })) {
          checkpoint = event.position;
          if ((event.data as { i: number }).i === 1) break;
        }
        const subscriber = collect(store, { after: checkpoint, filter: mine() });
        const received = await subscriber.waitFor(2);
        await subscriber.stop();
        expect(received.map((event) => event.data)).toEqual([{ i: 2 }, { i: 3 }]);
      });
    });

    // ── rewriteData (erasures) ────────────────────────────────────────────

    describe('rewriteData (erasures only)', () => {
      if (!factory.rewritesData) {
        test('is absent: this engine cannot rewrite its log', async () => {
          expect(store.rewriteData).toBeUndefined();
        });
        return;
      }

      const rewrite = (rewrites: Parameters<NonNullable<EventStore['rewriteData']>>[0]): Promise<void> => {
        if (!store.rewriteData) throw new Error('rewriteData is missing');
        return store.rewriteData(rewrites);
      };

      test('replaces the data of the events given, and nothing else: id, position, revision, type, metadata, time kept', async () => {
        const s = stream('room-1');
        const head = await store.headPosition();
        await store.append(
          s,
          [
            testEvent('MessagePosted', { text: 'Merci Philomène Tartempion', n: 1 }, { idempotencyKey: 'k-1' }),
            testEvent('MessagePosted', { text: 'bonjour', n: 2 }),
            testEvent('MessagePosted', { text: 'Philomène Tartempion viendra', n: 3 }),
          ],
          { expectedRevision: 'no_stream' },
        );
        const other = stream('room-2');
        await store.append(other, [testEvent('MessagePosted', { text: 'ailleurs' })], { expectedRevision: 'no_stream' });
        const before = await readAllOf(store, ns, head);
        const [first, second, third, fourth] = before;
        if (!first || !second || !third || !fourth) throw new Error('four events expected');
        const subscriber = collect(store, { after: head, filter: { streamPrefixes: [ns] } });
        await subscriber.waitFor(4);

        await rewrite([
          { event: first, data: { text: 'Merci [effacé]', n: 1 } },
          { event: third, data: { text: '[effacé] viendra', n: 3 } },
        ]);

        const after = await readAllOf(store, ns, head);
        expect(after).toEqual([{ ...first, data: { text: 'Merci [effacé]', n: 1 } }, second, { ...third, data: { text: '[effacé] viendra', n: 3 } }, fourth]);
        expect(await store.readStream(s)).toEqual(after.slice(0, 3));
        expect(await store.readStream(s, { from: 'end', direction: 'backwards', limit: 1 })).toEqual([after[2]]);
        // A new subscription reads the new data; one that already had the events is not told (nothing re-delivered).
        const fresh = collect(store, { after: head, filter: { streamPrefixes: [ns] } });
        expect(await fresh.waitFor(4)).toEqual(after);
        await fresh.stop();
        await store.append(other, [testEvent('MessagePosted', { text: 'ensuite' })], { expectedRevision: 0n });
        const live = await subscriber.waitFor(5);
        await subscriber.stop();
        expect(live.slice(0, 4)).toEqual(before);
        expect(live[4]?.data).toEqual({ text: 'ensuite' });
        expect(live[4]?.revision).toBe(1n);
        expect(live[4]?.position).toBeGreaterThan(fourth.position);
        // Appends and idempotent retries go on as before.
        expect((await store.append(s, [testEvent('MessagePosted', { n: 4 })], { expectedRevision: 2n })).nextRevision).toBe(3n);
      });

      test('all or nothing: an event absent or not the one at its position rewrites none', async () => {
        const s = stream('room-1');
        const head = await store.headPosition();
        await store.append(s, [testEvent('MessagePosted', { text: 'un' }), testEvent('MessagePosted', { text: 'deux' })], { expectedRevision: 'no_stream' });
        const before = await readAllOf(store, ns, head);
        const [first, second] = before;
        if (!first || !second) throw new Error('two events expected');

        await expect(
          rewrite([
            { event: first, data: { text: 'UN' } },
            { event: { ...second, id: first.id }, data: { text: 'DEUX' } },
          ]),
        ).rejects.toThrow();
        await expect(
          rewrite([
            { event: first, data: { text: 'UN' } },
            { event: { ...second, position: second.position + 1_000_000n }, data: {} },
          ]),
        ).rejects.toThrow();
        expect(await readAllOf(store, ns, head)).toEqual(before);
        await rewrite([]);
        expect(await readAllOf(store, ns, head)).toEqual(before);
      });
    });

    // ── concurrency ───────────────────────────────────────────────────────

    describe('concurrency', () => {
      test('50 concurrent appends with the same expected revision: exactly one wins each revision, 49 conflict', async () => {
        const s = stream('contended');
        const winners: string[] = [];
        let expected: ExpectedRevision = 'no_stream';
        for (let round = 0; round < 5; round++) {
          const candidates = Array.from({ length: 50 }, (_, writer) => testEvent('Raced', { round, writer }));
          const { fulfilled, rejected } = await settleAll(candidates.map((event) => store.append(s, [event], { expectedRevision: expected })));

          expect(fulfilled).toHaveLength(1);
          expect(rejected).toHaveLength(49);
          const [winner] = fulfilled;
          expect(winner?.value.nextRevision).toBe(BigInt(round));
          for (const { reason } of rejected) {
            expect(reason).toBeInstanceOf(WrongExpectedRevisionError);
            const conflict = reason as WrongExpectedRevisionError;
            expect([conflict.stream, conflict.expected, conflict.actual]).toEqual([s, expected, BigInt(round)]);
          }
          winners.push((candidates[winner?.index ?? -1] as EventToAppend).id);
          expected = BigInt(round);
        }
        const stored = await store.readStream(s);
        expect(ids(stored)).toEqual(winners);
        expect(revisions(stored)).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(strictlyIncreasing(positions(stored))).toBe(true);
      });

      test('50 writers retrying on conflict each land exactly once; the stream stays contiguous', async () => {
        const s = stream('retried');
        let conflicts = 0;
        const written = await Promise.all(
          Array.from({ length: 50 }, async (_, writer) => {
            const event = testEvent('Joined', { writer });
            for (;;) {
              const [last] = await store.readStream(s, { direction: 'backwards', limit: 1 });
              try {
                await store.append(s, [event], { expectedRevision: last ? last.revision : 'no_stream' });
                return event.id;
              } catch (error) {
                if (!(error instanceof WrongExpectedRevisionError)) throw error;
                conflicts++;
              }
            }
          }),
        );
        const stored = await store.readStream(s);
        expect(stored).toHaveLength(50);
        expect(revisions(stored)).toEqual(stored.map((_, i) => BigInt(i)));
        expect(new Set(ids(stored))).toEqual(new Set(written));
        expect(strictlyIncreasing(positions(stored))).toBe(true);
        expect(conflicts).toBeGreaterThan(0);
      });

      test('concurrent appends with any to one stream get contiguous revisions, each append kept together', async () => {
        const s = stream('any');
        const batches = Array.from({ length: 20 }, (_, writer) => Array.from({ length: 5 }, (_, i) => testEvent('Batched', { writer, i })));
        const results = await Promise.all(batches.map((events) => store.append(s, events, { expectedRevision: 'any' })));

        const stored = await store.readStream(s);
        expect(revisions(stored)).toEqual(stored.map((_, i) => BigInt(i)));
        expect(stored).toHaveLength(100);
        const lastRevisions = results.map((result) => result.nextRevision).sort((a, b) => (a < b ? -1 : 1));
        expect(lastRevisions).toEqual(Array.from({ length: 20 }, (_, k) => BigInt(k * 5 + 4)));
        batches.forEach((events, writer) => {
          const result = results[writer] as AppendResult;
          const slice = stored.slice(Number(result.nextRevision) - 4, Number(result.nextRevision) + 1);
          expect(ids(slice)).toEqual(ids(events));
          expect(slice.at(-1)?.position).toBe(result.position);
        });
      });

      test('many concurrent writers on different streams all succeed with unique positions', async () => {
        const head = await store.headPosition();
        const results = await Promise.all(
          Array.from({ length: 40 }, async (_, writer) => {
            const mine: AppendResult[] = [];
            for (let i = 0; i < 10; i++) {
              mine.push(
                await store.append(stream(`w-${writer}`), [testEvent('Written', { writer, i })], {
                  expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1),
                }),
              );
            }
            return mine;
          }),
        );
        const positionsWritten = results.flat().map((result) => result.position);
        expect(new Set(positionsWritten).size).toBe(400);
        for (const mine of results) {
          expect(mine.map((result) => result.nextRevision)).toEqual(mine.map((_, i) => BigInt(i)));
          expect(strictlyIncreasing(mine.map((result) => result.position))).toBe(true);
        }
        const read = await readAllOf(store, ns, head);
        expect(read).toHaveLength(400);
        expect(strictlyIncreasing(positions(read))).toBe(true);
        expect(new Set(positions(read))).toEqual(new Set(positionsWritten));
      });
    });
  });
}
