import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { HubMetrics } from '@catalyse/metrics';
import { FEED_NOTIFIER, type FeedNotifier, type FeedUpdate, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { AppError, type FeedCursor, type FeedEntry, type RoomKey, type SyncResult } from '@catalyse/protocol';
import { SlowReaders } from '../backpressure/slow-readers';
import type { HubServer, HubSocket } from '../gateway/hub-socket';
import { HUB_METRICS, HUB_OPTIONS, type ResolvedHubOptions } from '../hub.options';
import { FeedFanout } from './feed-fanout';
import type { JoinedFeed } from './fanout-types';

/** The first retry of a room's start (`follow`) that failed, then twice as long each time, up to the second. */
const FOLLOW_RETRY_MIN_MS = 100;
const FOLLOW_RETRY_MAX_MS = 5000;

/**
 * The fan-outs of the rooms that have sockets on this node, fed by the
 * notifier. A room with no local socket (and nothing in flight) is dropped from
 * memory; the next join starts it again from the feed. A room the node follows
 * for itself (`follow`) is kept whatever its sockets, until each follow of it
 * was ended (`unfollow`).
 */
@Injectable()
export class FanoutService implements OnModuleDestroy {
  private readonly fanouts = new Map<RoomKey, FeedFanout>();
  private io: HubServer | undefined;
  private unsubscribe: (() => void) | undefined;
  private unwatch: (() => void) | undefined;
  private entriesListener: ((room: RoomKey, entries: readonly FeedEntry[]) => void) | undefined;
  /** Rooms followed whatever the sockets of the node follow (`follow`), and how many follows of each run: kept meanwhile. */
  private readonly followed = new Map<RoomKey, number>();
  /** The retry of each followed room whose start failed (one per room: a room's failure does not put off another's retry). */
  private readonly followRetries = new Map<RoomKey, NodeJS.Timeout>();
  private closed = false;
  private readonly logger = new Logger('FanoutService');

  constructor(
    @Inject(PROJECTION_STORE) private readonly store: ProjectionStore,
    @Inject(FEED_NOTIFIER) private readonly notifier: FeedNotifier,
    @Inject(HUB_OPTIONS) private readonly options: ResolvedHubOptions,
    @Inject(HUB_METRICS) private readonly metrics: HubMetrics,
    @Inject(SlowReaders) private readonly slowReaders: SlowReaders,
  ) {}

  /** Called by the gateway once its server exists. */
  attach(io: HubServer): void {
    this.io = io;
    this.slowReaders.attach(io);
    io.of('/').adapter.on('delete-room', (room: unknown) => {
      if (typeof room === 'string') this.dropIfUnused(room);
    });
    this.unsubscribe = this.notifier.subscribe((updates) => this.onUpdates(updates));
    this.unwatch = this.metrics.watch({ sockets: () => this.sockets(), occupancy: () => this.occupancy() });
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const retry of this.followRetries.values()) clearTimeout(retry);
    this.followRetries.clear();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.unwatch?.();
    this.unwatch = undefined;
    for (const fanout of this.fanouts.values()) fanout.close();
    this.fanouts.clear();
  }

  /** Hears the entries each fan-out emits live to its room (one listener: `Revocations`). */
  listenToEntries(listener: (room: RoomKey, entries: readonly FeedEntry[]) => void): void {
    this.entriesListener = listener;
  }

  /**
   * Follows a room's feed on this node whatever its sockets follow (after `attach`), until as many `unfollow`: the
   * entries written from now on (the feed's head when it starts, once the store answers) reach `listenToEntries` as a
   * room's live entries do, and its sockets, if any, as usual; after a reset (a rebuild), the entries of the new epoch
   * from events the node had not heard are handed over too (`FeedFanout.reset`). The notifier tells every node of
   * every feed's growth: this costs a read per update of that feed, nothing while it does not grow. `Revocations`
   * follows `network`, where departures are written, and the feed of each partnership one of whose rooms has a
   * catalyseur's socket here, where its releases are written. Resolves once the room's entries are heard (from its head when it starts);
   * rejects when that start failed: it is tried again, with a growing delay, while the room is followed.
   */
  follow(room: RoomKey): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.followed.set(room, (this.followed.get(room) ?? 0) + 1);
    return this.startFollowing(room, FOLLOW_RETRY_MIN_MS);
  }

  /** Ends one `follow` of a room; after the last, the room is dropped as any other once it has no local socket. */
  unfollow(room: RoomKey): void {
    const follows = this.followed.get(room);
    if (follows === undefined) return;
    if (follows > 1) {
      this.followed.set(room, follows - 1);
      return;
    }
    this.followed.delete(room);
    clearTimeout(this.followRetries.get(room));
    this.followRetries.delete(room);
    this.fanouts.get(room)?.unfollowed();
    this.dropIfUnused(room);
  }

  /** The rooms followed for the node itself (`follow`), for tests. */
  get followedRooms(): readonly RoomKey[] {
    return [...this.followed.keys()];
  }

  private startFollowing(room: RoomKey, retryMs: number): Promise<void> {
    const started = this.fanout(room).follow();
    started.catch(async (error: unknown) => {
      // After the caller's own handling (a follow given up at once is unfollowed: no retry to announce).
      await null;
      if (this.closed || !this.followed.has(room)) return;
      this.logger.warn(`following ${room} failed (${error instanceof Error ? error.message : String(error)}); retrying in ${retryMs} ms`);
      clearTimeout(this.followRetries.get(room));
      const retry = setTimeout(() => {
        this.followRetries.delete(room);
        if (this.followed.has(room)) this.startFollowing(room, Math.min(FOLLOW_RETRY_MAX_MS, retryMs * 2)).catch(() => undefined);
      }, retryMs);
      retry.unref();
      this.followRetries.set(room, retry);
    });
    return started;
  }

  /** Sockets connected to this node. */
  sockets(): number {
    return this.io?.of('/').sockets.size ?? 0;
  }

  /** Rooms this node currently fans out (for metrics and tests). */
  get rooms(): readonly RoomKey[] {
    return [...this.fanouts.keys()];
  }

  /** Rooms with at least one socket of this node joined, and the memberships of its sockets (each socket's own room left out). */
  occupancy(): { rooms: number; members: number } {
    const adapter = this.io?.of('/').adapter;
    let rooms = 0;
    let members = 0;
    if (!adapter) return { rooms, members };
    for (const [room, sockets] of adapter.rooms) {
      if (adapter.sids.has(room) || sockets.size === 0) continue;
      rooms++;
      members += sockets.size;
    }
    return { rooms, members };
  }

  /** The sockets of a room still catching up on this node, and how far each was sent (see `FeedFanout.catchUps`). */
  catchUps(room: RoomKey): readonly { readonly socketId: string; readonly sent: number }[] {
    return this.fanouts.get(room)?.catchUps ?? [];
  }

  /** Answers the joiner (see `FeedFanout.join`) and subscribes it to the room's entries. */
  join(socket: HubSocket, room: RoomKey, since: FeedCursor | undefined, onJoined: (feed: JoinedFeed) => void): Promise<boolean> {
    return this.fanout(room).join(socket, since, onJoined);
  }

  /** Unsubscribes a socket, in the room's order. */
  async leave(socket: HubSocket, room: RoomKey): Promise<void> {
    const fanout = this.fanouts.get(room);
    if (fanout) await fanout.leave(socket);
    else await socket.leave(room);
  }

  /**
   * Entries after `since`, one page. For a socket subscribed to the room the
   * page stops at what this node has already emitted to the room, so what
   * follows arrives live, once.
   */
  async sync(socket: HubSocket, room: RoomKey, since: FeedCursor, pageSize: number): Promise<SyncResult> {
    const live = socket.rooms.has(room) ? this.fanouts.get(room)?.cursor : undefined;
    const stored = await this.store.feedHead(room);
    const epoch = stored.epoch;
    // A cursor past the room's head is not this room's (a feed restored or rebuilt from nothing): no page can
    // follow it, and an empty answer would read as « up to date » forever. Refused; the client joins again.
    if (since.epoch === epoch && since.seq > stored.head) {
      throw new AppError('CONFLICT', `since ${since.seq} is beyond the head of ${room} (${stored.head} in epoch ${epoch}): join the room again without since`);
    }
    const head = live && live.epoch === epoch ? Math.min(live.seq, stored.head) : stored.head;
    const after = since.epoch === epoch ? since.seq : 0;
    const wanted = Math.min(pageSize, head - after);
    const entries = wanted > 0 ? (await this.store.readFeed(room, after, wanted)).filter((e) => e.epoch === epoch && e.seq <= head) : [];
    const last = entries.at(-1)?.seq ?? after;
    this.metrics.rejoined('sync', entries.length);
    return { room, epoch, head, entries, more: last < head };
  }

  private fanout(room: RoomKey): FeedFanout {
    const existing = this.fanouts.get(room);
    if (existing) return existing;
    if (!this.io) throw new Error('the hub gateway is not initialised yet');
    const fanout = new FeedFanout(room, this.store, this.io, this.options, {
      onIdle: (idle) => this.dropIfUnused(idle.room),
      observer: this.metrics,
      buffered: (socket, bytes) => this.slowReaders.check(socket, bytes),
      delivered: (delivered, entries) => this.entriesListener?.(delivered, entries),
    });
    this.fanouts.set(room, fanout);
    return fanout;
  }

  private onUpdates(updates: readonly FeedUpdate[]): void {
    for (const update of updates) this.fanouts.get(update.room)?.notify(update);
  }

  private dropIfUnused(room: RoomKey): void {
    const fanout = this.fanouts.get(room);
    if (!fanout || !fanout.idle || this.followed.has(room)) return;
    if ((this.io?.sockets.adapter.rooms.get(room)?.size ?? 0) > 0) return;
    fanout.close();
    this.fanouts.delete(room);
  }
}
