import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { EventStore, RecordedEvent } from '@catalyse/event-store';
import type { FeedNotifier, FeedUpdate } from '../feed-notifier';
import { type IgnoredEvent, Projection } from '../projection';
import { LIVE_PROJECTOR } from '../read-side/read-side-wait';
import type { ProjectionStore, ProjectionTx } from '../store';

export interface RebuildProgress {
  /** The epoch being built. */
  readonly epoch: number;
  readonly phase: 'rebuilding' | 'switched' | 'done';
  /** Position of the last event folded into the new epoch. */
  readonly position: bigint;
  /** What the new epoch must reach before the switch, when last read: the log's head, or the live projector's checkpoint if it is further. */
  readonly target: bigint;
  /** Events folded into the new epoch so far. */
  readonly events: number;
}

export interface RebuildResult {
  /** The epoch readers now see. */
  readonly epoch: number;
  /** The epoch it replaced (dropped). */
  readonly previousEpoch: number;
  /** Both epochs agreed up to this position at the switch. */
  readonly position: bigint;
  readonly events: number;
  /** Rooms told to reset (every room of either epoch). */
  readonly rooms: number;
}

export interface ProjectionRebuildOptions {
  /** Who rebuilds (logs, lease). Unique per run. */
  readonly holder: string;
  /** Checkpoint name of the live projector whose read models are rebuilt. Default `main`. */
  readonly projector?: string;
  /** Most events folded per transaction. Default 500. */
  readonly batchSize?: number;
  /** Lease that keeps a second rebuild out, renewed every third of this time. Default 30 s. */
  readonly leaseMs?: number;
  /** Called after every committed batch, the switch and the clean-up. */
  readonly onProgress?: (progress: RebuildProgress) => void | Promise<void>;
  /**
   * Stops between two batches (a service shutting down): the lease is released at once, so that a restart can
   * rebuild without waiting for it to expire; the partial epoch is left to `dropLeftovers` (or the next rebuild), not
   * dropped on the way out, which could take longer than a shutdown may. Stops `dropLeftovers` between two chunks of
   * its drop too, the lease released the same way.
   */
  readonly signal?: AbortSignal;
  /** Told of each event a read model could not fold (left out, as the live projector leaves it out). */
  readonly onIgnored?: (ignored: IgnoredEvent) => void;
}

const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

/** Another rebuild of the same read models holds the lease. */
export class RebuildBusyError extends Error {
  override readonly name = 'RebuildBusyError';
}

const DEFAULT_BATCH = 500;
const DEFAULT_LEASE_MS = 30_000;
/** Feed updates per notifier message after the switch. */
const PUBLISH_CHUNK = 500;

/**
 * Rebuilds every read model and room feed into the next epoch beside the live
 * ones, then switches readers to it, with no downtime:
 *
 * 1. Takes the `{projector}:rebuild` lease (one rebuild at a time) and drops
 *    whatever an abandoned rebuild or an earlier switch left behind.
 * 2. Folds the log from the start into epoch `current + 1`, batch by batch,
 *    each batch one transaction fenced by the lease (the process answers
 *    between two: an embedded store works on its event loop), up to the log's
 *    head; the live projector goes on meanwhile.
 * 3. When what remains fits one batch, the same transaction — under the
 *    store's write lock, so the live projector cannot move — folds it and
 *    switches. Both epochs agree up to the live checkpoint, which therefore
 *    stays valid, and the live projector's next batch lands in the new epoch;
 *    when the rebuild went further (the live projector is behind, stopped, or
 *    never ran: `ops rebuild` on a fresh read side), it moves the live
 *    checkpoint to where it stopped, and the projector skips what it folded.
 * 4. Publishes every room's new head (hubs send `room:reset`; clients resync)
 *    and drops the old epoch in short transactions.
 *
 * The fold is the projector's (`Projection`): same code, same results.
 */
export class ProjectionRebuild {
  private readonly projection: Projection;
  private readonly projector: string;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly lease: string;

  constructor(
    private readonly events: EventStore,
    private readonly store: ProjectionStore,
    private readonly notifier: Pick<FeedNotifier, 'publish'>,
    private readonly options: ProjectionRebuildOptions,
  ) {
    this.projector = options.projector ?? LIVE_PROJECTOR;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`batchSize must be a positive integer (got ${this.batchSize})`);
    this.leaseMs = Math.max(30, Math.floor(options.leaseMs ?? DEFAULT_LEASE_MS));
    this.lease = `${this.projector}:rebuild`;
    this.projection = new Projection(undefined, options.onIgnored);
  }

  async run(): Promise<RebuildResult> {
    const { holder, signal } = this.options;
    signal?.throwIfAborted();
    if (!(await this.store.claimLease(this.lease, holder, this.leaseMs))) {
      throw new RebuildBusyError(`another rebuild of the ${this.projector} read models is under way`);
    }
    const renewal = this.keepLease();
    try {
      const { current, others } = await this.store.epochs();
      for (const stale of others) await this.store.dropEpoch(stale, signal);
      const epoch = current + 1;
      const checkpoint = `${this.projector}@${epoch}`;
      let position = 0n;
      let events = 0;
      for (;;) {
        renewal.check();
        signal?.throwIfAborted();
        const step = await this.step(epoch, checkpoint, position);
        position = step.position;
        events += step.events;
        if (step.switched) {
          await this.report({ epoch, phase: 'switched', position, target: step.target, events });
          await this.publish(step.switched);
          await this.store.dropEpoch(current);
          await this.report({ epoch, phase: 'done', position, target: step.target, events });
          return { epoch, previousEpoch: current, position, events, rooms: step.switched.length };
        }
        await this.report({ epoch, phase: 'rebuilding', position, target: step.target, events });
        // Each batch runs at once on an embedded store (SQLite is synchronous): let the process answer between two.
        await yieldToEventLoop();
      }
    } finally {
      await renewal.stop();
      await this.store.releaseLease(this.lease, holder).catch(() => undefined);
    }
  }

  /**
   * Drops what a rebuild stopped before its switch left behind (its partial epoch: readers never see it, it only takes
   * room), under the rebuild lease; the processes that run rebuilds call it as they start. Answers the epochs dropped,
   * or `undefined` when a rebuild holds the lease (it drops them itself as it starts). The `signal` stops it between
   * two chunks (throwing its reason), the lease released: what is left is dropped by the next call.
   */
  async dropLeftovers(): Promise<readonly number[] | undefined> {
    const { holder, signal } = this.options;
    signal?.throwIfAborted();
    if (!(await this.store.claimLease(this.lease, holder, this.leaseMs))) return undefined;
    const renewal = this.keepLease();
    try {
      const { others } = await this.store.epochs();
      for (const stale of others) {
        renewal.check();
        await this.store.dropEpoch(stale, signal);
      }
      return others;
    } finally {
      await renewal.stop();
      await this.store.releaseLease(this.lease, holder).catch(() => undefined);
    }
  }

  /**
   * One batch read ahead, outside the write lock; then, inside it, the rest up
   * to the live checkpoint when it fits one batch, and the switch.
   */
  private async step(
    epoch: number,
    checkpoint: string,
    after: bigint,
  ): Promise<{ position: bigint; events: number; target: bigint; switched?: readonly FeedUpdate[] }> {
    const head = await this.events.headPosition();
    const target = maxOf(await this.store.getCheckpoint(this.projector), head);
    const ahead = await this.read(after, target, this.batchSize);
    return this.store.transaction(
      async (tx) => {
        await tx.assertLease(this.lease, this.options.holder);
        // Under the write lock the live checkpoint cannot move: it only grew since it was read.
        const live = await tx.getCheckpoint(this.projector);
        const goal = maxOf(live, head);
        let position = await this.fold(tx, ahead, checkpoint, after);
        let events = ahead.length;
        // A full batch and more positions left than a batch holds: not the end yet, no need to read on to know it.
        if (ahead.length === this.batchSize && goal - position > BigInt(this.batchSize)) return { position, events, target: goal };
        const rest = await this.read(position, goal, this.batchSize + 1);
        if (rest.length > this.batchSize) return { position, events, target: goal };
        position = await this.fold(tx, rest, checkpoint, position);
        events += rest.length;
        const switched = await tx.switchEpoch();
        await tx.deleteCheckpoint(checkpoint);
        // Folded past the live projector (it is behind, stopped, or never ran): it goes on from here, in the new epoch.
        if (position > live) await tx.setCheckpoint(this.projector, position);
        return { position, events, target: goal, switched };
      },
      { epoch },
    );
  }

  private async fold(tx: ProjectionTx, batch: readonly RecordedEvent[], checkpoint: string, after: bigint): Promise<bigint> {
    const last = batch.at(-1);
    if (!last) return after;
    await this.projection.applyEvents(tx, batch);
    await tx.setCheckpoint(checkpoint, last.position);
    return last.position;
  }

  /** Events in `(after, upTo]`, at most `limit`. */
  private async read(after: bigint, upTo: bigint, limit: number): Promise<RecordedEvent[]> {
    if (after >= upTo) return [];
    const page = await this.events.readAll({ after, limit });
    const end = page.findIndex((event) => event.position > upTo);
    return end === -1 ? page : page.slice(0, end);
  }

  private async publish(updates: readonly FeedUpdate[]): Promise<void> {
    for (let i = 0; i < updates.length; i += PUBLISH_CHUNK) {
      // A lost notification is healed by the hubs' polling and the clients' room:sync; it must not fail the rebuild.
      await this.notifier.publish(updates.slice(i, i + PUBLISH_CHUNK)).catch(() => undefined);
    }
  }

  private async report(progress: RebuildProgress): Promise<void> {
    await this.options.onProgress?.(progress);
  }

  /** Renews the lease every third of its time; `check` throws once a renewal was refused. */
  private keepLease(): { check: () => void; stop: () => Promise<void> } {
    let lost: Error | undefined;
    let renewing: Promise<void> = Promise.resolve();
    const timer = setInterval(
      () => {
        renewing = this.store.claimLease(this.lease, this.options.holder, this.leaseMs).then(
          (held) => {
            if (!held) lost ??= new RebuildBusyError(`the rebuild lease was taken over by another rebuild`);
          },
          () => undefined, // a failed renewal is not a loss: the fence in each batch decides
        );
      },
      Math.max(10, Math.floor(this.leaseMs / 3)),
    );
    timer.unref();
    return {
      check: () => {
        if (lost) throw lost;
      },
      stop: async () => {
        clearInterval(timer);
        await renewing;
      },
    };
  }
}
