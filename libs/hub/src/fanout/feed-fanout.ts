import { Logger } from '@nestjs/common';
import type { FeedUpdate, ProjectionStore } from '@catalyse/projections';
import { AppError, type FeedCursor, type FeedEntry, HUB_EVENTS, type ResetNotice, type RoomKey } from '@catalyse/protocol';
import type { HubServer, HubSocket } from '../gateway/hub-socket';
import { SerialQueue } from './serial-queue';

/** What a joiner receives in its ack (presence is added by the gateway). */
export interface JoinedFeed {
  readonly room: RoomKey;
  readonly epoch: number;
  readonly head: number;
  readonly entries: readonly FeedEntry[];
  readonly snapshot: boolean;
}

export interface FanoutSettings {
  readonly readPageSize: number;
  readonly snapshotSize: number;
  readonly joinAckMaxEntries: number;
}

const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5000;

/** The feed moved to another epoch while it was being read. */
class EpochChanged extends Error {
  override readonly name = 'EpochChanged';
}

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
 * It emits to this node's sockets only (`io.local`): with a cluster adapter
 * (Redis) every node fans out from the feed itself on the notifier's update,
 * so an entry never reaches a socket twice.
 */
export class FeedFanout {
  private delivered: { epoch: number; head: number } | undefined;
  private readonly queue: SerialQueue;
  private hint: FeedUpdate | undefined;
  private deliveryQueued = false;
  private pendingJoins = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = RETRY_MIN_MS;
  private readonly logger = new Logger('FeedFanout');

  constructor(
    readonly room: RoomKey,
    private readonly store: ProjectionStore,
    private readonly io: HubServer,
    private readonly settings: FanoutSettings,
    private readonly onIdle: (fanout: FeedFanout) => void,
  ) {
    this.queue = new SerialQueue(() => this.checkIdle());
  }

  /** Nothing queued and no join in flight: the fan-out may be dropped if the room has no local socket. */
  get idle(): boolean {
    return this.queue.idle && this.pendingJoins === 0;
  }

  /** What this node has emitted to the room so far (undefined before the first join). */
  get cursor(): FeedCursor | undefined {
    return this.delivered ? { epoch: this.delivered.epoch, seq: this.delivered.head } : undefined;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
  }

  /** A feed update from the notifier: deliver what is new (coalesced with updates not yet handled). */
  notify(update: FeedUpdate): void {
    if (this.closed) return;
    const hint = this.hint;
    if (!hint || update.epoch > hint.epoch || (update.epoch === hint.epoch && update.head > hint.head)) this.hint = update;
    if (this.deliveryQueued) return;
    this.deliveryQueued = true;
    this.queue
      .run(() => this.deliveryStep())
      .then(
        () => {
          this.retryDelayMs = RETRY_MIN_MS;
        },
        (error: unknown) => {
          this.logFailure('delivery', error);
          this.retryLater();
        },
      );
  }

  /** A failed delivery (the store unavailable for a moment) is tried again, with a growing delay. */
  private retryLater(): void {
    if (this.closed || this.retryTimer || !this.delivered) return;
    const { epoch } = this.delivered;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.notify({ room: this.room, epoch, head: Number.MAX_SAFE_INTEGER });
    }, this.retryDelayMs);
    this.retryTimer.unref();
    this.retryDelayMs = Math.min(RETRY_MAX_MS, this.retryDelayMs * 2);
  }

  /**
   * Answers a joiner and subscribes it, in one queued step: `onJoined` gets the
   * entries after `since` (or a snapshot) up to `delivered.head`, then the socket
   * is in the room. Entries beyond the ack's limit follow as `room:entry` before
   * any live one. Resolves false when the socket left before it could be joined.
   */
  async join(socket: HubSocket, since: FeedCursor | undefined, onJoined: (feed: JoinedFeed) => void): Promise<boolean> {
    this.pendingJoins++;
    try {
      return await this.queue.run(() => this.joinStep(socket, since, onJoined));
    } finally {
      this.pendingJoins--;
      this.checkIdle();
    }
  }

  /** Runs work in the room's order (e.g. a leave, so it cannot overtake a join queued before it). */
  run<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(work);
  }

  private checkIdle(): void {
    if (this.idle) this.onIdle(this);
  }

  private async deliveryStep(): Promise<void> {
    this.deliveryQueued = false;
    const hint = this.hint;
    this.hint = undefined;
    const delivered = this.delivered;
    if (!delivered || !hint || this.closed) return;
    if (hint.epoch === delivered.epoch) {
      if (hint.head > delivered.head) await this.catchUp();
      return;
    }
    await this.catchUp(await this.store.feedHead(this.room));
  }

  /**
   * Emits every entry after `delivered.head` to the room, page by page, up to
   * the end of the feed; with `head` from another epoch, resets instead.
   */
  private async catchUp(head?: { epoch: number; head: number }): Promise<void> {
    const delivered = this.delivered;
    if (!delivered || this.closed) return;
    if (head && head.epoch !== delivered.epoch) {
      this.reset(head);
      return;
    }
    if (head && head.head <= delivered.head) return;
    const { readPageSize } = this.settings;
    for (;;) {
      const page = await this.store.readFeed(this.room, delivered.head, readPageSize);
      if (this.closed) return;
      for (const entry of page) {
        if (entry.epoch !== delivered.epoch) {
          const current = await this.store.feedHead(this.room);
          if (!this.closed) this.reset(current);
          return;
        }
        if (entry.seq !== delivered.head + 1) {
          throw new Error(`feed ${this.room} is not contiguous: expected seq ${delivered.head + 1}, read ${entry.seq}`);
        }
        this.io.local.to(this.room).emit(HUB_EVENTS.entry, entry);
        delivered.head = entry.seq;
      }
      if (page.length < readPageSize) return;
    }
  }

  /**
   * The feed was rebuilt into another epoch: tell the room's sockets and
   * unsubscribe them; they join again (with their old `since` they get a
   * snapshot of the new epoch), so what they hold stays exact.
   */
  private reset(head: { epoch: number; head: number }): void {
    const notice: ResetNotice = { room: this.room, epoch: head.epoch };
    this.io.local.to(this.room).emit(HUB_EVENTS.reset, notice);
    this.io.local.in(this.room).socketsLeave(this.room);
    this.delivered = { epoch: head.epoch, head: head.head };
  }

  private async joinStep(socket: HubSocket, since: FeedCursor | undefined, onJoined: (feed: JoinedFeed) => void): Promise<boolean> {
    if (this.closed) throw new AppError('UNAVAILABLE', 'the room is being closed on this node; join again');
    for (let attempt = 0; ; attempt++) {
      const head = await this.store.feedHead(this.room);
      if (!this.delivered) this.delivered = { epoch: head.epoch, head: head.head };
      else await this.catchUp(head);
      if (!socket.connected) return false;
      try {
        return await this.serve(socket, since, onJoined);
      } catch (error) {
        if (!(error instanceof EpochChanged) || attempt >= 2) throw error;
      }
    }
  }

  private async serve(socket: HubSocket, since: FeedCursor | undefined, onJoined: (feed: JoinedFeed) => void): Promise<boolean> {
    if (!this.delivered) throw new Error('serve before the fan-out has a cursor');
    const { epoch, head } = this.delivered;
    const { snapshotSize, joinAckMaxEntries, readPageSize } = this.settings;
    const continues = since !== undefined && since.epoch === epoch && since.seq <= head;
    const from = continues ? since.seq : Math.max(0, head - snapshotSize);
    const entries = await this.readRange(epoch, from, Math.min(head, from + joinAckMaxEntries));
    if (!socket.connected) return false;
    if (since !== undefined && since.epoch !== epoch) {
      const notice: ResetNotice = { room: this.room, epoch };
      socket.emit(HUB_EVENTS.reset, notice);
    }
    await socket.join(this.room);
    onJoined({ room: this.room, epoch, head, entries, snapshot: !continues });

    // More than one ack holds: the rest, before any live entry (the queue holds deliveries back).
    let after = entries.at(-1)?.seq ?? from;
    try {
      while (after < head) {
        const page = await this.readRange(epoch, after, Math.min(head, after + readPageSize));
        if (!socket.connected) return true;
        for (const entry of page) socket.emit(HUB_EVENTS.entry, entry);
        after = page.at(-1)?.seq ?? head;
      }
    } catch (error) {
      // The client holds the beginning but not the end: it reconnects and rejoins with its since.
      this.logFailure(`catching up socket ${socket.id}`, error);
      socket.disconnect(true);
    }
    return true;
  }

  /** Entries `(after, upTo]` of `epoch`, contiguous; EpochChanged when the feed moved to another epoch. */
  private async readRange(epoch: number, after: number, upTo: number): Promise<FeedEntry[]> {
    const out: FeedEntry[] = [];
    let cursor = after;
    while (cursor < upTo) {
      const page = await this.store.readFeed(this.room, cursor, Math.min(this.settings.readPageSize, upTo - cursor));
      if (page.length === 0) {
        if ((await this.store.feedHead(this.room)).epoch !== epoch) throw new EpochChanged();
        throw new Error(`feed ${this.room} ends at seq ${cursor}, expected entries up to ${upTo}`);
      }
      for (const entry of page) {
        if (entry.epoch !== epoch) throw new EpochChanged();
        if (entry.seq !== cursor + 1) throw new Error(`feed ${this.room} is not contiguous: expected seq ${cursor + 1}, read ${entry.seq}`);
        out.push(entry);
        cursor = entry.seq;
      }
    }
    return out;
  }

  private logFailure(what: string, error: unknown): void {
    this.logger.error(
      `${this.room}: ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
      error instanceof Error ? error.stack : undefined,
    );
  }
}
