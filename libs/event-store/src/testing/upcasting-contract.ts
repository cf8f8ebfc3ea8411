import { randomUUID } from 'node:crypto';
import { type EventStore, type RecordedEvent } from '../event-store';
import { type EventSchemas, storedEvents, unreadableReason, UPCAST_FROM, type UpcastingEventStore, withUpcasting } from '../upcasting';
import { collect, readAllOf, testEvent } from './fixtures';
import type { EventStoreContractFactory } from './event-store-contract';

/**
 * A registry of three types, for the contract only: `Measured` went from
 * `{celsius}` (1) to `{kelvin}` (2) to `{kelvin, unit}` (3); `Noted` never
 * changed (1); `Gapped` is at 3 with no upcaster from 2. Other types are
 * unknown to it.
 */
const SCHEMAS: EventSchemas = {
  currentVersion: (_stream, type) => ({ Measured: 3, Noted: 1, Gapped: 3 })[type],
  upcaster: (_stream, type, version) => {
    const measured: Record<number, (data: unknown) => unknown> = {
      1: (data) => ({ kelvin: (data as { celsius: number }).celsius + 273 }),
      2: (data) => ({ ...(data as object), unit: 'K' }),
    };
    if (type === 'Measured') return measured[version];
    if (type === 'Gapped' && version === 1) return (data) => data;
    return undefined;
  },
};

/**
 * The behaviour of the upcasting decorator (`UpcastingEventStore`) over an
 * adapter: every read path (a stream either way, the log with its filters,
 * the subscriptions catching up and live) brings each event to the current
 * version of its type; what cannot be upcast is delivered as stored and
 * marked, never dropped; nothing else of an event changes; writes, the head
 * and the stored events are the adapter's. Run it from each adapter's
 * `*.int.spec.ts` beside `eventStoreContract`, with the same factory.
 */
export function upcastingContract(name: string, factory: EventStoreContractFactory): void {
  describe(`Upcasting event store contract: ${name}`, () => {
    let raw: EventStore;
    let store: UpcastingEventStore;
    let ns: string;
    const stream = (label: string): string => `${ns}${label}`;
    const test = (title: string, body: () => Promise<void>): void => it(title, body, factory.timeoutMs ?? 20_000);

    beforeEach(async () => {
      ns = `u${randomUUID().replace(/-/g, '').slice(0, 12)}.`;
      raw = await factory.create();
      store = withUpcasting(raw, SCHEMAS) as UpcastingEventStore;
    });

    afterEach(async () => {
      if (!raw) return;
      await store.close();
      await factory.destroy?.(raw);
    });

    /** A history written over the versions: what an old store holds. */
    const writeHistory = async (s: string): Promise<void> => {
      await raw.append(s, [testEvent('Measured', { celsius: 20 }, { schemaVersion: 1 })], { expectedRevision: 'no_stream' });
      await raw.append(s, [testEvent('Noted', { text: 'relevé' }, { schemaVersion: 1 }), testEvent('Measured', { kelvin: 300 }, { schemaVersion: 2 })], {
        expectedRevision: 0n,
      });
      await raw.append(s, [testEvent('Measured', { kelvin: 280, unit: 'K' }, { schemaVersion: 3 }), testEvent('Foreign', { any: 'thing' })], {
        expectedRevision: 2n,
      });
    };
    const CURRENT = [
      { type: 'Measured', data: { kelvin: 293, unit: 'K' }, version: 3, from: 1 },
      { type: 'Noted', data: { text: 'relevé' }, version: 1, from: undefined },
      { type: 'Measured', data: { kelvin: 300, unit: 'K' }, version: 3, from: 2 },
      { type: 'Measured', data: { kelvin: 280, unit: 'K' }, version: 3, from: undefined },
      { type: 'Foreign', data: { any: 'thing' }, version: 1, from: undefined },
    ];
    const shape = (events: readonly RecordedEvent[]) =>
      events.map((e) => ({ type: e.type, data: e.data, version: e.metadata.schemaVersion, from: e.metadata[UPCAST_FROM] as number | undefined }));
    /** Everything but the data and the two version fields, which upcasting must not touch. */
    const envelope = (e: RecordedEvent) => {
      const { schemaVersion: _version, [UPCAST_FROM]: _from, ...metadata } = e.metadata;
      return { id: e.id, stream: e.stream, type: e.type, revision: e.revision, position: e.position, recordedAt: e.recordedAt, metadata };
    };

    test('readStream brings every event to its type’s current version, through each version on the way, either direction', async () => {
      const s = stream('measures-1');
      await writeHistory(s);
      const forwards = await store.readStream(s);
      expect(shape(forwards)).toEqual(CURRENT);
      expect(shape(await store.readStream(s, { direction: 'backwards' }))).toEqual([...CURRENT].reverse());
      expect(shape(await store.readStream(s, { from: 2n, limit: 2 }))).toEqual(CURRENT.slice(2, 4));
      // Nothing else changes: ids, streams, revisions, positions, recording times and the rest of the metadata.
      const stored = await raw.readStream(s);
      expect(forwards.map(envelope)).toEqual(stored.map(envelope));
    });

    test('the stored events are never rewritten: the inner store (storedEvents) reads them as written', async () => {
      const s = stream('measures-2');
      await writeHistory(s);
      await store.readStream(s);
      const stored = await storedEvents(store).readStream(s);
      expect(storedEvents(store)).toBe(raw);
      expect(storedEvents(raw)).toBe(raw);
      expect(stored.map((e) => ({ data: e.data, version: e.metadata.schemaVersion, from: e.metadata[UPCAST_FROM] }))).toEqual([
        { data: { celsius: 20 }, version: 1, from: undefined },
        { data: { text: 'relevé' }, version: 1, from: undefined },
        { data: { kelvin: 300 }, version: 2, from: undefined },
        { data: { kelvin: 280, unit: 'K' }, version: 3, from: undefined },
        { data: { any: 'thing' }, version: 1, from: undefined },
      ]);
    });

    test('readAll upcasts each page, with its stream and type filters as they are (an upcaster keeps the type)', async () => {
      const [a, b] = [stream('measures-a'), stream('measures-b')];
      await writeHistory(a);
      await writeHistory(b);
      expect(shape(await readAllOf(store, a))).toEqual(CURRENT);
      const measured = await store.readAll({ filter: { streamPrefixes: [ns], eventTypes: ['Measured'] }, limit: 5 });
      expect(measured.map((e) => e.stream)).toEqual([a, a, a, b, b]);
      expect(shape(measured)).toEqual([...CURRENT.filter((e) => e.type === 'Measured'), ...CURRENT.filter((e) => e.type === 'Measured').slice(0, 2)]);
    });

    test('subscribeAll upcasts while catching up and live', async () => {
      const s = stream('measures-live');
      await writeHistory(s);
      const after = (await raw.readStream(s))[0]?.position ?? 0n;
      const subscriber = collect(store, { after: after - 1n, filter: { streamPrefixes: [ns] }, batchSize: 2 });
      try {
        await subscriber.waitFor(5);
        // Appended through the decorator: written as given.
        await store.append(s, [testEvent('Measured', { celsius: -3 }, { schemaVersion: 1 })], { expectedRevision: 4n });
        const received = await subscriber.waitFor(6);
        expect(shape(received)).toEqual([...CURRENT, { type: 'Measured', data: { kelvin: 270, unit: 'K' }, version: 3, from: 1 }]);
        expect((await raw.readStream(s, { from: 5n }))[0]?.data).toEqual({ celsius: -3 });
      } finally {
        await subscriber.stop();
      }
    });

    test('an event it cannot upcast is delivered as stored and marked unreadable, in its place, on every read path; the others still upcast', async () => {
      const s = stream('measures-odd');
      await raw.append(
        s,
        [
          testEvent('Measured', { kelvin: 1, unit: 'K', precision: 0.1 }, { schemaVersion: 4 }),
          testEvent('Gapped', { x: 1 }, { schemaVersion: 1 }),
          testEvent('Measured', { celsius: 1 }, { schemaVersion: 0 }),
          testEvent('Measured', { celsius: 1 }, { schemaVersion: 'two' as unknown as number }),
          testEvent('Measured', { celsius: 1 }, { schemaVersion: 1 }),
        ],
        { expectedRevision: 'no_stream' },
      );
      const expected = [
        {
          data: { kelvin: 1, unit: 'K', precision: 0.1 },
          unreadable: 'Measured is at schema version 4, written by a newer version of Catalyse: this one reads up to version 3',
        },
        { data: { x: 1 }, unreadable: 'Gapped has no upcaster from schema version 2 to 3' },
        { data: { celsius: 1 }, unreadable: 'Measured has schema version 0, not a version (a whole number from 1)' },
        { data: { celsius: 1 }, unreadable: 'Measured has schema version "two", not a version (a whole number from 1)' },
        { data: { kelvin: 274, unit: 'K' }, unreadable: undefined },
      ];
      const marks = (events: readonly RecordedEvent[]) => events.map((e) => ({ data: e.data, unreadable: unreadableReason(e) }));
      expect(marks(await store.readStream(s))).toEqual(expected);
      expect(marks(await readAllOf(store, s))).toEqual(expected);
      const subscriber = collect(store, { filter: { streamPrefixes: [s] } });
      try {
        expect(marks(await subscriber.waitFor(5))).toEqual(expected);
      } finally {
        await subscriber.stop();
      }
      // Left as stored: their versions are the stored ones.
      expect((await store.readStream(s)).map((e) => e.metadata.schemaVersion)).toEqual([4, 1, 0, 'two', 3]);
    });

    test('writes, idempotent retries and the head are the adapter’s own', async () => {
      const s = stream('measures-write');
      const event = testEvent('Measured', { celsius: 5 }, { schemaVersion: 1 });
      const first = await store.append(s, [event], { expectedRevision: 'no_stream' });
      expect(await store.append(s, [event], { expectedRevision: 'no_stream' })).toEqual(first);
      expect(await store.headPosition()).toBe(await raw.headPosition());
      expect((await raw.readStream(s)).map((e) => e.data)).toEqual([{ celsius: 5 }]);
    });
  });
}
