import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeAllOptions,
} from '@catalyse/event-store';
import { Appender } from './append';
import { type EncodedEvent, encodeAppend } from './mapping';
import { headPosition, readAll, readStream } from './reads';
import { Subscriptions } from './subscription';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://127.0.0.1:2113?tls=false` (see the KurrentDB client's connection string options). */
  readonly connectionString: string;
  /**
   * How many event ids (all streams together) the duplicate check keeps in memory
   * between appends. Past it, the whole cache is dropped and streams are read again
   * on their next append. Default 100,000.
   */
  readonly idCacheSize?: number;
}

const DEFAULT_ID_CACHE_SIZE = 100_000;

/**
 * The `EventStore` port on KurrentDB (formerly EventStoreDB), mapped one to one:
 * streams are KurrentDB streams, event ids are KurrentDB event ids, revisions are
 * stream revisions, and the global position is the commit position of the event
 * in `$all` (not contiguous: the port allows gaps). See `mapping.ts`.
 *
 * It composes the appends (`Appender`: the adapter's own duplicate check, since
 * KurrentDB's idempotency is best effort), the reads (`reads.ts`) and the
 * subscriptions (`Subscriptions`).
 */
export class KurrentDbEventStore implements EventStore {
  private closed = false;
  private readonly appender: Appender;
  private readonly subscriptions: Subscriptions;

  private constructor(
    private readonly client: KurrentDBClient,
    options: KurrentDbEventStoreOptions,
  ) {
    this.appender = new Appender(client, Math.max(0, options.idCacheSize ?? DEFAULT_ID_CACHE_SIZE));
    this.subscriptions = new Subscriptions(client);
  }

  /** Creates the client (it connects lazily, on the first call). */
  static connect(options: KurrentDbEventStoreOptions): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(options.connectionString), options);
  }

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(closedError());
    let encoded: EncodedEvent[];
    try {
      encoded = encodeAppend(stream, events, options.expectedRevision);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.appender.append(stream, encoded, options.expectedRevision);
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return readStream(this.client, stream, options);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return readAll(this.client, options);
  }

  /** Commit position of the last non-system event of `$all` (0n when there is none). */
  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return headPosition(this.client);
  }

  /** A catch-up subscription to `$all`: see `Subscriptions.subscribe`. */
  subscribeAll(options: SubscribeAllOptions = {}): AsyncGenerator<RecordedEvent> {
    return this.subscriptions.subscribe(options);
  }

  /** Ends the subscriptions and releases the client. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscriptions.close();
    await this.appender.settled();
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw closedError();
  }
}

function closedError(): Error {
  return new Error('the KurrentDB event store is closed');
}
