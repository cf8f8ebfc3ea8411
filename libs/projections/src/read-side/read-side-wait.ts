import type { FeedNotifier } from '../feed-notifier';
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
 * a room nobody created) waits only while the projector is behind, not for the whole timeout.
 */
export class ReadSideWait {
  private readonly watch: CheckpointWatch;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly headPosition: () => Promise<bigint>,
    readCheckpoint: (projector: string) => Promise<bigint>,
    options: ReadSideWaitOptions = {},
  ) {
    this.watch = new CheckpointWatch(() => readCheckpoint(LIVE_PROJECTOR), options.pollMs ?? POLL_MS, options.onError);
    this.unsubscribe = options.notifier?.subscribe(() => this.watch.wake()) ?? (() => undefined);
  }

  /** True once the read side reached the log's head as read now; false after `timeoutMs` (at most). */
  async caughtUp(timeoutMs: number): Promise<boolean> {
    const head = await this.headPosition();
    return this.watch.reached(head, timeoutMs);
  }

  /** Answers every waiter `false` and stops listening to the notifier (the app is closing). */
  close(): void {
    this.unsubscribe();
    this.watch.close();
  }
}
