import type { FeedNotifier, FeedUpdate } from '@catalyse/projections';

export type ListenerErrorHandler = (error: unknown) => void;

/** The default error handler of the notifiers: one line on stderr, under `label` (a stack per retry buried the outage). */
export function stderrReporter(label: string): ListenerErrorHandler {
  return (error) => process.stderr.write(`${label}: ${error instanceof Error ? error.message : String(error)}\n`);
}

export interface InProcessFeedNotifierOptions {
  /**
   * A notifier that observes the store (e.g. `PollingFeedNotifier` every few
   * seconds), for changes made by another process: an operator's rebuild run
   * from the CLI. Its updates reach the listeners too; it starts with the
   * first subscription.
   */
  readonly fallback?: FeedNotifier;
}

/**
 * The embedded notifier: the projector and the hub in one process. `publish`
 * calls every listener synchronously, in subscription order, before it
 * resolves; a listener that throws is reported and the others still run, so a
 * faulty hub handler can never break the projector.
 */
export class InProcessFeedNotifier implements FeedNotifier {
  private readonly listeners = new Set<(updates: readonly FeedUpdate[]) => void>();
  private closed = false;
  private unsubscribeFallback: (() => void) | undefined;

  constructor(
    private readonly onListenerError: ListenerErrorHandler = stderrReporter('feed notifier: a listener failed'),
    private readonly options: InProcessFeedNotifierOptions = {},
  ) {}

  async publish(updates: readonly FeedUpdate[]): Promise<void> {
    if (this.closed || updates.length === 0) return;
    deliver(this.listeners, updates, this.onListenerError);
  }

  subscribe(listener: (updates: readonly FeedUpdate[]) => void): () => void {
    if (this.closed) return () => undefined;
    // Wrapped, so that subscribing the same function twice gives two independent subscriptions.
    const subscription = (updates: readonly FeedUpdate[]): void => listener(updates);
    this.listeners.add(subscription);
    if (this.options.fallback && !this.unsubscribeFallback) {
      this.unsubscribeFallback = this.options.fallback.subscribe((updates) => deliver(this.listeners, updates, this.onListenerError));
    }
    return () => {
      this.listeners.delete(subscription);
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.unsubscribeFallback?.();
    await this.options.fallback?.close();
  }
}

/** Calls each listener (a snapshot: (un)subscribing during delivery affects the next one), isolating failures. */
export function deliver(listeners: Iterable<(updates: readonly FeedUpdate[]) => void>, updates: readonly FeedUpdate[], onError: ListenerErrorHandler): void {
  for (const listener of [...listeners]) {
    try {
      listener(updates);
    } catch (error) {
      report(onError, error);
    }
  }
}

/** Hands an error to a reporter that must not throw either. */
export function report(onError: ListenerErrorHandler, error: unknown): void {
  try {
    onError(error);
  } catch {
    // The reporter itself failed: nothing more can be done without breaking the caller.
  }
}
