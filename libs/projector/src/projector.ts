import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PERSONAL_DATA_ERASED } from '@catalyse/domain';
import type { EventStore, RecordedEvent } from '@catalyse/event-store';
import { type FeedNotifier, LIVE_PROJECTOR, Projection, type ProjectionStore } from '@catalyse/projections';
import { Failures } from './failures';
import type { ProjectorErasures, ProjectorLogger, ProjectorObserver, ProjectorOptions, ProjectorStatus } from './projector-options';
import { readyBatches } from './ready-batches';

export type { ProjectorErasures, ProjectorLogger, ProjectorObserver, ProjectorOptions, ProjectorStatus } from './projector-options';

/** The live projector's name: its checkpoint is what read-your-writes waits for (`LIVE_PROJECTOR`). */
const DEFAULT_NAME = LIVE_PROJECTOR;
const DEFAULT_LEASE_MS = 10_000;
const DEFAULT_MAX_BATCH = 500;

const consoleLogger: ProjectorLogger = {
  log: (message) => process.stdout.write(`projector: ${message}\n`),
  warn: (message) => process.stderr.write(`projector: ${message}\n`),
  error: (message, stack) => process.stderr.write(`projector: ${message}${stack ? `\n${stack}` : ''}\n`),
};

interface Waiter {
  readonly position: bigint;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Folds the event log into the read models and the room feeds (docs/architecture.md §2, §5.1).
 *
 * Reads its checkpoint, follows `eventStore.subscribeAll({after: checkpoint})`
 * and applies the events in batches: a batch is whatever the subscription has
 * ready at once (the catch-up pages, or the few events of a live append), at
 * most `maxBatchSize`, never waiting for more — latency first. Each batch is
 * one `store.transaction` that also moves the checkpoint, so read models,
 * feeds and checkpoint always agree, and a crash at any moment resumes exactly
 * after the last committed batch: no event is skipped, none applied twice.
 * Then the touched rooms' heads are published to the notifier.
 *
 * On an error (store busy, disk full, a bug): logged, then after a backoff it
 * resumes from the stored checkpoint. It never skips an event.
 *
 * Only one projector may write a projection store (it is the leader).
 */
export class Projector {
  private readonly name: string;
  private readonly maxBatchSize: number;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly logger: ProjectorLogger;
  private readonly projection: Projection;

  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private checkpoint = 0n;
  private batches = 0;
  private eventsApplied = 0;
  private lastBatchAt: string | undefined;
  private readonly failures: Failures;
  private backoffMs: number;
  private readonly waiters = new Set<Waiter>();
  private readonly lease: { readonly holder: string; readonly ttlMs: number } | undefined;
  private role: 'active' | 'standby' = 'standby';
  /** Dead holders whose lease is released before the first claim (then forgotten). */
  private takeOverFrom: readonly string[];
  private readonly erasures: ProjectorErasures | undefined;
  private readonly observers = new Set<ProjectorObserver>();

  constructor(
    private readonly events: EventStore,
    private readonly store: ProjectionStore,
    private readonly notifier: Pick<FeedNotifier, 'publish'>,
    options: ProjectorOptions = {},
  ) {
    this.name = options.name ?? DEFAULT_NAME;
    this.maxBatchSize = Math.max(1, Math.floor(options.maxBatchSize ?? DEFAULT_MAX_BATCH));
    this.initialBackoffMs = Math.max(1, options.backoff?.initialMs ?? 100);
    this.maxBackoffMs = Math.max(this.initialBackoffMs, options.backoff?.maxMs ?? 5000);
    this.failures = new Failures(options.backoff?.episodeGapMs ?? Math.max(30_000, 4 * this.maxBackoffMs));
    this.backoffMs = this.initialBackoffMs;
    this.logger = options.logger ?? consoleLogger;
    this.erasures = options.erasures;
    this.projection = new Projection(
      options.models,
      (ignored) =>
        this.logger.warn(
          `${this.name}: event at position ${ignored.position} (${ignored.type} on ${ignored.stream}) left out of the read models (${ignored.model}): ${ignored.reason}`,
        ),
      options.erasures,
    );
    this.lease = options.lease ? { holder: options.lease.holder, ttlMs: Math.max(30, options.lease.ttlMs ?? DEFAULT_LEASE_MS) } : undefined;
    if (!this.lease) this.role = 'active';
    this.takeOverFrom = options.lease?.takeOverFrom ?? [];
  }

  /** Reads the checkpoint and starts following the log in the background. */
  async start(): Promise<void> {
    // A stop in progress finishes first: two loops must never run at once.
    await this.stopping;
    if (this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    try {
      this.checkpoint = await this.store.getCheckpoint(this.name);
    } catch (error) {
      this.abort = undefined;
      throw error;
    }
    this.logger.log(`${this.name}: starting after position ${this.checkpoint}`);
    this.loop = this.run(abort.signal);
  }

  /** Stops after the batch in progress (committed or not started), and releases the waiters. */
  async stop(): Promise<void> {
    const abort = this.abort;
    const loop = this.loop;
    if (!abort) return this.stopping;
    this.abort = undefined;
    this.loop = undefined;
    abort.abort();
    this.stopping = loop;
    await loop;
    this.stopping = undefined;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(false);
    }
    this.waiters.clear();
    if (this.lease) {
      // A clean stop hands over at once instead of after the lease's time.
      await this.store.releaseLease(this.name, this.lease.holder).catch(() => undefined);
      this.setRole('standby');
    }
    this.logger.log(`${this.name}: stopped at position ${this.checkpoint}`);
  }

  /** Told of every committed batch and change of role until the returned function is called. */
  observe(observer: ProjectorObserver): () => void {
    this.observers.add(observer);
    return () => void this.observers.delete(observer);
  }

  /** Whether this process holds the lease now (always, without a lease). */
  get active(): boolean {
    return this.role === 'active';
  }

  private setRole(role: 'active' | 'standby'): void {
    if (this.role === role) return;
    this.role = role;
    for (const observer of this.observers) observer.role?.(role);
  }

  /** True once every event up to `position` is committed in the read models and feeds; false after the timeout or on stop. */
  waitForPosition(position: bigint, timeoutMs = 5000): Promise<boolean> {
    if (this.checkpoint >= position) return Promise.resolve(true);
    if (!this.abort) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Whether it runs and as what, without asking any store (a liveness probe: the process answers). */
  liveness(): Pick<ProjectorStatus, 'running' | 'role'> {
    return { running: this.abort !== undefined, role: this.role };
  }

  async status(): Promise<ProjectorStatus> {
    const head = await this.events.headPosition();
    const checkpoint = this.checkpoint;
    return {
      name: this.name,
      running: this.abort !== undefined,
      role: this.role,
      checkpoint,
      head,
      lag: head > checkpoint ? head - checkpoint : 0n,
      batches: this.batches,
      events: this.eventsApplied,
      ...(this.lastBatchAt ? { lastBatchAt: this.lastBatchAt } : {}),
      ...this.failures.status(),
    };
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (!(await this.lead(signal))) return;
      // One term of leadership: ends when the lease is lost (or on stop).
      const term = new AbortController();
      const endTerm = (): void => term.abort();
      signal.addEventListener('abort', endTerm, { once: true });
      const renewing = this.keepLease(term);
      try {
        this.checkpoint = await this.store.getCheckpoint(this.name);
        await this.erasures?.recover(this.checkpoint);
        this.release();
        // Followed again from the checkpoint after each erasure it carried through (`follow`).
        while (await this.follow(this.checkpoint, term.signal));
        if (signal.aborted) return;
        if (term.signal.aborted) continue; // deposed: back to standby
        throw new Error('the event subscription ended');
      } catch (error) {
        if (signal.aborted) return;
        if ((error as { name?: unknown } | undefined)?.name === 'LeaseLostError' || term.signal.aborted) {
          this.stepDown('another projector holds the lease');
          continue;
        }
        const message = this.failures.failed(error);
        this.logger.error(
          `${this.name}: failed after position ${this.checkpoint}, resuming from the checkpoint in ${this.backoffMs} ms: ${message}`,
          error instanceof Error ? error.stack : undefined,
        );
      } finally {
        signal.removeEventListener('abort', endTerm);
        term.abort();
        await renewing;
      }
      await sleep(this.backoffMs, signal);
      this.backoffMs = Math.min(this.backoffMs * 2, this.maxBackoffMs);
    }
  }

  /** Waits until this process holds the lease (at once without one); false when stopped meanwhile. */
  private async lead(signal: AbortSignal): Promise<boolean> {
    const lease = this.lease;
    if (!lease) return !signal.aborted;
    await this.releaseDeadHolders();
    let told = false;
    while (!signal.aborted) {
      let held = false;
      try {
        held = await this.store.claimLease(this.name, lease.holder, lease.ttlMs);
      } catch (error) {
        this.logger.warn(`${this.name}: claiming the lease failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (held) {
        this.setRole('active');
        this.logger.log(`${this.name}: active (holds the lease as ${lease.holder})`);
        return true;
      }
      if (!told) this.logger.log(`${this.name}: standby (another projector holds the lease)`);
      told = true;
      this.setRole('standby');
      await sleep(Math.max(10, Math.floor(lease.ttlMs / 3)), signal);
    }
    return false;
  }

  /** Once: releases the leases of holders known to be dead, so the first claim need not wait for them to expire. */
  private async releaseDeadHolders(): Promise<void> {
    const dead = this.takeOverFrom.filter((holder) => holder !== this.lease?.holder);
    this.takeOverFrom = [];
    for (const holder of dead) {
      try {
        await this.store.releaseLease(this.name, holder);
      } catch (error) {
        // Not fatal: that lease expires by itself within its time.
        this.logger.warn(`${this.name}: releasing the lease of ${holder} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (dead.length > 0) this.logger.log(`${this.name}: released the lease of ${dead.length} earlier run(s) of this data folder, dead`);
  }

  /** Renews the lease every third of its time; ends the term as soon as a renewal is refused. */
  private async keepLease(term: AbortController): Promise<void> {
    const lease = this.lease;
    if (!lease) return;
    while (!term.signal.aborted) {
      await sleep(Math.max(10, Math.floor(lease.ttlMs / 3)), term.signal);
      if (term.signal.aborted) return;
      try {
        if (!(await this.store.claimLease(this.name, lease.holder, lease.ttlMs))) {
          this.stepDown('the lease was taken over');
          term.abort();
        }
      } catch (error) {
        // Not fatal by itself: the fence in each batch decides; the next renewal may succeed.
        this.logger.warn(`${this.name}: renewing the lease failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private stepDown(why: string): void {
    if (this.role === 'active') this.logger.warn(`${this.name}: standby again: ${why}`);
    this.setRole('standby');
  }

  /**
   * Follows the log from `after` until aborted; throws on any failure. Ends (true) once a batch ending with an
   * erasure is folded and the erasure completed: the events after it were read before the log's texts naming the
   * person were rewritten (a reminder copying a title that held the name, decided meanwhile), they are read again
   * as rewritten (docs/adr/0006, amendment « cached states »).
   */
  private async follow(after: bigint, outer: AbortSignal): Promise<boolean> {
    // Stopped (or deposed) while it folded the batch that ended at an erasure: no new subscription, whose abort
    // listener would never fire on a signal already aborted.
    if (outer.aborted) return false;
    // One subscription per attempt, ended with the attempt (also on error).
    const subscription = new AbortController();
    const onAbort = (): void => subscription.abort();
    outer.addEventListener('abort', onAbort, { once: true });
    const iterator = this.events.subscribeAll({ after, signal: subscription.signal, batchSize: this.maxBatchSize })[Symbol.asyncIterator]();
    try {
      for await (const received of readyBatches(iterator, this.maxBatchSize, subscription.signal)) {
        const erasure = this.erasures ? received.findIndex((event) => event.type === PERSONAL_DATA_ERASED) : -1;
        if (erasure >= 0) {
          await this.apply(received.slice(0, erasure + 1));
          return true;
        }
        await this.apply(received);
        // Catching up (a full batch): an embedded store folds on this event loop, let the process answer between two.
        if (received.length >= this.maxBatchSize) await yieldToEventLoop();
      }
    } finally {
      outer.removeEventListener('abort', onAbort);
      subscription.abort();
      iterator.return?.().catch(() => undefined);
    }
    return false;
  }

  private async apply(received: readonly RecordedEvent[]): Promise<void> {
    // A subscription never yields at or below its start, but a duplicate must never double a feed.
    const batch = received.filter((event) => event.position > this.checkpoint);
    const last = batch[batch.length - 1];
    if (!last) return;
    const lease = this.lease;
    const started = performance.now();
    const result = await this.store.transaction(async (tx) => {
      if (lease) await tx.assertLease(this.name, lease.holder);
      // A rebuild may have folded past this projector's checkpoint (into the epoch it made current) and moved
      // the checkpoint there: what it folded is not folded twice.
      const stored = await tx.getCheckpoint(this.name);
      const fresh = stored > this.checkpoint ? batch.filter((event) => event.position > stored) : batch;
      if (fresh.length === 0) return { skipped: stored, applied: undefined };
      const applied = await this.projection.applyEvents(tx, fresh);
      await tx.setCheckpoint(this.name, last.position);
      return { skipped: undefined, applied };
    });
    if (result.skipped !== undefined) {
      this.checkpoint = result.skipped;
      this.release();
      return;
    }
    const applied = result.applied;
    this.checkpoint = last.position;
    this.batches++;
    this.eventsApplied += batch.length;
    this.lastBatchAt = new Date().toISOString();
    this.failures.cleared();
    this.backoffMs = this.initialBackoffMs;
    const ms = performance.now() - started;
    for (const observer of this.observers) observer.batch?.({ events: batch.length, ms, checkpoint: last.position });
    if (applied.erased.length > 0) await this.completeErasures(applied.erased);
    if (applied.feeds.length > 0) {
      try {
        await this.notifier.publish(applied.feeds);
      } catch (error) {
        // Not fatal: hubs read the feeds, and clients heal gaps with room:sync.
        this.logger.warn(`${this.name}: notifying ${applied.feeds.length} feed updates failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.release();
  }

  /** The former values are gone from the read models: destroy the keys, and leave no old page behind in the files. */
  private async completeErasures(subjects: readonly string[]): Promise<void> {
    for (const subject of subjects) await this.erasures?.complete(subject);
    try {
      await this.store.compact();
    } catch (error) {
      // The values are gone from the read models already; only old pages may linger in a file until the next compaction.
      this.logger.warn(`${this.name}: compacting the read models after an erasure failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.logger.log(`${this.name}: personal data of ${subjects.length} person(s) erased from the read models and feeds`);
  }

  private release(): void {
    for (const waiter of this.waiters) {
      if (waiter.position <= this.checkpoint) {
        clearTimeout(waiter.timer);
        this.waiters.delete(waiter);
        waiter.resolve(true);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
