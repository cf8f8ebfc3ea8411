import type { FeedNotifier } from '../feed-notifier';
import type { ProjectionStore } from '../store';
import { CheckpointWatch } from './checkpoint-watch';

/** The projector whose checkpoint says how far the read models are: the live one (the projector's default name). */
export const LIVE_PROJECTOR = 'main';
/** How often the waiters' one shared read of the checkpoint is made when no notification comes. */
const POLL_MS = 25;

export interface ReadSideWaitOptions {
  /** Wakes the waiters after each projector commit that touched a feed (the projector publishes after it commits). */
  readonly notifier?: FeedNotifier;
  readonly pollMs?: number;
  /** A failed read of the checkpoint (the next poll tries again; a waiter's timeout bounds it). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Read-your-writes for whatever reads the read models: the api's single reads (`?minRevision=`), its access facts
 * the write side does not hold (a theme's room, a feed's entries) and the hub's refused joins. A read that came too
 * early for a write its client was answered for asks `caughtUp`: the log's head is read now (at or past every write
 * answered before the call), then the live projector's checkpoint is waited for until it reaches it — one read of the
 * checkpoint at a time for every waiter of the process (`CheckpointWatch`), woken by the feed notifier and a poll —
 * and the read is made once more. A reader asking for something that will never come (a revision no stream has,
 * a room nobody created) waits only while the projector is behind, not for the whole timeout. Nothing runs while
 * nobody waits: the notifier is listened to only while someone does (an api of its own would otherwise keep a polling
 * notifier reading the store every 50 ms for nobody).
 */
export class ReadSideWait {
  private readonly watch: CheckpointWatch;
  /** Requests waiting now; the notifier is listened to only meanwhile (a polling notifier reads the store while listened to). */
  private waiting = 0;
  private unsubscribe: (() => void) | undefined;
  private closed = false;

  /** `log`: the event store (its head); `readModels`: the projection store (the live projector's checkpoint). */
  constructor(
    private readonly log: { headPosition(): Promise<bigint> },
    readModels: Pick<ProjectionStore, 'getCheckpoint'>,
    private readonly options: ReadSideWaitOptions = {},
  ) {
    this.watch = new CheckpointWatch(() => readModels.getCheckpoint(LIVE_PROJECTOR), options.pollMs ?? POLL_MS, options.onError);
  }

  /**
   * True once the read side reached the log's head as read now; false after `timeoutMs` (at most), when the app
   * closes, or when the head cannot be read (the event store down: the caller answers what the read side holds).
   */
  caughtUp(timeoutMs: number): Promise<boolean> {
    return this.waitFor(() => this.log.headPosition(), timeoutMs);
  }

  /**
   * True once the read side reached `position` (a write's own, as its command answered it), however far the log's
   * head moved meanwhile; false after `timeoutMs` (at most) or when the app closes.
   */
  reached(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.waitFor(async () => position, timeoutMs);
  }

  private async waitFor(target: () => Promise<bigint>, timeoutMs: number): Promise<boolean> {
    if (this.closed) return false;
    this.waiting++;
    if (this.waiting === 1) this.unsubscribe = this.options.notifier?.subscribe(() => this.watch.wake());
    try {
      return await this.watch.reached(await target(), timeoutMs);
    } catch (error) {
      this.options.onError?.(error);
      return false;
    } finally {
      this.waiting--;
      if (this.waiting === 0) this.stopListening();
    }
  }

  /** Answers every waiter `false` and stops listening to the notifier (the app is closing). */
  close(): void {
    this.closed = true;
    this.stopListening();
    this.watch.close();
  }

  private stopListening(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}
