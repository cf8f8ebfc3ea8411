import { randomUUID } from 'node:crypto';
import { type EventMetadata, type EventStore, type EventToAppend, readAllEvents, type RecordedEvent, type SubscribeAllOptions } from '../event-store';

/** Complete metadata with fresh correlation and causation ids. */
export function testMetadata(overrides: Partial<EventMetadata> = {}): EventMetadata {
  return {
    correlationId: randomUUID(),
    causationId: randomUUID(),
    actor: 'catalyseur-test',
    occurredAt: '2025-03-14T09:30:00.000Z',
    schemaVersion: 1,
    ...overrides,
  };
}

/** An event with a fresh id. */
export function testEvent<Data = Record<string, unknown>>(
  type = 'Tested',
  data: Data = {} as Data,
  metadata: Partial<EventMetadata> = {},
): EventToAppend<string, Data> {
  return { id: randomUUID(), type, data, metadata: testMetadata(metadata) };
}

/** A subscription consumed in the background into `received`. */
export interface CollectingSubscriber {
  /** Every event delivered so far, in delivery order. */
  readonly received: readonly RecordedEvent[];
  /** True once the iteration is over (aborted, closed, or failed). */
  readonly ended: boolean;
  /** Resolves with a copy of `received` once it holds at least `count` events. */
  waitFor(count: number, timeoutMs?: number): Promise<RecordedEvent[]>;
  /** Resolves when the iteration is over; rejects when it does not end in time or failed. */
  waitForEnd(timeoutMs?: number): Promise<void>;
  /** Aborts the subscription and waits for the iteration to end. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Starts `store.subscribeAll(options)` and collects what it yields. */
export function collect(store: EventStore, options: Omit<SubscribeAllOptions, 'signal'> = {}, controller = new AbortController()): CollectingSubscriber {
  const received: RecordedEvent[] = [];
  const listeners = new Set<() => void>();
  let ended = false;
  let failure: unknown;
  const notify = (): void => {
    for (const listener of [...listeners]) listener();
  };
  void (async () => {
    try {
      for await (const event of store.subscribeAll({ ...options, signal: controller.signal })) {
        received.push(event);
        notify();
      }
    } catch (error) {
      failure = error;
    } finally {
      ended = true;
      notify();
    }
  })();

  const until = (done: () => boolean, describe: () => string, timeoutMs: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (failure !== undefined) finish(() => reject(failure));
        else if (done()) finish(resolve);
        else if (ended) finish(() => reject(new Error(`the subscription ended early: ${describe()}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`))), timeoutMs);
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  return {
    received,
    get ended() {
      return ended;
    },
    async waitFor(count, timeoutMs = 10_000) {
      await until(
        () => received.length >= count,
        () => `${received.length} of ${count} events received`,
        timeoutMs,
      );
      return [...received];
    },
    waitForEnd(timeoutMs = 2_000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!ended) return;
          clearTimeout(timer);
          listeners.delete(check);
          if (failure !== undefined) reject(failure);
          else resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`the subscription did not end within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    async stop(timeoutMs = 2_000) {
      controller.abort();
      await this.waitForEnd(timeoutMs);
    },
  };
}

/** Reads every event of the global log after `after` whose stream starts with `prefix`. */
export async function readAllOf(store: EventStore, prefix: string, after = 0n): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of readAllEvents(store, { after, filter: { streamPrefixes: [prefix] }, pageSize: 250 })) events.push(event);
  return events;
}

/** Settles like `Promise.allSettled`, split into values and reasons, keeping indexes. */
export async function settleAll<T>(
  promises: readonly Promise<T>[],
): Promise<{ fulfilled: { index: number; value: T }[]; rejected: { index: number; reason: unknown }[] }> {
  const results = await Promise.allSettled(promises);
  const fulfilled: { index: number; value: T }[] = [];
  const rejected: { index: number; reason: unknown }[] = [];
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') fulfilled.push({ index, value: result.value });
    else rejected.push({ index, reason: result.reason });
  });
  return { fulfilled, rejected };
}

/** The rejection reason of a promise expected to fail (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, it resolved');
}

export function strictlyIncreasing(values: readonly bigint[]): boolean {
  return values.every((value, i) => i === 0 || value > (values[i - 1] as bigint));
}
