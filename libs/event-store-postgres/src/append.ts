/**
 * What a group of appends decides, in plain JS between its lookup and its
 * INSERT: no I/O here. Also PostgreSQL's append rules.
 */
import {
  type AppendResult,
  type AppendRules,
  type EncodedEvent,
  encodeAppend as encodeCommon,
  type EventToAppend,
  type ExpectedRevision,
  MAX_INT64,
  matchesExpected,
  PartialDuplicateAppendError,
  WrongExpectedRevisionError,
} from '@catalyse/event-store';

const NO_STREAM = -1n;

/** An append waiting in the queue of the writer loop (its events serialised at `append` time). */
export interface PendingAppend {
  readonly stream: string;
  readonly events: readonly EncodedEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** A row of the group's lookup: a stream's revision (id null) or an id already in a stream. */
export interface LookupRow {
  readonly stream: string;
  readonly id: string | null;
  readonly revision: string | null;
  readonly position: string | null;
}

/** An event known to be in a stream: committed (position) or written by this group (slot in its INSERT). */
export interface KnownEvent {
  readonly revision: bigint;
  readonly position?: bigint;
  readonly slot?: number;
}

/** The rows of the group's single INSERT, column by column (as `unnest` takes them). */
export interface InsertColumns {
  readonly streams: string[];
  readonly revisions: string[];
  readonly ids: string[];
  readonly types: string[];
  readonly data: string[];
  readonly metadata: string[];
}

/** What a group decided for one append, settled once the group is committed. */
export type Decision =
  | { readonly kind: 'written'; readonly pending: PendingAppend; readonly lastSlot: number; readonly nextRevision: bigint }
  | { readonly kind: 'earlier'; readonly pending: PendingAppend; readonly event: KnownEvent }
  | { readonly kind: 'refused'; readonly pending: PendingAppend; readonly error: Error };

/** What a group is decided against, updated as its appends are accepted. */
export interface Lookup {
  /** Last revision of each stream of the group (undefined: no stream). */
  readonly revisions: Map<string, bigint | undefined>;
  /** Ids of the group already in each stream. */
  readonly ids: Map<string, Map<string, KnownEvent>>;
}

/** The lookup's parameters: the group's streams, and its distinct (stream, id) pairs as two columns. */
export function lookupParameters(group: readonly PendingAppend[]): [streams: string[], keyStreams: string[], keyIds: string[]] {
  const streams = [...new Set(group.map((pending) => pending.stream))];
  const pairs = new Set<string>();
  const keyStreams: string[] = [];
  const keyIds: string[] = [];
  for (const { stream, events } of group) {
    for (const { id } of events) {
      const key = `${stream}\u0000${id}`; // NUL cannot occur in either (validated)
      if (pairs.has(key)) continue;
      pairs.add(key);
      keyStreams.push(stream);
      keyIds.push(id);
    }
  }
  return [streams, keyStreams, keyIds];
}

export function toLookup(rows: readonly LookupRow[]): Lookup {
  const revisions = new Map<string, bigint | undefined>();
  const ids = new Map<string, Map<string, KnownEvent>>();
  for (const row of rows) {
    if (row.id === null) {
      revisions.set(row.stream, row.revision === null ? undefined : BigInt(row.revision));
      continue;
    }
    let inStream = ids.get(row.stream);
    if (!inStream) ids.set(row.stream, (inStream = new Map()));
    inStream.set(row.id, { revision: BigInt(row.revision ?? '0'), position: BigInt(row.position ?? '0') });
  }
  return { revisions, ids };
}

/**
 * Decides each append of a group, in order, against the state left by the
 * ones before it: idempotency first (every id already in the stream: that
 * earlier append's result, whatever the expected revision; some:
 * PartialDuplicateAppendError), then the expected revision. Accepted appends
 * become rows of the one INSERT, in order (a slot each).
 */
export function decide(group: readonly PendingAppend[], state: Lookup): { decisions: Decision[]; rows: InsertColumns; written: PendingAppend[] } {
  const rows: InsertColumns = { streams: [], revisions: [], ids: [], types: [], data: [], metadata: [] };
  const decisions: Decision[] = [];
  const written: PendingAppend[] = [];
  for (const pending of group) {
    const { stream, events, expected } = pending;
    let inStream = state.ids.get(stream);
    let latest: KnownEvent | undefined;
    const present: string[] = [];
    for (const { id } of events) {
      const found = inStream?.get(id);
      if (!found) continue;
      present.push(id);
      if (!latest || found.revision > latest.revision) latest = found;
    }
    if (latest && present.length === events.length) {
      decisions.push({ kind: 'earlier', pending, event: latest });
      continue;
    }
    if (present.length > 0) {
      decisions.push({ kind: 'refused', pending, error: new PartialDuplicateAppendError(stream, present) });
      continue;
    }
    const current = state.revisions.get(stream);
    if (!matchesExpected(expected, current)) {
      decisions.push({ kind: 'refused', pending, error: new WrongExpectedRevisionError(stream, expected, current) });
      continue;
    }
    if (!inStream) state.ids.set(stream, (inStream = new Map()));
    let revision = current ?? NO_STREAM;
    for (const event of events) {
      revision++;
      inStream.set(event.id, { revision, slot: rows.ids.length });
      rows.streams.push(stream);
      rows.revisions.push(revision.toString());
      rows.ids.push(event.id);
      rows.types.push(event.type);
      rows.data.push(event.data);
      rows.metadata.push(event.metadata);
    }
    state.revisions.set(stream, revision);
    decisions.push({ kind: 'written', pending, lastSlot: rows.ids.length - 1, nextRevision: revision });
    written.push(pending);
  }
  return { decisions, rows, written };
}

/** The port's append rules, plus PostgreSQL's: text cannot hold NUL, revisions fit in int8. */
const POSTGRES_RULES: AppendRules = {
  stream: (stream, refuse) => {
    if (stream.includes('\u0000')) refuse('a stream name cannot hold a NUL character');
  },
  id: (id, where, refuse) => {
    if (id.includes('\u0000')) refuse(`${where()}: an id or a type cannot hold a NUL character`);
    return id;
  },
  type: (type, where, refuse) => {
    if (type.includes('\u0000')) refuse(`${where()}: an id or a type cannot hold a NUL character`);
  },
  maxRevision: MAX_INT64,
};

/** Validates and serialises an append (throws `InvalidAppendError`). */
export function encodeAppend(stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): EncodedEvent[] {
  return encodeCommon(stream, events, expected, POSTGRES_RULES);
}
