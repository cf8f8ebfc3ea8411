import { setImmediate as nextTurn } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { FeedUpdate, ProjectionStore } from '@catalyse/projections';
import { AppError, type FeedCursor, type FeedEntry, HUB_EVENTS, REDACTION_KIND, type ResetNotice, type RoomKey } from '@catalyse/protocol';
import { bufferedBytes, roomInBuffer } from '../backpressure/outgoing-buffer';
import type { HubServer, HubSocket } from '../gateway/hub-socket';
import { type CatchingUp, EpochChanged, type FanoutHooks, type FanoutSettings, type JoinedFeed } from './fanout-types';
import { headEntryPosition, positionOf, readFeedRange, readUnheard } from './feed-range';
import { encodePage, RecentRuns, writeOut } from './recent-runs';
import { DeliveryRetry, SerialQueue } from './serial-queue';

/**
 * The fan-out of one room's feed on this node: exact and ordered.
 *
 * `delivered` is what this node has emitted to the socket.io room: every entry
 * of `delivered.epoch` up to `delivered.head`, each once, in seq order. Joins
 * and deliveries run through one serial queue, so a joiner is answered with the
 * entries up to `delivered.head` and added to the room in the same step: the
 * next delivery starts at `delivered.head + 1`. No gap, no duplicate, whatever
 * the timing of notifications, joins and reads.
 *
 * A joiner further behind than a join ack holds is sent the rest as pages
 * (`room:entries`) outside the queue, each once the previous one was written
 * out to it (backpressure), while it is left out of live deliveries; the last
 * page and its return to live deliveries happen in the queue. Runs read for
 * joiners are kept a little (`RecentRuns`): clients catching up together read
 * the store once and get the same packets, encoded once.
 *
 * It emits to this node's sockets only (`io.local`): with a cluster adapter
 * (Redis) every node fans out from the feed itself on the notifier's update,
 * so an entry never reaches a socket twice.
 */
export class FeedFanout {
  private delivered: { epoch: number; head: number } | undefined;
  /** The log position of the last entry heard (`hooks.delivered`), kept once the node follows the room (`follow`, `reset`). */
  private heard: bigint | undefined;
  private readonly queue: SerialQueue;
  private hint: FeedUpdate | undefined;
  private deliveryQueued = false;
  private pendingJoins = 0;
  private closed = false;
  private readonly retry = new DeliveryRetry();
  /** When the oldest feed update not yet delivered reached this node (`performance.now()`), for the fan-out delay. */
  private notifiedAt: number | undefined;
  private readonly logger = new Logger('FeedFanout');
  /** Sockets catching up after their join ack, by socket id: left out of live deliveries meanwhile. */
  private readonly catchingUp = new Map<string, CatchingUp>();
  private readonly runs: RecentRuns;

  constructor(
    readonly room: RoomKey,
    private readonly store: ProjectionStore,
    private readonly io: HubServer,
    private readonly settings: FanoutSettings,
    private readonly hooks: FanoutHooks,
  ) {
    this.queue = new SerialQueue(() => this.checkIdle());
    this.runs = new RecentRuns(
      settings.catchUpCacheSize,
      (epoch, after, upTo) => this.readRange(epoch, after, upTo),
      (entries) => encodePage(this.io, this.room, entries),
    );
  }

  /** Nothing queued and no join in flight: the fan-out may be dropped if the room has no local socket. */
  get idle(): boolean {
    return this.queue.idle && this.pendingJoins === 0;
  }

  /** The sockets still catching up after their join ack, and the last seq each was sent (metrics, tests). */
  get catchUps(): readonly { readonly socketId: string; readonly sent: number }[] {
    return [...this.catchingUp.values()].map(({ socket, sent }) => ({ socketId: socket.id, sent }));
  }

  /** What this node has emitted to the room so far (undefined before the first join). */
  get cursor(): FeedCursor | undefined {
    return this.delivered ? { epoch: this.delivered.epoch, seq: this.delivered.head } : undefined;
  }

  close(): void {
    this.closed = true;
    this.retry.cancel();
    this.catchingUp.clear();
    this.runs.clear();
  }

  /**
   * Starts the room's deliveries at the feed's head now, without a join: a room the node follows for itself
   * (`FanoutService.follow`), whose entries from now on are read and heard (`hooks.delivered`) whether a socket of the
   * node is in it or not. Nothing is read before the head: what was written before the node started is not its news.
   * The position of the entry at its head (where a room joined before it stands) is kept for its resets (`reset`).
   */
  follow(): Promise<void> {
    return this.queue.run(async () => {
      if (this.closed || this.heard !== undefined) return;
      const delivered = this.delivered ?? (await this.store.feedHead(this.room));
      const heard = await headEntryPosition(this.store, this.room, delivered);
      this.delivered ??= { epoch: delivered.epoch, head: delivered.head };
      this.heard = heard;
    });
  }

  /** The node no longer follows the room for itself: its resets hand nothing over (its sockets, if any, rejoin). */
  unfollowed(): void {
    this.heard = undefined;
  }

  /** A feed update from the notifier: deliver what is new (coalesced with updates not yet handled). */
  notify(update: FeedUpdate): void {
    if (this.closed) return;
    this.notifiedAt ??= performance.now();
    const hint = this.hint;
    if (!hint || update.epoch > hint.epoch || (update.epoch === hint.epoch && update.head > hint.head)) this.hint = update;
    if (this.deliveryQueued) return;
    this.deliveryQueued = true;
    this.queue
      .run(() => this.deliveryStep())
      .then(
        () => this.retry.succeeded(),
        (error: unknown) => {
          this.logFailure('delivery', error);
          this.retryLater();
        },
      );
  }

  /** A failed delivery (the store unavailable for a moment) is tried again, with a growing delay. */
  private retryLater(): void {
    if (this.closed || !this.delivered) return;
    const { epoch } = this.delivered;
    this.retry.later(() => this.notify({ room: this.room, epoch, head: Number.MAX_SAFE_INTEGER }));
  }

  /**
   * Answers a joiner and subscribes it, in one queued step: `onJoined` gets the
   * entries after `since` (or a snapshot) up to `delivered.head`, at most
   * `joinAckMaxEntries`, then the socket is in the room. Entries beyond the
   * ack's limit follow as `room:entries` pages before any live one (the
   * catch-up goes on after this resolves). Resolves false when the socket left
   * before it could be joined.
   */
  async join(socket: HubSocket, since: FeedCursor | undefined, onJoined: (feed: JoinedFeed) => void): Promise<boolean> {
    this.pendingJoins++;
    let streaming = false;
    try {
      const joined = await this.queue.run(() => this.joinStep(socket, since, onJoined));
      if (typeof joined === 'boolean') return joined;
      // Still a pending join until caught up: the fan-out is not dropped under it.
      streaming = true;
      void this.stream(joined).finally(() => {
        this.pendingJoins--;
        this.checkIdle();
      });
      return true;
    } finally {
      if (!streaming) {
        this.pendingJoins--;
        this.checkIdle();
      }
    }
  }

  /** Unsubscribes a socket in the room's order (a leave cannot overtake a join queued before it), its catch-up with it. */
  leave(socket: HubSocket): Promise<void> {
    return this.queue.run(async () => {
      this.catchingUp.delete(socket.id);
      await socket.leave(this.room);
    });
  }

  private checkIdle(): void {
    if (this.idle) this.hooks.onIdle(this);
  }

  private async deliveryStep(): Promise<void> {
    this.deliveryQueued = false;
    const hint = this.hint;
    this.hint = undefined;
    const notifiedAt = this.notifiedAt;
    this.notifiedAt = undefined;
    const delivered = this.delivered;
    if (!delivered || !hint || this.closed) return;
    try {
      if (hint.epoch === delivered.epoch) {
        if (hint.head > delivered.head) await this.catchUp(undefined, notifiedAt);
        return;
      }
      await this.catchUp(await this.store.feedHead(this.room), notifiedAt);
    } catch (error) {
      // Tried again later (`retryLater`): the entries still date from this update.
      if (notifiedAt !== undefined) this.notifiedAt = Math.min(notifiedAt, this.notifiedAt ?? notifiedAt);
      throw error;
    }
  }

  /**
   * Emits every entry after `delivered.head` to the room, page by page, up to
   * the end of the feed; with `head` from another epoch, resets instead.
   * `notifiedAt`: when the update announcing them reached this node (metrics).
   */
  private async catchUp(head?: { epoch: number; head: number }, notifiedAt?: number): Promise<void> {
    const delivered = this.delivered;
    if (!delivered || this.closed) return;
    if (head && head.epoch !== delivered.epoch) {
      await this.reset(head);
      return;
    }
    if (head && head.head <= delivered.head) return;
    const { readPageSize } = this.settings;
    for (;;) {
      const page = await this.store.readFeed(this.room, delivered.head, readPageSize);
      if (this.closed) return;
      let emitted = 0;
      // A room the node follows for itself may have no socket here: its entries are heard, not encoded for nobody.
      const members = this.io.sockets.adapter.rooms.has(this.room);
      // Sockets still catching up get these entries from their catch-up, not live.
      const room = this.catchingUp.size === 0 ? this.io.local.to(this.room) : this.io.local.to(this.room).except([...this.catchingUp.keys()]);
      try {
        for (const entry of page) {
          if (entry.epoch !== delivered.epoch) {
            await this.reset(await this.store.feedHead(this.room));
            return;
          }
          if (entry.seq !== delivered.head + 1) {
            throw new Error(`feed ${this.room} is not contiguous: expected seq ${delivered.head + 1}, read ${entry.seq}`);
          }
          if (members) room.emit(HUB_EVENTS.entry, entry);
          delivered.head = entry.seq;
          if (this.heard !== undefined) this.heard = positionOf(entry);
          emitted++;
          // Entries read for joiners may hold what an erasure just rewrote: read them again.
          if (entry.kind === REDACTION_KIND) this.runs.clear();
        }
      } finally {
        if (emitted > 0 && members && notifiedAt !== undefined) this.hooks.observer?.delivered(emitted, performance.now() - notifiedAt);
        if (emitted > 0) {
          if (members) this.checkMembers(delivered.epoch, delivered.head);
          this.hooks.delivered?.(this.room, emitted === page.length ? page : page.slice(0, emitted));
        }
      }
      if (page.length < readPageSize) return;
      // A turn of the event loop between pages of a backlog: the system takes the bytes written so far.
      await nextTurn();
      if (this.closed) return;
    }
  }

  /**
   * After entries were emitted live, one pass over the room's members and the bytes waiting for each: a member still
   * served live with more than `liveBacklogBytes` waiting leaves the live deliveries and gets what follows as a
   * joiner does, each page once it took the previous one (`stream`), then live entries again; then the node's
   * slow-reader limit looks at each (`hooks.buffered`). Live emits have no backpressure: without this, a client
   * slower than a burst (a projector catching up, a flood of writes) would hold the burst in the node's memory, then
   * be dropped and rejoin; with it, what waits for it stays about `liveBacklogBytes` and two pages, whether it reads
   * slowly or not at all.
   */
  private checkMembers(epoch: number, head: number): void {
    const members = this.io.sockets.adapter.rooms.get(this.room);
    if (!members) return;
    for (const id of members) {
      const socket = this.io.sockets.sockets.get(id);
      if (!socket) continue;
      const bytes = bufferedBytes(socket);
      if (bytes > this.settings.liveBacklogBytes && socket.connected && !this.catchingUp.has(id)) this.serveByPages(socket, epoch, head);
      this.hooks.buffered?.(socket, bytes);
    }
  }

  /** A member fell behind a live delivery: it is served from `head` on page by page, as a joiner catching up. */
  private serveByPages(socket: HubSocket, epoch: number, head: number): void {
    const catching: CatchingUp = { socket, epoch, joined: false, sent: head, count: 0 };
    this.catchingUp.set(socket.id, catching);
    this.hooks.observer?.slowClient('paged');
    // A pending join until caught up, as a joiner's catch-up: the fan-out is not dropped under it.
    this.pendingJoins++;
    void this.stream(catching).finally(() => {
      this.pendingJoins--;
      this.checkIdle();
    });
  }

  /**
   * The feed was rebuilt into another epoch: tell the room's sockets and unsubscribe them; they join again (with their
   * old `since` they get a snapshot of the new epoch), so what they hold stays exact. A room the node follows for itself
   * hands over the entries of the new epoch from events it had not heard (`readUnheard`): a departure written to
   * `network` as it switched is not skipped with the reset.
   */
  private async reset(head: { epoch: number; head: number }): Promise<void> {
    const unheard = this.heard === undefined ? undefined : await readUnheard(this.store, this.room, head, this.heard, this.settings.readPageSize);
    if (this.closed) return;
    const notice: ResetNotice = { room: this.room, epoch: head.epoch };
    this.io.local.to(this.room).emit(HUB_EVENTS.reset, notice);
    this.io.local.in(this.room).socketsLeave(this.room);
    this.delivered = { epoch: head.epoch, head: head.head };
    this.catchingUp.clear();
    this.runs.clear();
    const last = unheard?.entries.at(-1);
    if (!unheard || !last) return;
    if (unheard.capped)
      this.logger.warn(`${this.room}: reset to epoch ${head.epoch}; only the last ${unheard.entries.length} entries not heard are handed over`);
    this.heard = positionOf(last);
    this.hooks.delivered?.(this.room, unheard.entries);
  }

  private async joinStep(socket: HubSocket, since: FeedCursor | undefined, onJoined: (feed: JoinedFeed) => void): Promise<boolean | CatchingUp> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'the room is being closed on this node; join again');
    for (let attempt = 0; ; attempt++) {
      const head = await this.store.feedHead(this.room);
      if (!this.delivered) this.delivered = { epoch: head.epoch, head: head.head };
      // Entries of an update not delivered yet go to the room first (its delivery step then finds nothing new).
      else await this.catchUp(head, this.notifiedAt);
      if (!socket.connected) return false;
      try {
        return await this.serve(socket, since, onJoined);
      } catch (error) {
        if (!(error instanceof EpochChanged) || attempt >= 2) throw error;
      }
    }
  }

  private async serve(socket: HubSocket, since: FeedCursor | undefined, onJoined: (feed: JoinedFeed) => void): Promise<boolean | CatchingUp> {
    if (!this.delivered) throw new Error('serve before the fan-out has a cursor');
    const { epoch, head } = this.delivered;
    const { snapshotSize, joinAckMaxEntries } = this.settings;
    const continues = since !== undefined && since.epoch === epoch && since.seq <= head;
    const from = continues ? since.seq : Math.max(0, head - snapshotSize);
    const upTo = Math.min(head, from + joinAckMaxEntries);
    const entries = upTo > from ? await this.runs.entries(epoch, from, upTo) : [];
    if (!socket.connected) return false;
    if (since !== undefined && since.epoch !== epoch) {
      const notice: ResetNotice = { room: this.room, epoch };
      socket.emit(HUB_EVENTS.reset, notice);
    }
    // A join again of a socket still catching up: this one answers it.
    this.catchingUp.delete(socket.id);
    await socket.join(this.room);
    let catching: CatchingUp | undefined;
    if (upTo < head) {
      // More than an ack holds: left out of live deliveries until `stream` has sent it the rest.
      catching = { socket, epoch, joined: true, sent: upTo, count: entries.length };
      this.catchingUp.set(socket.id, catching);
    } else if (since !== undefined) {
      this.hooks.observer?.rejoined('join', entries.length);
    }
    onJoined({ room: this.room, epoch, head, entries: [...entries], snapshot: !continues });
    return catching ?? true;
  }

  /**
   * Sends a joiner the entries its ack did not hold, as `room:entries` pages, each once the previous one was
   * written out to its connection: a client that reads slowly holds one page of this node's memory, never its
   * backlog. Outside the room's queue, so the others' live deliveries go on; then, in the queue, the last page
   * and the socket is back in the live deliveries (`rejoinLive`). Serves room members that fell behind a burst
   * the same way (`checkMembers`).
   */
  private async stream(catching: CatchingUp): Promise<void> {
    const size = this.settings.readPageSize;
    const { socket, epoch } = catching;
    try {
      for (;;) {
        const delivered = this.delivered;
        if (!this.stillCatchingUp(catching) || delivered?.epoch !== epoch) return;
        if (delivered.head - catching.sent <= size) {
          // Within a page of the room: the rest and the return to live deliveries, in the queue. Unless the room
          // moved on by more than a page while this waited for its turn (a burst being delivered): more pages.
          if (await this.queue.run(() => this.rejoinLive(catching))) return;
          continue;
        }
        // Not before the socket took most of what it was sent, its pages of other rooms too: a client catching up in
        // many rooms at once holds about `liveBacklogBytes` and a page of the node's memory, not a page per room.
        await roomInBuffer(socket, this.settings.liveBacklogBytes);
        if (!this.stillCatchingUp(catching)) return;
        // Pages end on multiples of their size: joiners further behind or ahead share them.
        const upTo = Math.min(delivered.head, (Math.floor(catching.sent / size) + 1) * size);
        // Kept for the others only when others are catching up too.
        const page = await this.runs.page(epoch, catching.sent, upTo, this.catchingUp.size > 1);
        if (!this.stillCatchingUp(catching)) return;
        await writeOut(socket, page);
        catching.sent = upTo;
        catching.count += page.count;
        // A write taken at once by the system resolves without a turn of the event loop: let the others in.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      if (error instanceof EpochChanged) {
        // Rebuilt meanwhile: it joins again, as the room's others will once the update comes (`reset`).
        const current = await this.store.feedHead(this.room).then(
          (head) => head.epoch,
          () => epoch + 1,
        );
        if (this.stillCatchingUp(catching)) {
          const notice: ResetNotice = { room: this.room, epoch: current };
          socket.emit(HUB_EVENTS.reset, notice);
          await socket.leave(this.room);
        }
      } else {
        // The client holds the beginning but not the end: it reconnects and rejoins with its since.
        this.logFailure(`catching up socket ${socket.id}`, error);
        socket.disconnect(true);
      }
    } finally {
      if (this.catchingUp.get(socket.id) === catching) this.catchingUp.delete(socket.id);
      if (catching.joined) this.hooks.observer?.rejoined('join', catching.count);
    }
  }

  /**
   * In the room's queue (no delivery runs meanwhile): a socket within a page of `delivered.head` gets that page
   * and is back in the live deliveries, from `delivered.head + 1`. Resolves false when it is more than a page
   * behind again (its catch-up goes on page by page: what waits for it stays bounded), true when it is done.
   */
  private async rejoinLive(catching: CatchingUp): Promise<boolean> {
    const { socket, epoch } = catching;
    const delivered = this.delivered;
    if (!this.stillCatchingUp(catching) || delivered?.epoch !== epoch) return true;
    if (delivered.head - catching.sent > this.settings.readPageSize) return false;
    if (delivered.head > catching.sent) {
      const rest = await this.readRange(epoch, catching.sent, delivered.head);
      if (!this.stillCatchingUp(catching)) return true;
      socket.emit(HUB_EVENTS.entries, { room: this.room, entries: rest });
      this.hooks.buffered?.(socket, bufferedBytes(socket));
      catching.sent = delivered.head;
      catching.count += rest.length;
    }
    this.catchingUp.delete(socket.id);
    return true;
  }

  /** The catch-up goes on: its socket is connected, and neither a leave, a reset, another join nor a close ended it. */
  private stillCatchingUp(catching: CatchingUp): boolean {
    return !this.closed && catching.socket.connected && this.catchingUp.get(catching.socket.id) === catching;
  }

  /** Entries `(after, upTo]` of `epoch`, contiguous; EpochChanged when the feed moved to another epoch. */
  private readRange(epoch: number, after: number, upTo: number): Promise<FeedEntry[]> {
    return readFeedRange(this.store, this.room, { epoch, after, upTo }, this.settings.readPageSize);
  }

  private logFailure(what: string, error: unknown): void {
    this.logger.error(
      `${this.room}: ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
      error instanceof Error ? error.stack : undefined,
    );
  }
}
