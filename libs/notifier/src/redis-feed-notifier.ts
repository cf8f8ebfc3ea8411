import Redis from 'ioredis';
import { parseRoomKey } from '@catalyse/protocol';
import type { FeedNotifier, FeedUpdate } from '@catalyse/projections';
import { Outage, type OutageLog } from '@catalyse/outage';
import { deliver, type ListenerErrorHandler, report, stderrReporter } from './in-process-feed-notifier';

export interface RedisFeedNotifierOptions {
  /** `redis://…` (REDIS_URL). */
  readonly url: string;
  /** Pub/sub channel (default `catalyse:feeds`): one per deployment sharing a Redis. */
  readonly channel?: string;
  /**
   * A slower notifier that reads the projection store (e.g. `PollingFeedNotifier`
   * at a few seconds): its updates reach the listeners too, so that a room whose
   * notification was lost while Redis was away is still delivered.
   */
  readonly fallback?: FeedNotifier;
  /** Malformed messages, failing listeners. Default: a line on stderr. */
  readonly onError?: ListenerErrorHandler;
  /** Redis unreachable, and back: one line each per outage, whichever connection notices. Default: stderr. */
  readonly log?: OutageLog;
}

/**
 * Feed notifications across processes through Redis pub/sub: the projector
 * publishes which rooms grew, every hub node hears it and fans the entries out
 * to its own sockets by reading the feed (so order and exactness come from the
 * feed, never from Redis; see ADR 0008).
 *
 * A lost notification is not fatal (docs/architecture.md §5.3): `publish` never throws (a
 * failure is reported), publishing while Redis is away fails fast instead of
 * queueing, and the `fallback` covers what was missed.
 */
export class RedisFeedNotifier implements FeedNotifier {
  private readonly channel: string;
  private readonly onError: ListenerErrorHandler;
  private readonly listeners = new Set<(updates: readonly FeedUpdate[]) => void>();
  private readonly publisher: Redis;
  private subscriber: Redis | undefined;
  private unsubscribeFallback: (() => void) | undefined;
  private closed = false;
  /** Redis lost by either connection: said when the first loses it, its end when the last is back. */
  private readonly outage: Outage;

  constructor(private readonly options: RedisFeedNotifierOptions) {
    this.channel = options.channel ?? 'catalyse:feeds';
    this.onError = options.onError ?? stderrReporter('redis feed notifier');
    this.outage = new Outage(
      { down: (reason) => `redis feed notifier: Redis unreachable (${reason}), retrying`, back: 'redis feed notifier: Redis reachable again' },
      options.log,
    );
    this.publisher = this.connect({ enableOfflineQueue: false });
  }

  async publish(updates: readonly FeedUpdate[]): Promise<void> {
    if (this.closed || updates.length === 0) return;
    try {
      await this.publisher.publish(this.channel, JSON.stringify(updates));
    } catch (error) {
      // During an outage already logged, each lost publish is not worth a line more (the fallback covers it).
      if (this.outage.down) return;
      report(this.onError, new Error(`could not publish ${updates.length} feed update(s): ${error instanceof Error ? error.message : String(error)}`));
    }
  }

  subscribe(listener: (updates: readonly FeedUpdate[]) => void): () => void {
    if (this.closed) return () => undefined;
    const subscription = (updates: readonly FeedUpdate[]): void => listener(updates);
    this.listeners.add(subscription);
    this.start();
    return () => {
      this.listeners.delete(subscription);
    };
  }

  /** Resolves once the subscription is live (tests; a hub does not need to wait). */
  async ready(): Promise<void> {
    this.start();
    const subscriber = this.subscriber;
    if (!subscriber) return;
    for (;;) {
      if (this.closed) return;
      if (subscriber.status === 'ready') {
        // Subscribed once `ready` in subscriber mode: PUBSUB NUMSUB from the publisher confirms it.
        const counts = (await this.publisher.pubsub('NUMSUB', this.channel).catch(() => [])) as unknown[];
        if (Number(counts[1] ?? 0) > 0) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    this.unsubscribeFallback?.();
    await Promise.all([quit(this.publisher), this.subscriber ? quit(this.subscriber) : undefined, this.options.fallback?.close()]);
  }

  private connect(extra: { enableOfflineQueue?: boolean }): Redis {
    const client = new Redis(this.options.url, {
      ...extra,
      maxRetriesPerRequest: 1,
      // Reconnect for ever, at most every 2 s: Redis may restart under a running hub.
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    client.on('error', (error: Error) => {
      if (!this.closed) this.outage.failed(error, client);
    });
    client.on('ready', () => {
      if (!this.closed) this.outage.recovered(client);
    });
    return client;
  }

  private start(): void {
    if (this.subscriber || this.closed) return;
    const subscriber = this.connect({});
    this.subscriber = subscriber;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const updates = parseUpdates(message);
      if (!updates) {
        report(this.onError, new Error(`ignored a malformed message on ${channel}: ${message.slice(0, 120)}`));
        return;
      }
      deliver(this.listeners, updates, this.onError);
    });
    // ioredis subscribes again by itself after a reconnection.
    subscriber.subscribe(this.channel).catch((error: unknown) => report(this.onError, error));
    if (this.options.fallback) this.unsubscribeFallback = this.options.fallback.subscribe((updates) => deliver(this.listeners, updates, this.onError));
  }
}

async function quit(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/** Feed updates from a pub/sub message, or undefined when it is not a well-formed list of them. */
export function parseUpdates(message: string): FeedUpdate[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const updates: FeedUpdate[] = [];
  for (const item of parsed as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { room, epoch, head } = item as Record<string, unknown>;
    if (typeof room !== 'string' || !parseRoomKey(room)) return undefined;
    if (!Number.isInteger(epoch) || (epoch as number) < 1 || !Number.isInteger(head) || (head as number) < 0) return undefined;
    updates.push({ room, epoch: epoch as number, head: head as number });
  }
  return updates;
}
