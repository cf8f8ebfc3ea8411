import { Client, type ClientConfig } from 'pg';
import { PAGE, pageSize, type RecordedEvent, type SubscribeAllOptions } from '@catalyse/event-store';
import type { EventReads } from './reads';

/** Reconnection delays of the listening client: doubled from the first up to the last. */
const LISTEN_RETRY_FIRST_MS = 100;
const LISTEN_RETRY_MAX_MS = 5_000;

export interface SubscriptionsOptions {
  /** How the listening connection is made (the pool's options, outside the pool). */
  readonly listenerConfig: ClientConfig;
  /** The quoted notification channel of the schema. */
  readonly channel: string;
  /** How often a waiting subscription looks when nothing woke it. */
  readonly pollIntervalMs: number;
}

/**
 * The subscriptions of a store, and what wakes them.
 *
 * Each write transaction NOTIFYs the schema's channel (delivered on commit).
 * The first subscription starts one dedicated connection (outside the pool)
 * that LISTENs to it; a notification wakes every waiting subscription at once,
 * as does a commit of this store (`wake`). Polling every `pollIntervalMs`
 * stays as the fallback: while that connection is down, it is reopened with
 * backoff, and on reopening every subscription looks again.
 */
export class Subscriptions {
  private closed = false;
  /** Wakers of subscriptions waiting for new events. */
  private readonly waiters = new Set<() => void>();
  /** Bumped by every wake: a subscription that saw it move since its last look does not wait. */
  private epoch = 0;
  /** The LISTEN loop, once a subscription started it. */
  private listening: Promise<void> | undefined;
  /** Ends the LISTEN loop's wait (reconnection delay or live connection) on close. */
  private stopListening: (() => void) | undefined;
  private readonly listenSql: string;

  constructor(
    private readonly reads: EventReads,
    private readonly options: SubscriptionsOptions,
  ) {
    this.listenSql = `LISTEN ${options.channel}`;
  }

  /**
   * Pages the log from the checkpoint up to the head, then waits: woken at
   * once by a notification (appends of any store on this schema) or by an
   * append of this store, otherwise every `pollIntervalMs`. Holds at most one
   * page in memory.
   */
  async *subscribe(options: SubscribeAllOptions): AsyncGenerator<RecordedEvent> {
    const { signal, filter } = options;
    const batchSize = pageSize(options.batchSize, PAGE.subscriptionBatch);
    let after = options.after ?? 0n;
    if (!this.closed && !signal?.aborted) this.listen();
    while (!this.closed && !signal?.aborted) {
      let head: bigint;
      let page: RecordedEvent[];
      try {
        // A wake after this line (a commit the head below may miss) makes the wait return at once.
        const seen = this.epoch;
        // Every position at or below the head is committed or will never be (see `PostgresEventStore`),
        // so the scan may move up to the head even when the filter matched nothing.
        head = await this.reads.head();
        if (head <= after) {
          await this.changed(signal, seen);
          continue;
        }
        page = await this.reads.selectAll(after, head, batchSize, filter);
      } catch (error) {
        if (this.closed || signal?.aborted) return;
        throw error;
      }
      for (const event of page) {
        if (this.closed || signal?.aborted) return;
        yield event;
      }
      const last = page.at(-1);
      after = page.length < batchSize || !last ? head : last.position;
    }
  }

  /** Wakes every waiting subscription (a commit of this store, a notification, the listener reconnecting). */
  wake(): void {
    this.epoch++;
    for (const wake of [...this.waiters]) wake();
  }

  /** Ends the subscriptions and the listening connection; returns the LISTEN loop (settled once it is closed). */
  close(): Promise<void> | undefined {
    this.closed = true;
    this.wake();
    this.stopListening?.();
    return this.listening;
  }

  /**
   * Resolves on the next wake (an append of this store, a notification, the
   * listener (re)connecting), after one poll interval, on abort or on close; at
   * once if a wake happened since `seen`.
   */
  private changed(signal: AbortSignal | undefined, seen: number): Promise<void> {
    if (this.epoch !== seen || this.closed || signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, this.options.pollIntervalMs);
      this.waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  /** Starts the LISTEN loop, once per store. */
  private listen(): void {
    this.listening ??= this.listenLoop();
  }

  /**
   * Keeps one connection (outside the pool) listening to the schema's channel
   * until close; reopens it with backoff when it is lost. Every (re)connection
   * wakes the subscriptions: notifications may have been missed meanwhile.
   */
  private async listenLoop(): Promise<void> {
    let delay = LISTEN_RETRY_FIRST_MS;
    while (!this.closed) {
      const client = new Client(this.options.listenerConfig);
      const lost = new Promise<void>((resolve) => {
        client.on('error', () => resolve());
        client.on('end', () => resolve());
        this.stopListening = resolve;
      });
      client.on('notification', () => this.wake());
      try {
        await client.connect();
        if (!this.closed) {
          await client.query(this.listenSql);
          delay = LISTEN_RETRY_FIRST_MS;
          this.wake();
          await lost;
        }
      } catch {
        // Could not connect or LISTEN: polling goes on; try again later.
      }
      await client.end().catch(() => undefined);
      if (this.closed) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.stopListening = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      delay = Math.min(delay * 2, LISTEN_RETRY_MAX_MS);
    }
    this.stopListening = undefined;
  }
}
