import type { ModuleMetadata } from '@nestjs/common';
import type { RateLimitStore } from '@catalyse/rate-limits';
import type { PresenceStore } from './presence/presence-store';
import { HUB_MAX_MESSAGE_BYTES } from '@catalyse/protocol';

/** Options of `HubModule.forRoot`. Every field has a default. */
export interface HubOptions {
  /** `room:post` per person (all their sockets, every node sharing the rate-limit store) per second before RATE_LIMITED (default 20). */
  readonly postsPerSecond?: number;
  /** Any request (join, sync, post, leave, typing) per socket per second before RATE_LIMITED (default 100; in memory). */
  readonly requestsPerSecond?: number;
  /**
   * The client's budget of requests per minute, the one its HTTP requests count against too (`HTTP_RATE_LIMIT_PER_MINUTE`,
   * default 6000 for a partner or catalyseur, twice for an operator), in the app's `RATE_LIMIT_STORE`.
   */
  readonly requestsPerMinute?: number;
  /**
   * Socket connections (handshakes) per person per minute, on every node sharing the rate-limit store (default 120:
   * tabs and reconnections after an outage stay far below); a handshake without a valid token counts against its
   * address (a quarter of it), so a flood of forged or expired tokens is refused before it is verified any further.
   */
  readonly connectionsPerMinute?: number;
  /**
   * Sockets one person holds open at once on a node (default 20: the console and `@catalyse/client` open one per
   * tab, so a person's devices and tabs stay far below); the next handshake is refused RATE_LIMITED with a
   * `retryAfterMs` of 15–30 s until one closes. The per-minute budget alone let one token keep ~120 sockets that
   * stopped reading alive (each up to `maxBufferedBytes`, ~45–60 s until the heartbeat drops it, connected again).
   */
  readonly maxSocketsPerPerson?: number;
  /**
   * A socket with more than this many bytes waiting to be sent (engine.io's write buffer and the websocket's
   * `bufferedAmount`) is disconnected: a client that stops reading cannot grow the node's memory (default 8 MB: twice
   * a catch-up page of 500 messages of 4,000 characters, which a slow but reading client may hold in flight).
   */
  readonly maxBufferedBytes?: number;
  /**
   * A join or sync is refused RATE_LIMITED (`retryAfterMs` 1000) while more than this many bytes wait to be sent on
   * the person's sockets of the node together (default 16 MB: a person's tabs catching up together each hold a page
   * or two in flight); without it each of their `maxSocketsPerPerson` sockets could hold half of `maxBufferedBytes`.
   */
  readonly maxBufferedBytesPerPerson?: number;
  /**
   * While a room's feed delivers a backlog live (more than a page at once), a member with more than this many bytes
   * waiting to be sent leaves the live deliveries and gets the rest page by page, each once it took the previous one,
   * as a joiner catching up does (default 1 MB): a client slower than the burst holds about this much of the node's
   * memory, not the burst, and is not dropped for it.
   */
  readonly liveBacklogBytes?: number;
  /** How often every socket's outgoing buffer is checked, besides after each live delivery to a room (default 1000 ms). */
  readonly bufferCheckMs?: number;
  /** How long a `room:post` waits for its entry to reach the feed before an UNAVAILABLE ack (default 5000 ms). */
  readonly postAckTimeoutMs?: number;
  /**
   * An access check (join, sync, post) refused (NOT_FOUND, FORBIDDEN) while the projector is behind the log's head
   * waits at most this long for it to reach that head, then checks once more (default 2000 ms): a room created or a
   * member added over HTTP a moment ago can be joined at once. No wait when the read side is at the head (ADR 0027).
   */
  readonly readSideWaitMs?: number;
  /** Entries of a snapshot (join without `since`, or with one of another epoch) (default 50). */
  readonly snapshotSize?: number;
  /**
   * Most entries a join ack carries; the rest follow as `room:entries` pages of `readPageSize`, each once the
   * previous one was written out, before live delivery (default 50: an ack is encoded for its socket alone, a
   * page once for every socket that needs it).
   */
  readonly joinAckMaxEntries?: number;
  /** Most entries one `room:sync` ack carries (`more` says when more follow) (default 500). */
  readonly syncPageSize?: number;
  /** Page size of feed reads and of catch-up pages (default 500). */
  readonly readPageSize?: number;
  /** Runs of a room's feed (ack entries, encoded pages) kept for joiners catching up together (default 8). */
  readonly catchUpCacheSize?: number;
  /** With a shared presence store: how often dead nodes' people are swept out (default 5000 ms). */
  readonly presenceSweepMs?: number;
  /**
   * Arrivals and departures of a room within this time go out as one `presence:diff` (default 50 ms; one more
   * for each 250 sockets of the room on the node): a storm of reconnections tells each socket a few diffs,
   * not one per person.
   */
  readonly presenceDiffMs?: number;
  /**
   * Rooms one connection follows at once (default 100): a join beyond is refused with VALIDATION (leave one
   * first). A page follows a handful; without a bound one token could make a node hold a fan-out per key it names.
   */
  readonly maxRoomsPerSocket?: number;
  /** A socket's typing notices into a room are relayed at most once in this time (default 1000 ms); the others are answered, not relayed. */
  readonly typingRelayMs?: number;
  /** Where presence lives (default: in this node's memory). */
  readonly presenceStore?: PresenceStore;
  /** Where the budgets are counted (default: the root's global `RATE_LIMIT_STORE`, else this node's memory). */
  readonly rateLimitStore?: RateLimitStore;
  /** Serve `GET health` (a hub running alone; the all-in-one's api already answers there). */
  readonly healthEndpoint?: boolean;
  /** Modules to import when the stores are not provided globally. */
  readonly imports?: ModuleMetadata['imports'];
}

export type ResolvedHubOptions = Required<Omit<HubOptions, 'presenceStore' | 'rateLimitStore' | 'imports' | 'healthEndpoint'>>;

export const HUB_OPTIONS = 'catalyse.hub.Options';
export const HUB_COMMAND_HANDLER = 'catalyse.hub.CommandHandler';
export const PRESENCE_STORE = 'catalyse.hub.PresenceStore';
/** The node's `HubMetrics`, registered in the app's `METRICS_REGISTRY` when there is one. */
export const HUB_METRICS = 'catalyse.hub.Metrics';
/** The `CommandMetrics` of the app's registry, shared with its api when both run in one process. */
export const HUB_COMMAND_METRICS = 'catalyse.hub.CommandMetrics';

export const HUB_DEFAULTS: ResolvedHubOptions = {
  postsPerSecond: 20,
  requestsPerSecond: 100,
  requestsPerMinute: 6000,
  connectionsPerMinute: 120,
  maxSocketsPerPerson: 20,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxBufferedBytesPerPerson: 16 * 1024 * 1024,
  liveBacklogBytes: 1024 * 1024,
  bufferCheckMs: 1000,
  postAckTimeoutMs: 5000,
  readSideWaitMs: 2000,
  snapshotSize: 50,
  joinAckMaxEntries: 50,
  syncPageSize: 500,
  readPageSize: 500,
  catchUpCacheSize: 8,
  presenceSweepMs: 5000,
  presenceDiffMs: 50,
  maxRoomsPerSocket: 100,
  typingRelayMs: 1000,
};

/** Largest socket.io message accepted (bigger ones close the connection at the transport): the protocol's, which clients check. */
export const MAX_MESSAGE_BYTES = HUB_MAX_MESSAGE_BYTES;

export function resolveHubOptions(options: HubOptions): ResolvedHubOptions {
  const resolved: ResolvedHubOptions = {
    postsPerSecond: options.postsPerSecond ?? HUB_DEFAULTS.postsPerSecond,
    requestsPerSecond: options.requestsPerSecond ?? HUB_DEFAULTS.requestsPerSecond,
    requestsPerMinute: options.requestsPerMinute ?? HUB_DEFAULTS.requestsPerMinute,
    connectionsPerMinute: options.connectionsPerMinute ?? HUB_DEFAULTS.connectionsPerMinute,
    maxSocketsPerPerson: options.maxSocketsPerPerson ?? HUB_DEFAULTS.maxSocketsPerPerson,
    maxBufferedBytes: options.maxBufferedBytes ?? HUB_DEFAULTS.maxBufferedBytes,
    maxBufferedBytesPerPerson: options.maxBufferedBytesPerPerson ?? HUB_DEFAULTS.maxBufferedBytesPerPerson,
    liveBacklogBytes: options.liveBacklogBytes ?? HUB_DEFAULTS.liveBacklogBytes,
    bufferCheckMs: options.bufferCheckMs ?? HUB_DEFAULTS.bufferCheckMs,
    postAckTimeoutMs: options.postAckTimeoutMs ?? HUB_DEFAULTS.postAckTimeoutMs,
    readSideWaitMs: options.readSideWaitMs ?? HUB_DEFAULTS.readSideWaitMs,
    snapshotSize: options.snapshotSize ?? HUB_DEFAULTS.snapshotSize,
    joinAckMaxEntries: options.joinAckMaxEntries ?? HUB_DEFAULTS.joinAckMaxEntries,
    syncPageSize: options.syncPageSize ?? HUB_DEFAULTS.syncPageSize,
    readPageSize: options.readPageSize ?? HUB_DEFAULTS.readPageSize,
    catchUpCacheSize: options.catchUpCacheSize ?? HUB_DEFAULTS.catchUpCacheSize,
    presenceSweepMs: options.presenceSweepMs ?? HUB_DEFAULTS.presenceSweepMs,
    presenceDiffMs: options.presenceDiffMs ?? HUB_DEFAULTS.presenceDiffMs,
    maxRoomsPerSocket: options.maxRoomsPerSocket ?? HUB_DEFAULTS.maxRoomsPerSocket,
    typingRelayMs: options.typingRelayMs ?? HUB_DEFAULTS.typingRelayMs,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`HubModule: ${name} must be a positive integer (got ${String(value)})`);
  }
  return resolved;
}
