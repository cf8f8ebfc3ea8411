import {
  BACKWARDS,
  END,
  excludeSystemEvents,
  FORWARDS,
  type KurrentDBClient,
  type ReadPosition,
  type ReadRevision,
  type RecordedEvent as KurrentRecordedEvent,
  START,
  StreamNotFoundError,
} from '@kurrent/kurrentdb-client';
import { PAGE, pageSize, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent } from '@catalyse/event-store';
import { isSystemEvent, matchesFilter, positionOf, serverFilter, toReadPosition, toRecordedEvent } from './mapping';

/** The port's `readStream` on the client. */
export async function readStream(client: KurrentDBClient, stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
  const direction = options.direction ?? 'forwards';
  const limit = pageSize(options.limit, PAGE.default);
  const from = options.from ?? (direction === 'forwards' ? 'start' : 'end');
  let revision: ReadRevision;
  if (from === 'start') revision = START;
  else if (from === 'end') revision = END;
  else if (from < 0n) {
    if (direction === 'backwards') return [];
    revision = START;
  } else revision = from;
  const events = await readStreamEvents(client, stream, revision, direction === 'forwards' ? FORWARDS : BACKWARDS, limit);
  return events.map(toRecordedEvent);
}

/** One page of a stream from the client; an absent stream is an empty page. */
export async function readStreamEvents(
  client: KurrentDBClient,
  stream: string,
  fromRevision: ReadRevision,
  direction: typeof FORWARDS | typeof BACKWARDS,
  maxCount: number,
): Promise<KurrentRecordedEvent[]> {
  const events: KurrentRecordedEvent[] = [];
  try {
    for await (const resolved of client.readStream(stream, { fromRevision, direction, maxCount })) {
      if (resolved.event) events.push(resolved.event);
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return events;
}

/**
 * Reads `$all` forwards from `after` (KurrentDB reads from a position
 * inclusively: the event at `after` itself is skipped), filtered on the server
 * by one criterion and checked here against all of them, until `limit` events
 * matched or the log ends.
 */
export async function readAll(client: KurrentDBClient, options: ReadAllOptions): Promise<RecordedEvent[]> {
  const limit = pageSize(options.limit, PAGE.default);
  const found: RecordedEvent[] = [];
  let from = options.after ?? 0n;
  for (;;) {
    const request = limit - found.length + 1; // +1: the event at `from` comes back too
    let returned = 0;
    let last = from;
    for await (const resolved of client.readAll({
      fromPosition: toReadPosition(from),
      direction: FORWARDS,
      maxCount: request,
      filter: serverFilter(options.filter),
    })) {
      returned++;
      const event = resolved.event;
      if (!event) continue;
      const position = positionOf(event);
      if (position <= from) continue;
      last = position;
      if (!matchesFilter(event, options.filter)) continue;
      found.push(toRecordedEvent(event));
      if (found.length >= limit) return found;
    }
    if (returned < request || last <= from) return found;
    from = last;
  }
}

/** Commit position of the last non-system event of `$all` (0n when there is none). */
export async function headPosition(client: KurrentDBClient): Promise<bigint> {
  let from: ReadPosition = END;
  let previous: bigint | undefined;
  for (;;) {
    let returned = 0;
    for await (const resolved of client.readAll({
      fromPosition: from,
      direction: BACKWARDS,
      maxCount: 64,
      filter: excludeSystemEvents(),
    })) {
      returned++;
      const event = resolved.event;
      if (!event) continue;
      const position = positionOf(event);
      if (previous !== undefined && position >= previous) continue;
      previous = position;
      if (!isSystemEvent(event)) return position;
    }
    if (returned < 64 || previous === undefined) return 0n;
    from = toReadPosition(previous);
  }
}
