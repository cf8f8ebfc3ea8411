import {
  BACKWARDS,
  END,
  FORWARDS,
  type KurrentDBClient,
  NO_STREAM,
  type RecordedEvent as KurrentRecordedEvent,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { type AppendResult, type ExpectedRevision, matchesExpected, PartialDuplicateAppendError, WrongExpectedRevisionError } from '@catalyse/event-store';
import { type EncodedEvent, findEarlierAppend, positionOf, toEventData, toWrongExpectedRevision } from './mapping';
import { readStreamEvents } from './reads';

const SCAN_PAGE = 1000;
/** Attempts of one append that keeps losing races against other processes before it gives up. */
const MAX_APPEND_ATTEMPTS = 50;

/** Event ids of one stream, as far as it was read. */
interface StreamIds {
  /** Revision of each event id seen in the stream. */
  readonly ids: Map<string, bigint>;
  /** Revisions below this one were read: the stream's last revision + 1 (0n: no stream). */
  next: bigint;
  /** How many of its ids `cachedIds` counts (0 while it is not in the cache). */
  counted: number;
}

/**
 * The appends of a store. KurrentDB's own idempotency is best effort with
 * `any` and does not see ids anywhere else in the stream than where a retry
 * would put them, so the adapter checks ids itself: it keeps the ids of the
 * streams it appends to (read once, then only new events, up to `idCacheSize`
 * ids in all) and appends with the exact revision it read, so no other writer
 * can slip in between the check and the write. Appends to one stream from
 * this process run one after the other.
 */
export class Appender {
  /** Appends to the same stream from this process run one after the other. */
  private readonly streamLocks = new Map<string, Promise<unknown>>();
  /** Known ids per stream, least recently used first. */
  private readonly streamIds = new Map<string, StreamIds>();
  private cachedIds = 0;

  constructor(
    private readonly client: KurrentDBClient,
    private readonly idCacheSize: number,
  ) {}

  /** Appends (already validated and encoded) once the appends to the same stream before it are done. */
  append(stream: string, events: readonly EncodedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.withStreamLock(stream, () => this.appendNow(stream, events, expected));
  }

  /** Settled once every append under way is. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.streamLocks.values()]);
  }

  /**
   * Ids first (all known → the original result, some → partial duplicate), then
   * the expected revision, then a write with the exact revision the check saw.
   * A conflict from the server means another process wrote meanwhile: read the
   * new events and decide again.
   */
  private async appendNow(stream: string, events: readonly EncodedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    let known = this.streamIds.get(stream);
    let fresh = false; // read up to the end of the stream during this call
    if (!known) {
      known = { ids: new Map(), next: 0n, counted: 0 };
      await this.scan(stream, known);
      fresh = true;
    }
    let wrote = false;
    for (let attempt = 1; ; attempt++) {
      const earlier = findEarlierAppend(stream, events, known.ids);
      if (earlier !== undefined) return { nextRevision: earlier, position: await this.positionAt(stream, earlier) };
      if (wrote) {
        throw new Error(`KurrentDB acknowledged an append to ${stream} whose events cannot be found where it said`);
      }
      const current = known.next === 0n ? undefined : known.next - 1n;
      if (!matchesExpected(expected, current)) {
        if (fresh) throw new WrongExpectedRevisionError(stream, expected, current);
        await this.scan(stream, known); // the cache may be behind another process's writes
        fresh = true;
        continue;
      }

      let acknowledged: { success: boolean; nextExpectedRevision: bigint };
      let conflict: WrongExpectedVersionError | undefined;
      try {
        acknowledged = await this.client.appendToStream(stream, events.map(toEventData), {
          streamState: current === undefined ? NO_STREAM : current,
        });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        conflict = error;
        acknowledged = { success: false, nextExpectedRevision: -1n };
      }
      if (acknowledged.success) {
        const last = events[events.length - 1] as EncodedEvent;
        const nextRevision = acknowledged.nextExpectedRevision;
        const written = await this.eventAt(stream, nextRevision);
        if (written && written.id === last.id && nextRevision === (current ?? -1n) + BigInt(events.length)) {
          events.forEach((event, i) => this.remember(known, event.id, nextRevision - BigInt(events.length - 1 - i)));
          known.next = nextRevision + 1n;
          this.keep(stream, known);
          return { nextRevision, position: positionOf(written) };
        }
        // E.g. the server answered a retry of these events written by another process meanwhile.
        wrote = true;
        await this.scan(stream, known);
        fresh = true;
        continue;
      }
      // A conflict: another process wrote since the ids were read. Read its events and decide again,
      // unless nothing new can be read (then the server's answer stands) or this keeps happening.
      const before = known.next;
      await this.scan(stream, known);
      fresh = true;
      if (known.next === before || attempt >= MAX_APPEND_ATTEMPTS) {
        throw conflict
          ? toWrongExpectedRevision(conflict, stream, expected)
          : new WrongExpectedRevisionError(stream, expected, await this.lastRevision(stream));
      }
    }
  }

  /** Reads the stream from `known.next` to its end, recording the ids. */
  private async scan(stream: string, known: StreamIds): Promise<void> {
    for (;;) {
      let count = 0;
      for (const event of await readStreamEvents(this.client, stream, known.next, FORWARDS, SCAN_PAGE)) {
        count++;
        this.remember(known, event.id, event.revision);
        if (event.revision >= known.next) known.next = event.revision + 1n;
      }
      if (count < SCAN_PAGE) break;
    }
    this.keep(stream, known);
  }

  private remember(known: StreamIds, id: string, revision: bigint): void {
    known.ids.set(id, revision);
  }

  /** Marks the stream's ids as recently used, and drops the cache when it grew too big. */
  private keep(stream: string, known: StreamIds): void {
    this.forget(stream);
    this.cachedIds += known.ids.size;
    known.counted = known.ids.size;
    this.streamIds.set(stream, known);
    if (this.cachedIds > this.idCacheSize) {
      for (const entry of this.streamIds.values()) entry.counted = 0;
      this.streamIds.clear();
      this.cachedIds = 0;
    }
  }

  private async withStreamLock<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        // A failed exchange (e.g. a timeout after the server wrote) may leave the cache behind: read again next time.
        if (!(error instanceof WrongExpectedRevisionError || error instanceof PartialDuplicateAppendError)) {
          this.forget(stream);
        }
        throw error;
      }
    };
    const mine = (this.streamLocks.get(stream) ?? Promise.resolve()).then(run, run);
    const settled = mine.catch(() => undefined);
    this.streamLocks.set(stream, settled);
    try {
      return await mine;
    } finally {
      if (this.streamLocks.get(stream) === settled) this.streamLocks.delete(stream);
    }
  }

  private forget(stream: string): void {
    const known = this.streamIds.get(stream);
    if (!known) return;
    this.cachedIds -= known.counted;
    known.counted = 0;
    this.streamIds.delete(stream);
  }

  private async positionAt(stream: string, revision: bigint): Promise<bigint> {
    const event = await this.eventAt(stream, revision);
    if (!event) throw new Error(`event ${revision} of stream ${stream} cannot be read back`);
    return positionOf(event);
  }

  private async eventAt(stream: string, revision: bigint): Promise<KurrentRecordedEvent | undefined> {
    const [event] = await readStreamEvents(this.client, stream, revision, FORWARDS, 1);
    return event && event.revision === revision ? event : undefined;
  }

  private async lastRevision(stream: string): Promise<bigint | undefined> {
    const [event] = await readStreamEvents(this.client, stream, END, BACKWARDS, 1);
    return event?.revision;
  }
}
