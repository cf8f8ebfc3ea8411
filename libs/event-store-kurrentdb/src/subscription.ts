import type { AllStreamResolvedEvent, KurrentDBClient } from '@kurrent/kurrentdb-client';
import { PAGE, pageSize, type RecordedEvent, type SubscribeAllOptions } from '@catalyse/event-store';
import { matchesFilter, positionOf, serverFilter, toReadPosition, toRecordedEvent } from './mapping';

/** The live subscriptions of a store, ended together by `close`. */
export class Subscriptions {
  private closed = false;
  /** Wakers of live subscriptions (to end them on close). */
  private readonly wakers = new Set<() => void>();

  constructor(private readonly client: KurrentDBClient) {}

  /**
   * A KurrentDB catch-up subscription to `$all` (it reads the past, then goes
   * live by itself), from `after` (exclusive), filtered on the server by one
   * criterion and here by all. At most `batchSize` events are buffered: past
   * that the subscription is paused (gRPC flow control holds the rest).
   */
  async *subscribe(options: SubscribeAllOptions): AsyncGenerator<RecordedEvent> {
    const { signal, filter } = options;
    if (this.closed || signal?.aborted) return;
    const batchSize = pageSize(options.batchSize, PAGE.subscriptionBatch);
    let after = options.after ?? 0n;
    const subscription = this.client.subscribeToAll({ fromPosition: toReadPosition(after), filter: serverFilter(filter) }, { highWaterMark: batchSize });
    const buffer: AllStreamResolvedEvent[] = [];
    let failure: unknown;
    let ended = false;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      const resolve = wake;
      wake = undefined;
      resolve?.();
    };
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      buffer.push(resolved);
      if (buffer.length >= batchSize) subscription.pause();
      notify();
    });
    subscription.on('error', (error: Error) => {
      failure ??= error;
      notify();
    });
    subscription.on('end', () => {
      ended = true;
      notify();
    });
    signal?.addEventListener('abort', notify);
    this.wakers.add(notify);
    try {
      for (;;) {
        if (this.closed || signal?.aborted) return;
        const resolved = buffer.shift();
        if (resolved) {
          if (subscription.isPaused() && buffer.length <= batchSize / 2) subscription.resume();
          const event = resolved.event;
          if (!event) continue;
          const position = positionOf(event);
          if (position <= after || !matchesFilter(event, filter)) continue;
          after = position;
          yield toRecordedEvent(event);
          continue;
        }
        if (failure !== undefined) throw failure;
        if (ended) throw new Error('the KurrentDB subscription to $all ended');
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      signal?.removeEventListener('abort', notify);
      this.wakers.delete(notify);
      subscription.removeAllListeners('data');
      subscription.on('error', () => undefined); // the cancellation may still report
      void subscription.unsubscribe().catch(() => undefined); // not awaited: aborting ends the iteration at once
    }
  }

  /** Ends every subscription at once (their iterations return). */
  close(): void {
    this.closed = true;
    for (const wake of [...this.wakers]) wake();
  }
}
