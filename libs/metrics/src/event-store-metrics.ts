import { Histogram, type Registry } from 'prom-client';
import {
  type AppendOptions,
  type AppendResult,
  type DataRewrite,
  type EventStore,
  type EventToAppend,
  PartialDuplicateAppendError,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
  WrongExpectedRevisionError,
} from '@catalyse/event-store';
import { registersOf } from './registry';

/** How an append ended: written (or recognised as a retry), refused on its expected revision or ids, or failed. */
export type AppendOutcome = 'ok' | 'conflict' | 'error';

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const EVENTS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000];
const APPENDS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];

/** The event store's appends and the groups its writer commits them in. */
export class EventStoreMetrics {
  readonly appendDuration: Histogram<'outcome'>;
  readonly appendEvents: Histogram;
  readonly commitAppends: Histogram;
  readonly commitEvents: Histogram;

  constructor(registry?: Registry) {
    const registers = registersOf(registry);
    this.appendDuration = new Histogram({
      name: 'catalyse_event_store_append_duration_seconds',
      help:
        'Appends to the engine (SQLite, PostgreSQL, KurrentDB), from the call to its acknowledgement: the wait for the group it joins, ' +
        'its write transaction and COMMIT (personal data already sealed). outcome: ok, conflict (expected revision or ids), error',
      labelNames: ['outcome'],
      buckets: SECONDS,
      registers,
    });
    this.appendEvents = new Histogram({
      name: 'catalyse_event_store_append_events',
      help: 'Events per append call (one command usually appends one or two)',
      buckets: EVENTS,
      registers,
    });
    this.commitAppends = new Histogram({
      name: 'catalyse_event_store_commit_appends',
      help:
        'Appends acknowledged per write transaction of this process (group commit: SQLite groups the appends of a tick, ' +
        'PostgreSQL those queued while the previous group committed); engines without group commit (KurrentDB) report none',
      buckets: APPENDS,
      registers,
    });
    this.commitEvents = new Histogram({
      name: 'catalyse_event_store_commit_events',
      help: 'Events written per write transaction of this process (see catalyse_event_store_commit_appends)',
      buckets: EVENTS,
      registers,
    });
  }
}

/** The counters an engine with group commit keeps since it was opened (`stats` of the SQLite and PostgreSQL stores). */
export interface GroupCommitStats {
  /** Write transactions committed. */
  readonly commits: number;
  /** Appends acknowledged. */
  readonly appends: number;
  /** Events written. */
  readonly events: number;
}

/** The engine's `stats` getter, when it has one of that shape. */
function groupCommitStatsOf(store: EventStore): (() => GroupCommitStats) | undefined {
  const read = (): unknown => (store as { readonly stats?: unknown }).stats;
  const isStats = (value: unknown): value is GroupCommitStats => {
    if (typeof value !== 'object' || value === null) return false;
    const { commits, appends, events } = value as Record<string, unknown>;
    return typeof commits === 'number' && typeof appends === 'number' && typeof events === 'number';
  };
  if (!('stats' in store) || !isStats(read())) return undefined;
  return () => {
    const stats = read();
    return isStats(stats) ? stats : { commits: 0, appends: 0, events: 0 };
  };
}

function appendOutcomeOf(error: unknown): AppendOutcome {
  return error instanceof WrongExpectedRevisionError || error instanceof PartialDuplicateAppendError ? 'conflict' : 'error';
}

/**
 * The event store port, metered: times every `append` and counts its events,
 * and, over an engine that counts its group commits (`stats`), the size of each
 * write transaction. Reads pass through untouched. Wrap the engine itself (the
 * runtime does, under the personal-data and upcasting layers), so that every
 * append of the process goes through it.
 *
 * The group size comes from the engine's counters without looking inside it:
 * the writer settles every append of a group synchronously after its COMMIT,
 * and the next group commits no earlier than the next turn of the event loop,
 * so the first append to settle after a COMMIT sees the counters moved by
 * exactly that group. Should several commits ever be seen at once (appends that
 * bypassed this decorator), each gets the mean.
 */
export class MeteredEventStore implements EventStore {
  private readonly stats: (() => GroupCommitStats) | undefined;
  private seen: GroupCommitStats;

  /** The engine's, when it has it (erasures): not metered, it is rare and not an append. */
  readonly rewriteData?: (rewrites: readonly DataRewrite[]) => Promise<void>;

  constructor(
    readonly inner: EventStore,
    private readonly metrics: EventStoreMetrics,
  ) {
    const rewrite = inner.rewriteData;
    if (rewrite) this.rewriteData = (rewrites) => rewrite.call(inner, rewrites);
    this.stats = groupCommitStatsOf(inner);
    this.seen = this.stats?.() ?? { commits: 0, appends: 0, events: 0 };
  }

  async append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const started = performance.now();
    let outcome: AppendOutcome = 'ok';
    try {
      return await this.inner.append(stream, events, options);
    } catch (error) {
      outcome = appendOutcomeOf(error);
      throw error;
    } finally {
      this.metrics.appendDuration.observe({ outcome }, (performance.now() - started) / 1000);
      this.metrics.appendEvents.observe(events.length);
      this.noteCommits();
    }
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeAll(options?: SubscribeAllOptions): AsyncIterable<RecordedEvent> {
    return this.inner.subscribeAll(options);
  }

  headPosition(): Promise<bigint> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Observes the write transactions committed since the last look (see the class comment). */
  private noteCommits(): void {
    if (!this.stats) return;
    const now = this.stats();
    const commits = now.commits - this.seen.commits;
    if (commits <= 0) return;
    const appends = (now.appends - this.seen.appends) / commits;
    const events = (now.events - this.seen.events) / commits;
    this.seen = now;
    // A transaction that acknowledged nothing (every append of it refused) is not a group of appends.
    if (appends <= 0) return;
    for (let i = 0; i < commits; i++) {
      this.metrics.commitAppends.observe(appends);
      this.metrics.commitEvents.observe(events);
    }
  }
}
