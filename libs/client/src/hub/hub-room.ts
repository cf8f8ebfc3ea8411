import { type Ack, type ErrorBody, type FeedEntry, HUB_EVENTS, type JoinResult, REDACTION_KIND, type SyncResult } from '@catalyse/protocol';
import { Backoff } from './backoff';
import { Listeners, type LiveRoom, RoomRefusedError } from './live-room';
import type { FailedPost, PendingPost } from './outbox';
import type { HubSocket } from './catalyse-hub';
import { joinFault } from './post-limits';

/** Refusals worth asking again after a while (the hub is busy or restarting), unlike a rule's answer. */
export const RETRYABLE = new Set(['UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL']);

/** The longest a client waits because the hub said so. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long to wait before asking again: what the hub said for a RATE_LIMITED (`retryAfterMs`, the end of the
 * client's budget window), else undefined (the client's own delay: a backoff for a room's requests).
 */
export function retryWait(error: ErrorBody): number | undefined {
  const after = error.code === 'RATE_LIMITED' ? error.retryAfterMs : undefined;
  return after !== undefined && Number.isFinite(after) && after > 0 ? Math.min(after, MAX_RETRY_AFTER_MS) : undefined;
}

/** What a room needs of its hub: the connection, its requests and timers, and the outbox (`CatalyseHub` gives them). */
export interface RoomHost {
  readonly online: boolean;
  /** Increases at each connection (`CatalyseHub.connection`): a retry planned on an older one is dropped. */
  readonly connection: number;
  readonly socket: HubSocket;
  request<T>(send: (ack: (answer: Ack<T>) => void) => void, onAck: (answer: Ack<T>) => void, onTimeout: () => void): void;
  later(work: () => void, ms?: number): ReturnType<typeof setTimeout>;
  forget(key: string): void;
  pendingOf(key: string): PendingPost[];
  failedOf(key: string): FailedPost[];
  enqueue(key: string, text: string): PendingPost;
}

/** One room's state: its epoch, its contiguous entries, its presence, and the requests that keep them exact. */
export class HubRoom implements LiveRoom {
  private epochValue: number | undefined;
  private last = 0;
  private list: FeedEntry[] = [];
  private snapshot: readonly FeedEntry[] | undefined;
  /** Who is here, in arrival order (a set: a diff costs its own size, not the room's). */
  private present = new Set<string>();
  private presentList: readonly string[] | undefined;
  private joining = false;
  /** A reset notice came while a join was in flight: rejoin unless its answer is of that epoch. */
  private resetDuringJoin: number | undefined;
  private syncing = false;
  private gapAgain = false;
  private left = false;
  /** A join answered: what `ready()` waits for. */
  private joinedOnce = false;
  /** The hub's last refusal for good (FORBIDDEN, NOT_FOUND, VALIDATION…), until a join succeeds. */
  private refusalValue: ErrorBody | undefined;
  /** The `ready()` calls still waiting for the first join's answer. */
  private waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private readonly changes = new Listeners<[]>();
  private readonly entryListeners = new Listeners<[FeedEntry]>();
  private readonly resetListeners = new Listeners<[number]>();
  private readonly typingListeners = new Listeners<[string]>();
  /**
   * Why the hub could never let this room in (`joinFault`: a key too long for a join's packet), or undefined. Such a
   * room is refused at once and for good, and nothing of it is ever sent: the hub would close the connection at each
   * (re)join instead of answering, and every other room with it.
   */
  private readonly fault: ErrorBody | undefined;

  constructor(
    private readonly hub: RoomHost,
    readonly key: string,
    private readonly history: 'all' | 'latest',
    /** The waits between requests the hub refused for a while, in a row; reset by an answer. */
    private readonly backoff = new Backoff(),
  ) {
    this.fault = joinFault(key);
    this.refusalValue = this.fault;
  }

  entries(): readonly FeedEntry[] {
    this.snapshot ??= this.list.slice();
    return this.snapshot;
  }
  pending(): readonly PendingPost[] {
    return this.hub.pendingOf(this.key);
  }
  failed(): readonly FailedPost[] {
    return this.hub.failedOf(this.key);
  }
  presence(): readonly string[] {
    this.presentList ??= [...this.present];
    return this.presentList;
  }
  epoch(): number | undefined {
    return this.epochValue;
  }
  ready(): Promise<void> {
    if (this.refusalValue) return Promise.reject(new RoomRefusedError(this.key, this.refusalValue));
    if (this.joinedOnce) return Promise.resolve();
    if (this.left) return Promise.reject(new Error(`${this.key} was left before it was joined`));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }
  refusal(): ErrorBody | undefined {
    return this.refusalValue;
  }
  onChange(listener: () => void): () => void {
    return this.changes.add(listener);
  }
  onEntry(listener: (entry: FeedEntry) => void): () => void {
    return this.entryListeners.add(listener);
  }
  onReset(listener: (epoch: number) => void): () => void {
    return this.resetListeners.add(listener);
  }
  onTyping(listener: (who: string) => void): () => void {
    return this.typingListeners.add(listener);
  }

  post(text: string): PendingPost {
    return this.hub.enqueue(this.key, text);
  }

  typing(): void {
    if (this.hub.online && !this.left && !this.fault) this.hub.socket.volatile.emit(HUB_EVENTS.typing, { room: this.key });
  }

  leave(): void {
    if (this.left) return;
    this.left = true;
    if (this.hub.online && !this.fault) this.hub.socket.emit(HUB_EVENTS.leave, { room: this.key }, () => undefined);
    this.hub.forget(this.key);
    for (const listeners of [this.changes, this.entryListeners, this.resetListeners, this.typingListeners]) listeners.clear();
    this.stopped(new Error(`${this.key} was left before it was joined`));
  }

  /** @internal */
  changed(): void {
    this.changes.emit();
  }

  /** @internal The room will not be joined any more (left, or its hub closed): nobody waits for it. */
  stopped(reason: Error): void {
    this.settle((waiter) => waiter.reject(reason));
  }

  private settle(how: (waiter: { resolve: () => void; reject: (error: Error) => void }) => void): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const waiter of waiting) how(waiter);
  }

  // ── the gapless logic ──

  /** (Re)joins with `since` when the room holds entries of an epoch (or from 0 after a reset). */
  join(): void {
    if (this.left || this.joining || this.fault || !this.hub.online) return;
    this.joining = true;
    this.resetDuringJoin = undefined;
    const since = this.epochValue !== undefined && (this.last > 0 || this.history === 'all') ? { epoch: this.epochValue, seq: this.last } : undefined;
    this.hub.request<JoinResult>(
      (ack) => this.hub.socket.emit(HUB_EVENTS.join, since ? { room: this.key, since } : { room: this.key }, ack),
      (answer) => {
        this.joining = false;
        if (!answer.ok) return this.refused(answer.error, () => this.join());
        this.joined(answer.data);
        this.admitted();
      },
      () => {
        this.joining = false;
        this.join();
      },
    );
  }

  private joined(result: JoinResult): void {
    if (this.epochValue !== undefined && result.epoch < this.epochValue) {
      // Answered from before a reset heard during the join: join again in the new epoch.
      if (this.resetDuringJoin !== undefined) return this.join();
      // No reset meanwhile: the hub's read side is at an earlier epoch than the one held (recreated, or restored from
      // an older copy). Its word holds: what the room held is not this feed's (asking again would loop for ever).
      this.reset(result.epoch);
    }
    if (this.epochValue === undefined) this.epochValue = result.epoch;
    else if (result.epoch > this.epochValue) this.reset(result.epoch);
    // What the room holds goes past the feed's head in the same epoch: the feed was restored from an older copy.
    // Its entries are not this feed's any more (the next ones will reuse their seqs): dropped, as after a rebuild.
    else if (result.head < this.last) this.reset(result.epoch);
    this.setPresent(result.presence);
    const first = result.entries[0];
    if (result.snapshot && this.history === 'latest' && this.last === 0 && first) this.last = first.seq - 1;
    for (const entry of result.entries) this.take(entry);
    if (this.resetDuringJoin !== undefined && this.resetDuringJoin > result.epoch) this.join();
    this.resetDuringJoin = undefined;
    this.changed();
  }

  /** An entry from a join, a sync or live: kept only when it is the next one; a gap starts a sync. */
  accept(entry: FeedEntry): void {
    if (this.take(entry)) this.changes.emit();
  }

  /** A page of a catch-up (`room:entries`): its entries accepted in order, one change for the page. */
  acceptPage(entries: readonly FeedEntry[]): void {
    let changed = false;
    for (const entry of entries) changed = this.take(entry) || changed;
    if (changed) this.changes.emit();
  }

  /** Keeps the entry when it is the next one (true); a gap starts a sync, a newer epoch a rejoin. */
  private take(entry: FeedEntry): boolean {
    if (this.left || this.epochValue === undefined) return false;
    if (entry.epoch !== this.epochValue) {
      if (entry.epoch > this.epochValue) {
        this.reset(entry.epoch);
        this.join();
      }
      return false;
    }
    if (entry.seq <= this.last) return false; // already held: never twice
    if (entry.seq !== this.last + 1) {
      this.sync(); // a gap: read what is missing, in order
      return false;
    }
    this.list.push(entry);
    this.last = entry.seq;
    if (entry.kind === REDACTION_KIND) this.redact(entry.data);
    this.snapshot = undefined;
    this.entryListeners.emit(entry);
    return true;
  }

  /** A person was erased: the entries named in the notice now read as it says (their tombstones); the notice itself stays an entry. */
  private redact(notice: unknown): void {
    const rewritten = (notice as { entries?: unknown } | null)?.entries;
    if (!Array.isArray(rewritten)) return;
    const bySeq = new Map<number, unknown>();
    for (const item of rewritten as { seq?: unknown; data?: unknown }[]) if (typeof item?.seq === 'number') bySeq.set(item.seq, item.data);
    this.list = this.list.map((held) => (bySeq.has(held.seq) ? { ...held, data: bySeq.get(held.seq) } : held));
  }

  /** Pages through `room:sync` from the last entry held until no `more`. */
  private sync(): void {
    if (this.syncing) {
      this.gapAgain = true;
      return;
    }
    if (!this.hub.online || this.epochValue === undefined) return;
    this.syncing = true;
    this.gapAgain = false;
    this.hub.request<SyncResult>(
      (ack) => this.hub.socket.emit(HUB_EVENTS.sync, { room: this.key, since: { epoch: this.epochValue ?? 0, seq: this.last } }, ack),
      (answer) => {
        this.syncing = false;
        if (!answer.ok && answer.error.code === 'CONFLICT') return this.pastTheHead();
        if (!answer.ok) return this.refused(answer.error, () => this.sync());
        const page = answer.data;
        if (this.epochValue !== undefined && page.epoch > this.epochValue) {
          this.reset(page.epoch);
          this.join();
          return;
        }
        if (page.epoch !== this.epochValue) return;
        this.backoff.reset();
        this.acceptPage(page.entries);
        if (page.more || this.gapAgain) this.sync();
      },
      () => {
        this.syncing = false;
        this.sync();
      },
    );
  }

  /**
   * The hub refused a sync from past the room's head (CONFLICT: the feed was restored from an older copy in the
   * same epoch). What the room holds is dropped and the room joined again, from the start of what the feed has.
   */
  private pastTheHead(): void {
    if (this.epochValue === undefined) return;
    this.reset(this.epochValue);
    this.join();
  }

  /** `room:reset`: the feed was rebuilt into `epoch`. */
  resetNotice(epoch: number): void {
    // An earlier epoch than the one held: during a join its answer says which holds (`joined`); otherwise the hub's
    // read side went back (recreated, restored) and unsubscribed this socket: reset to it and join again.
    if (this.epochValue !== undefined && epoch < this.epochValue && this.joining) return;
    if (epoch === this.epochValue) {
      // The same epoch: the hub took this socket out of the room (its access ended: a member removed, a catalyseur
      // released). Join again from where it is: the answer is the refusal (`refusal()`), or the entries after `since`
      // if access came back. A join in flight is answered after the removal already.
      if (!this.joining) this.join();
      return;
    }
    this.reset(epoch);
    if (this.joining) this.resetDuringJoin = epoch;
    else this.join(); // the hub unsubscribed us from the old epoch
  }

  private reset(epoch: number): void {
    this.epochValue = epoch;
    this.last = 0;
    this.list = [];
    this.snapshot = undefined;
    this.resetListeners.emit(epoch);
    this.changes.emit();
  }

  presenceState(present: readonly string[]): void {
    this.setPresent(present);
    this.changes.emit();
  }

  presenceDiff(joins: readonly string[], leaves: readonly string[]): void {
    for (const who of leaves) this.present.delete(who);
    for (const who of joins) this.present.add(who);
    this.presentList = undefined;
    this.changes.emit();
  }

  private setPresent(present: readonly string[]): void {
    this.present = new Set(present);
    this.presentList = undefined;
  }

  typingOf(who: string): void {
    this.typingListeners.emit(who);
  }

  /** The connection went away: requests in flight will not be answered. */
  offline(): void {
    this.joining = false;
    this.syncing = false;
    this.gapAgain = false;
    this.resetDuringJoin = undefined;
  }

  /** A join answered: `ready()` resolves, and a refusal of an earlier connection is over. */
  private admitted(): void {
    this.joinedOnce = true;
    this.backoff.reset();
    const wasRefused = this.refusalValue !== undefined;
    this.refusalValue = undefined;
    this.settle((waiter) => waiter.resolve());
    if (wasRefused) this.changed();
  }

  /**
   * A refusal for a while (UNAVAILABLE: the hub's presence store down; INTERNAL; RATE_LIMITED) is asked again after
   * the hub's `retryAfterMs` when it gives one, else after a backoff with full jitter (250 ms doubling to 10 s by
   * default): the hundreds of clients of a room refused at once do not ask again in step, nor every half second for
   * as long as the store is down.
   */
  private refused(error: ErrorBody, again: () => void): void {
    if (RETRYABLE.has(error.code)) {
      // A retry belongs to its connection: the next one joins (and syncs) again by itself, and a retry of the old one
      // firing after it (the waits reach 10 s) would send the same join twice.
      const connection = this.hub.connection;
      this.hub.later(
        () => {
          if (this.hub.connection === connection) again();
        },
        retryWait(error) ?? this.backoff.next(),
      );
      return;
    }
    // Any other code (FORBIDDEN, NOT_FOUND, VALIDATION…): nothing to retry on this connection (the next one asks
    // again). The room keeps what it holds; the application learns why (`refusal()`, `ready()` rejected, `onChange`).
    this.refusalValue = error;
    this.settle((waiter) => waiter.reject(new RoomRefusedError(this.key, error)));
    this.changed();
  }
}
