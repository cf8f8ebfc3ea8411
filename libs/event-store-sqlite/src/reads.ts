import type Database from 'better-sqlite3';
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

/** Prepared `readAll` statements kept (one per shape of filter); past it they are all dropped. */
const MAX_FILTER_STATEMENTS = 64;

const COLUMNS = 'position, stream, revision, id, type, data, metadata, recorded_at';

interface EventRow {
  readonly position: bigint;
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
}

/** The reads of a store, on its connection: statements prepared once (`readAll`: one per shape of filter). */
export class EventReads {
  private readonly filteredReads = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly sql: {
    readonly head: Database.Statement<[], bigint | null>;
    readonly readForwards: Database.Statement<[string, bigint, number], EventRow>;
    readonly readBackwards: Database.Statement<[string, bigint, number], EventRow>;
  };

  constructor(private readonly db: Database.Database) {
    this.sql = {
      head: db.prepare<[], bigint | null>('SELECT MAX(position) FROM events').pluck(),
      readForwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`),
      readBackwards: db.prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`),
    };
  }

  readStream(stream: string, options: ReadStreamOptions): RecordedEvent[] {
    const { direction, revision } = streamReadStart(options);
    const statement = direction === 'forwards' ? this.sql.readForwards : this.sql.readBackwards;
    return statement.all(stream, revision, pageSize(options.limit, PAGE.default)).map(toRecordedEvent);
  }

  /** The highest position written (0n when the log is empty). */
  head(): bigint {
    return this.sql.head.get() ?? 0n;
  }

  /** A page of the log after `after` (and up to `upTo`), filtered in SQL. */
  selectAll(after: bigint, upTo: bigint | undefined, limit: number, filter: ReadAllFilter | undefined): RecordedEvent[] {
    const prefixes = filter?.streamPrefixes ?? [];
    const types = filter?.eventTypes ?? [];
    const params: unknown[] = [clampInt64(after)];
    if (upTo !== undefined) params.push(clampInt64(upTo));
    for (const prefix of prefixes) params.push(prefix, prefix);
    params.push(...types, limit);
    return this.filteredRead(upTo !== undefined, prefixes.length, types.length)
      .all(...params)
      .map(toRecordedEvent);
  }

  /** Prepared statements of `readAll`, one per shape of filter. */
  private filteredRead(bounded: boolean, prefixes: number, types: number): Database.Statement<unknown[], EventRow> {
    const key = `${bounded}/${prefixes}/${types}`;
    let statement = this.filteredReads.get(key);
    if (!statement) {
      const where = ['position > ?'];
      if (bounded) where.push('position <= ?');
      // substr, not LIKE: LIKE ignores case and treats % and _ as wildcards.
      if (prefixes > 0) where.push(`(${Array(prefixes).fill('substr(stream, 1, length(?)) = ?').join(' OR ')})`);
      if (types > 0) where.push(`type IN (${Array(types).fill('?').join(', ')})`);
      statement = this.db.prepare<unknown[], EventRow>(`SELECT ${COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position ASC LIMIT ?`);
      if (this.filteredReads.size >= MAX_FILTER_STATEMENTS) this.filteredReads.clear();
      this.filteredReads.set(key, statement);
    }
    return statement;
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.id,
    stream: row.stream,
    type: row.type,
    revision: row.revision,
    position: row.position,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    recordedAt: row.recorded_at,
  };
}
