import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import {
  clampInt64,
  type EventMetadata,
  PAGE,
  pageSize,
  type ReadAllFilter,
  type ReadStreamOptions,
  type RecordedEvent,
  streamReadStart,
} from '@catalyse/event-store';

/**
 * Every read returns these, as text: exact whatever type parsers the pool has.
 * Read from `events AS e`, and ORDER BY `e.position` / `e.revision`: a bare
 * `position` would name the text output column and sort as strings.
 */
const COLUMNS = `e.position::text AS position, e.stream, e.revision::text AS revision, e.id, e.type, e.data::text AS data,
  e.metadata::text AS metadata, to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;
/** A stream's reads: the same but the stream, which the caller gave. */
const STREAM_COLUMNS = COLUMNS.replace(' e.stream,', '');

/** A named statement (prepared once per connection, planned once): the name follows the text. */
interface Named {
  readonly name: string;
  readonly text: string;
}

function named(prefix: string, text: string): Named {
  return { name: `${prefix}-${createHash('sha256').update(text).digest('hex').slice(0, 24)}`, text };
}

interface EventRow {
  readonly position: string;
  readonly stream?: string;
  readonly revision: string;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

/**
 * The reads of a store, each one statement on some pooled client. Writes are
 * serialised in position order (see `PostgresEventStore`), so every snapshot
 * sees a prefix of the log: the head is a safe place to resume from.
 *
 * The statements without a filter are named (prepared once per connection):
 * a stream's page, the head and a page of the log are index scans whatever
 * the parameters, so their generic plans are safe as the table grows, and a
 * small read (an aggregate's few events) is not planned again each time.
 * Filtered pages stay unnamed (planned with their parameters).
 */
export class EventReads {
  private readonly sql: {
    readonly head: Named;
    readonly readForwards: Named;
    readonly readBackwards: Named;
    readonly page: Named;
    readonly boundedPage: Named;
  };

  constructor(
    private readonly pool: Pool,
    /** The quoted `schema.events` table. */
    private readonly table: string,
  ) {
    const t = table;
    this.sql = {
      head: named('catalyse-head', `SELECT coalesce(max(position), 0)::text AS head FROM ${t}`),
      readForwards: named(
        'catalyse-stream',
        `SELECT ${STREAM_COLUMNS} FROM ${t} AS e WHERE e.stream = $1 AND e.revision >= $2 ORDER BY e.revision ASC LIMIT $3`,
      ),
      readBackwards: named(
        'catalyse-stream',
        `SELECT ${STREAM_COLUMNS} FROM ${t} AS e WHERE e.stream = $1 AND e.revision <= $2 ORDER BY e.revision DESC LIMIT $3`,
      ),
      page: named('catalyse-page', `SELECT ${COLUMNS} FROM ${t} AS e WHERE e.position > $1 ORDER BY e.position ASC LIMIT $2`),
      boundedPage: named('catalyse-page', `SELECT ${COLUMNS} FROM ${t} AS e WHERE e.position > $1 AND e.position <= $2 ORDER BY e.position ASC LIMIT $3`),
    };
  }

  async readStream(stream: string, options: ReadStreamOptions): Promise<RecordedEvent[]> {
    const { direction, revision } = streamReadStart(options);
    const statement = direction === 'forwards' ? this.sql.readForwards : this.sql.readBackwards;
    const { rows } = await this.pool.query<EventRow>({ ...statement, values: [stream, revision.toString(), pageSize(options.limit, PAGE.default)] });
    return rows.map((row) => toRecordedEvent(row, stream));
  }

  /** The highest committed position (0n when the log is empty). */
  async head(): Promise<bigint> {
    const { rows } = await this.pool.query<{ head: string }>(this.sql.head);
    return BigInt(rows[0]?.head ?? '0');
  }

  /** A page of the log after `after` (and up to `upTo`), filtered in SQL. */
  async selectAll(after: bigint, upTo: bigint | undefined, limit: number, filter: ReadAllFilter | undefined): Promise<RecordedEvent[]> {
    const prefixes = filter?.streamPrefixes ?? [];
    const types = filter?.eventTypes ?? [];
    if (prefixes.length === 0 && types.length === 0) {
      const from = clampInt64(after).toString();
      const { rows } = await this.pool.query<EventRow>(
        upTo === undefined ? { ...this.sql.page, values: [from, limit] } : { ...this.sql.boundedPage, values: [from, clampInt64(upTo).toString(), limit] },
      );
      return rows.map((row) => toRecordedEvent(row));
    }
    const params: unknown[] = [clampInt64(after).toString()];
    const where = ['e.position > $1'];
    if (upTo !== undefined) {
      params.push(clampInt64(upTo).toString());
      where.push(`e.position <= $${params.length}`);
    }
    if (prefixes.length > 0) {
      // starts_with, not LIKE: LIKE treats % and _ as wildcards.
      params.push([...prefixes]);
      where.push(`EXISTS (SELECT 1 FROM unnest($${params.length}::text[]) AS p(prefix) WHERE starts_with(e.stream, p.prefix))`);
    }
    if (types.length > 0) {
      params.push([...types]);
      where.push(`e.type = ANY($${params.length}::text[])`);
    }
    params.push(limit);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table} AS e WHERE ${where.join(' AND ')} ORDER BY e.position ASC LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => toRecordedEvent(row));
  }
}

function toRecordedEvent(row: EventRow, stream = row.stream ?? ''): RecordedEvent {
  return {
    id: row.id,
    stream,
    type: row.type,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at,
  };
}
