import type { ProjectionStore } from '@catalyse/projections';
import { deliver, type ListenerErrorHandler, report, stderrReporter } from './in-process-feed-notifier';
import type { FeedNotifier, FeedUpdate } from '@catalyse/projections';

export interface PollingFeedNotifierOptions {
  /** Called when a listener throws or a poll fails. Default: a line on stderr. */
  readonly onError?: ListenerErrorHandler;
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
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.pollNow().finally(() => this.schedule(this.intervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      if (this.cursor === undefined) {
        this.cursor = (await this.store.feedChangesSince(0)).cursor;
        return;
      }
      const { cursor, changes } = await this.store.feedChangesSince(this.cursor);
      this.cursor = cursor;
      if (changes.length > 0 && !this.closed) deliver(this.listeners, changes, this.onError);
    } catch (error) {
      if (!this.closed) report(this.onError, error);
    }
  }
}
