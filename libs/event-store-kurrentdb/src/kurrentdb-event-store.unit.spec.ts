import { randomUUID } from 'node:crypto';
import { END, EVENT_TYPE, type RecordedEvent as KurrentRecordedEvent, START, STREAM_NAME, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { InvalidAppendError, PartialDuplicateAppendError, WrongExpectedRevisionError } from '@catalyse/event-store';
import { testEvent, testMetadata } from '@catalyse/event-store/testing';
import { KurrentDbEventStore } from './kurrentdb-event-store';
import {
  encodeAppend,
  findEarlierAppend,
  isSystemEvent,
  matchesFilter,
  positionOf,
  serverFilter,
  toReadPosition,
  toRecordedEvent,
  toWrongExpectedRevision,
} from './mapping';

/** An event as the KurrentDB client returns it from a read (a plain value of its type). */
function stored(overrides: Partial<{ id: string; type: string; streamId: string; revision: bigint; commit: bigint; prepare: bigint }> = {}) {
  const commit = overrides.commit ?? 4096n;
  return {
    streamId: overrides.streamId ?? 'room-1',
    id: overrides.id ?? randomUUID(),
    isJson: true,
    revision: overrides.revision ?? 3n,
    type: overrides.type ?? 'MessagePosted',
    created: new Date('2025-03-14T09:30:00.123Z'),
    data: { text: 'bonjour' },
    metadata: testMetadata({ correlationId: 'corr-1' }),
    position: { commit, prepare: overrides.prepare ?? commit },
  } as KurrentRecordedEvent;
}

describe('KurrentDB mapping', () => {
  describe('positions', () => {
    it('0n reads $all from its start; any other position is an event commit position (read inclusively, skipped by the adapter)', () => {
      expect(toReadPosition(0n)).toBe(START);
      expect(toReadPosition(-5n)).toBe(START);
      expect(toReadPosition(4096n)).toEqual({ commit: 4096n, prepare: 4096n });
      expect(toReadPosition(2n ** 62n)).toEqual({ commit: 2n ** 62n, prepare: 2n ** 62n });
      expect(toReadPosition(1n)).not.toBe(END);
    });

    it("the port's position is the commit position, exact beyond 2^53", () => {
      expect(positionOf(stored({ commit: 2n ** 60n + 7n, prepare: 2n ** 60n + 7n }))).toBe(2n ** 60n + 7n);
      expect(positionOf(stored({ commit: 900n, prepare: 850n }))).toBe(900n);
    });

    it('refuses an event without a position (servers before 22.6 omit it on stream reads)', () => {
      const event = { ...stored(), position: undefined } as KurrentRecordedEvent;
      expect(() => positionOf(event)).toThrow(/without its position/);
    });
  });

  describe('recorded events', () => {
    it('maps id, stream, type, revision, position, data, metadata and created (as ISO-8601)', () => {
      const event = stored({ revision: 7n, commit: 123_456n, streamId: 'partnership-1', type: 'PartnerAdded' });
      expect(toRecordedEvent(event)).toEqual({
        id: event.id,
        stream: 'partnership-1',
        type: 'PartnerAdded',
        revision: 7n,
        position: 123_456n,
        data: { text: 'bonjour' },
        metadata: event.metadata,
        recordedAt: '2025-03-14T09:30:00.123Z',
      });
    });

    it('metadata that is not a JSON object (events written by other tools) reads as an empty object', () => {
      expect(toRecordedEvent({ ...stored(), metadata: undefined } as KurrentRecordedEvent).metadata).toEqual({});
      expect(toRecordedEvent({ ...stored(), metadata: new Uint8Array([1, 2]) } as KurrentRecordedEvent).metadata).toEqual({});
      expect(toRecordedEvent({ ...stored(), metadata: ['a'] } as KurrentRecordedEvent).metadata).toEqual({});
    });
  });

  describe('filters', () => {
    it('the server filters on stream prefixes when given, else on event types (as prefixes), else leaves out system events', () => {
      expect(serverFilter({ streamPrefixes: ['room-', 'partnership-'], eventTypes: ['A'] })).toMatchObject({
        filterOn: STREAM_NAME,
        prefixes: ['room-', 'partnership-'],
      });
      expect(serverFilter({ eventTypes: ['MessagePosted', 'MemberAdded'] })).toMatchObject({
        filterOn: EVENT_TYPE,
        prefixes: ['MessagePosted', 'MemberAdded'],
      });
      for (const filter of [undefined, {}, { streamPrefixes: [], eventTypes: [] }]) {
        expect(serverFilter(filter)).toMatchObject({ filterOn: EVENT_TYPE, regex: '^[^$].*' });
      }
    });

    it('the adapter checks the whole filter: literal, case-sensitive prefixes, exact types, never system events', () => {
      const event = (streamId: string, type = 'Even') => stored({ streamId, type });
      expect(matchesFilter(event('room-1'), undefined)).toBe(true);
      expect(matchesFilter(event('room-1'), { streamPrefixes: ['room-'] })).toBe(true);
      expect(matchesFilter(event('Room-1'), { streamPrefixes: ['room-'] })).toBe(false);
      expect(matchesFilter(event('a_b-1'), { streamPrefixes: ['a%'] })).toBe(false);
      expect(matchesFilter(event('a%c-1'), { streamPrefixes: ['a%'] })).toBe(true);
      expect(matchesFilter(event('x-1'), { streamPrefixes: ['room-', 'x-'] })).toBe(true);
      expect(matchesFilter(event('room-1', 'EvenMore'), { eventTypes: ['Even'] })).toBe(false); // a prefix on the server, exact here
      expect(matchesFilter(event('room-1', 'Odd'), { streamPrefixes: ['room-'], eventTypes: ['Even'] })).toBe(false);
      expect(matchesFilter(event('room-1', 'Odd'), { streamPrefixes: ['room-'], eventTypes: ['Even', 'Odd'] })).toBe(true);
      expect(matchesFilter(event('$$room-1', '$metadata'), undefined)).toBe(false);
      expect(matchesFilter(event('$ce-room', '$>'), { streamPrefixes: ['$ce-'] })).toBe(false);
    });

    it('system events are the $-typed ones', () => {
      expect(isSystemEvent({ type: '$>' })).toBe(true);
      expect(isSystemEvent({ type: '$settings' })).toBe(true);
      expect(isSystemEvent({ type: 'Tested' })).toBe(false);
    });
  });

  describe('conflicts', () => {
    const conflict = (current: bigint | 'no_stream', expected: bigint | 'no_stream' | 'stream_exists' | 'any') =>
      new WrongExpectedVersionError(undefined, { streamName: 'room-1', expected, current });

    it("WrongExpectedVersionError becomes the port's WrongExpectedRevisionError with the actual revision", () => {
      const error = toWrongExpectedRevision(conflict(4n, 2n), 'room-1', 2n);
      expect(error).toBeInstanceOf(WrongExpectedRevisionError);
      expect({ stream: error.stream, expected: error.expected, actual: error.actual }).toEqual({ stream: 'room-1', expected: 2n, actual: 4n });
      expect(error.message).toBe('stream room-1 is at revision 4, expected 2');
    });

    it('an absent stream (no_stream, or a negative revision) is an undefined actual revision', () => {
      expect(toWrongExpectedRevision(conflict('no_stream', 'stream_exists'), 'room-1', 'stream_exists').actual).toBeUndefined();
      expect(toWrongExpectedRevision(conflict(-1n, 0n), 'room-1', 0n).actual).toBeUndefined();
      expect(toWrongExpectedRevision(conflict(0n, 'no_stream'), 'room-1', 'no_stream').actual).toBe(0n);
    });

    it("keeps the port's expectation (the adapter sends KurrentDB the exact revision it checked)", () => {
      expect(toWrongExpectedRevision(conflict(3n, 2n), 's', 'any').expected).toBe('any');
    });
  });

  describe('idempotency', () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const known = new Map([
      [a, 0n],
      [b, 1n],
    ]);

    it('no id known: a new append', () => {
      expect(findEarlierAppend('s', [{ id: c }], known)).toBeUndefined();
    });

    it('every id known: the revision of the latest of them answers the retry', () => {
      expect(findEarlierAppend('s', [{ id: a }, { id: b }], known)).toBe(1n);
      expect(findEarlierAppend('s', [{ id: a }], known)).toBe(0n);
      expect(findEarlierAppend('s', [{ id: b }, { id: a }], known)).toBe(1n);
    });

    it('some ids known: PartialDuplicateAppendError naming them in the order of the append', () => {
      let error: unknown;
      try {
        findEarlierAppend('s', [{ id: c }, { id: b }, { id: a }], known);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(PartialDuplicateAppendError);
      expect((error as PartialDuplicateAppendError).stream).toBe('s');
      expect((error as PartialDuplicateAppendError).duplicateIds).toEqual([b, a]);
    });
  });

  describe('validation (InvalidAppendError)', () => {
    const refused = (run: () => unknown): string => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidAppendError);
        return (error as Error).message;
      }
      throw new Error('expected InvalidAppendError');
    };

    it('the rules of the SQLite adapter', () => {
      expect(refused(() => encodeAppend('', [testEvent()], 'any'))).toMatch(/non-empty/);
      expect(refused(() => encodeAppend('s', [], 'any'))).toMatch(/no events/);
      expect(refused(() => encodeAppend('s', [testEvent()], -1n))).toMatch(/invalid expected revision/);
      expect(refused(() => encodeAppend('s', [testEvent()], 'whatever' as 'any'))).toMatch(/invalid expected revision/);
      const event = testEvent();
      expect(refused(() => encodeAppend('s', [event, event], 'any'))).toMatch(/repeats the id/);
      expect(refused(() => encodeAppend('s', [{ ...testEvent(), id: '' }], 'any'))).toMatch(/has no id/);
      expect(refused(() => encodeAppend('s', [{ ...testEvent(), type: '' }], 'any'))).toMatch(/has no type/);
      expect(refused(() => encodeAppend('s', [{ ...testEvent(), metadata: null as never }], 'any'))).toMatch(/no metadata/);
      expect(refused(() => encodeAppend('s', [testEvent('T', { big: 1n })], 'any'))).toMatch(/data is not serialisable/);
      expect(refused(() => encodeAppend('s', [{ ...testEvent(), data: undefined }], 'any'))).toMatch(/data is not serialisable/);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(refused(() => encodeAppend('s', [testEvent('T', {}, cyclic)], 'any'))).toMatch(/metadata is not serialisable/);
    });

    it("KurrentDB's: UUID ids, no $-prefixed stream names or event types", () => {
      expect(refused(() => encodeAppend('s', [{ ...testEvent(), id: 'evt-1' }], 'any'))).toMatch(/UUID/);
      expect(refused(() => encodeAppend('$settings', [testEvent()], 'any'))).toMatch(/system streams/);
      expect(refused(() => encodeAppend('s', [testEvent('$metadata')], 'any'))).toMatch(/system events/);
      const id = randomUUID();
      expect(
        refused(() =>
          encodeAppend(
            's',
            [
              { ...testEvent(), id },
              { ...testEvent(), id: id.toUpperCase() },
            ],
            'any',
          ),
        ),
      ).toMatch(/repeats the id/);
    });

    it('copies the events through JSON (lower-case ids), so later mutations change nothing', () => {
      const event = testEvent('Posted', { text: 'original', when: new Date('2025-01-02T03:04:05.000Z'), tags: ['a'] });
      const [encoded] = encodeAppend('room-1', [{ ...event, id: event.id.toUpperCase() }], 0n);
      (event.data as { tags: string[] }).tags.push('b');
      expect(encoded).toEqual({
        id: event.id,
        type: 'Posted',
        data: { text: 'original', when: '2025-01-02T03:04:05.000Z', tags: ['a'] },
        metadata: event.metadata,
      });
      expect(encoded?.metadata).not.toBe(event.metadata);
    });
  });
});

describe('KurrentDbEventStore without a server', () => {
  // Nothing listens on port 1: these only show what needs no server, with the real client.
  const connect = () => KurrentDbEventStore.connect({ connectionString: 'kurrentdb://127.0.0.1:1?tls=false' });

  it('refuses a malformed connection string at once', () => {
    expect(() => KurrentDbEventStore.connect({ connectionString: 'http://localhost:2113' })).toThrow(/kurrentdb:\/\//);
  });

  it('refuses an invalid append before any network call, and every call once closed', async () => {
    const store = connect();
    await expect(store.append('s', [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(InvalidAppendError);
    await store.close();
    await expect(store.append('s', [testEvent()], { expectedRevision: 'any' })).rejects.toThrow(/closed/);
    await expect(store.readStream('s')).rejects.toThrow(/closed/);
    await expect(store.readAll()).rejects.toThrow(/closed/);
    await expect(store.headPosition()).rejects.toThrow(/closed/);
    const received: unknown[] = [];
    for await (const event of store.subscribeAll()) received.push(event);
    expect(received).toEqual([]);
  });

  it('a subscription with an aborted signal yields nothing', async () => {
    const store = connect();
    const controller = new AbortController();
    controller.abort();
    const received: unknown[] = [];
    for await (const event of store.subscribeAll({ signal: controller.signal })) received.push(event);
    expect(received).toEqual([]);
    await store.close();
  });

  it('an unreachable server is a connection error, not a port error', async () => {
    const store = connect();
    const error = await store.readStream('s').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(WrongExpectedRevisionError);
    // A subscription fails with it too (the consumer resubscribes from its checkpoint), rather than waiting forever.
    const failed = await (async () => {
      for await (const event of store.subscribeAll()) return event;
      return 'ended';
    })().catch((caught: unknown) => caught);
    expect(failed).toBeInstanceOf(Error);
    await store.close();
  }, 30_000);
});
