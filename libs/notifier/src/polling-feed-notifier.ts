import type { ProjectionStore } from '@catalyse/projections';
import { Outage, type OutageLog } from '@catalyse/outage';
import { deliver, type ListenerErrorHandler, report, stderrReporter } from './in-process-feed-notifier';
import type { FeedNotifier, FeedUpdate } from '@catalyse/projections';

export interface PollingFeedNotifierOptions {
  /** Called when a listener throws, and when a poll fails unless `log` is given. Default: a line on stderr. */
  readonly onError?: ListenerErrorHandler;
  /**
   * Where failed polls are said as an outage: one line when the read models stop answering (PostgreSQL down, a
   * file locked), none at each retry, one when they answer again. Without it, each failed poll goes to `onError`.
   */
  readonly log?: OutageLog;
}

/**
 * For a hub in another process than the projector, on the same SQLite files:
 * polls `ProjectionStore.feedChangesSince` every `intervalMs` and tells the
 * listeners which rooms grew (one update per room, with its latest head).
 * `publish` does nothing: the projector's commits are what is observed.
 *
 * Polling starts with the first subscription, from the store's current cursor
 * (history is read from the feeds, not announced). A failed poll is reported
 * and retried at the next tick; a missed update is never fatal since clients
 * heal gaps with `room:sync`.
 */
export class PollingFeedNotifier implements FeedNotifier {
  private readonly listeners = new Set<(updates: readonly FeedUpdate[]) => void>();
  private readonly onError: ListenerErrorHandler;
  /** Failed polls said as an outage, when a `log` is given. */
  private readonly outage: Outage | undefined;
  private cursor: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private started = false;
  private closed = false;

  constructor(
    private readonly store: Pick<ProjectionStore, 'feedChangesSince'>,
    private readonly intervalMs = 50,
    options: PollingFeedNotifierOptions = {},
  ) {
    if (!Number.isFinite(intervalMs) || intervalMs < 1) throw new RangeError(`intervalMs must be at least 1 (got ${intervalMs})`);
    this.onError = options.onError ?? stderrReporter('polling feed notifier');
    this.outage = options.log
      ? new Outage(
          {
            down: (reason) => `feed polling: the read models do not answer (${reason}), retrying every ${intervalMs} ms`,
            back: 'feed polling: the read models answer again',
          },
          options.log,
        )
      : undefined;
  }

  async publish(_updates: readonly FeedUpdate[]): Promise<void> {
    // Another process observes the store; nothing to send.
  }

  subscribe(listener: (updates: readonly FeedUpdate[]) => void): () => void {
    if (this.closed) return () => undefined;
    const subscription = (updates: readonly FeedUpdate[]): void => listener(updates);
    this.listeners.add(subscription);
    if (!this.started) {
      this.started = true;
      this.schedule(0);
    }
    return () => {
      this.listeners.delete(subscription);
      if (this.listeners.size > 0) return;
      // Nobody listens (an api waits for the read side only now and then): no reading the store for nobody. The next
      // subscription starts again from where the feeds are then (its first poll announces nothing).
      this.started = false;
      this.cursor = undefined;
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
    };
  }

  /** Polls now (tests, or a hub that wants an answer sooner than the next tick). */
  async pollNow(): Promise<void> {
    if (this.closed) return;
    if (!this.polling) {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
      });
    }
    await this.polling;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.listeners.clear();
    await this.polling;
  }

  private schedule(delayMs: number): void {
    // One timer at a time: a poll in flight when the last listener left and a new one came must not start a second chain.
    if (this.closed || !this.started || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollNow().finally(() => this.schedule(this.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    let changes: readonly FeedUpdate[];
    try {
      const read = await this.store.feedChangesSince(this.cursor ?? 0);
      // The first poll only finds where the feeds are: history is read from them, not announced.
      changes = this.cursor === undefined ? [] : read.changes;
      this.cursor = read.cursor;
    } catch (error) {
      if (!this.closed) this.failed(error);
      return;
    }
    this.outage?.recovered();
    if (changes.length > 0 && !this.closed) deliver(this.listeners, changes, this.onError);
  }

  private failed(error: unknown): void {
    if (!this.outage) return report(this.onError, error);
    this.outage.failed(error);
  }
}
