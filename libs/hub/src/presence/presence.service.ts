import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Outage, reasonOf } from '@catalyse/outage';
import { AppError, HUB_EVENTS, type PresenceDiff, type RoomKey } from '@catalyse/protocol';
import type { HubServer, HubSocket } from '../gateway/hub-socket';
import { HUB_OPTIONS, PRESENCE_STORE, type ResolvedHubOptions } from '../hub.options';
import type { PresenceStore } from './presence-store';

/** A room's presence diffs wait one more `presenceDiffMs` for each this many of its sockets on the node. */
const SOCKETS_PER_DIFF_WINDOW = 250;

/** An outage of the presence store ends at the first call it answers once none failed for this long. */
export const PRESENCE_OUTAGE_QUIET_MS = 10_000;

/** At most one summary line per this long while the presence store keeps failing. */
export const PRESENCE_OUTAGE_SUMMARY_MS = 30_000;

/**
 * Presence of people in rooms: the joiner gets `presence:state`; the room gets `presence:diff` when a person's
 * first socket arrives or last socket goes, so several devices of one person count once. The changes of a room
 * within `presenceDiffMs` (longer in large rooms) go out together (ADR 0019): a socket that applies its state, then
 * the diffs, knows who is there (a joiner may hear of its own arrival).
 *
 * A diff says what the store holds when it is sent, not the order in which the changes were noticed: the people
 * who changed since the last diff are looked up in the store then (a join answered after a leave sent with it, a
 * storm of joins and leaves of one socket, cannot leave the room told "joined" of someone gone). A person back
 * where the room was last told (a join and its leave within one window) is not told, unless a joiner's state of
 * that window said otherwise (or the store is shared by nodes, whose joiners' states are not known here). Diffs of
 * a room go out one at a time, in order; a joiner whose state was read before a diff it missed (it was not in the
 * room yet) gets its state read again, in that order.
 *
 * When the store fails (Redis down), a join fails `UNAVAILABLE` (the client joins again, backing off) and leaves nothing
 * behind, in this node's bookkeeping or in the store. Every diff window of every room with a change to tell then fails
 * and is tried again with the next one: a line each was hundreds of lines a second on a busy node. The failures are
 * told as an `Outage` (`@catalyse/outage`): the first of each kind (adding, removing, reading, telling, sweeping) as it
 * comes, a summary at most every 30 s with how many failed since, and one line when the store answers again, with the
 * count of the whole outage. It ends at an answer once no call failed for 10 s, not at the first: in a partial outage
 * (reads answered, writes refused) each failure would start a new outage with its first lines again.
 */
@Injectable()
export class PresenceService implements OnModuleDestroy {
  /** socket id → its person and the rooms it is present in: what to undo when it leaves or goes away. */
  private readonly bySocket = new Map<string, { readonly sub: string; readonly rooms: RoomKey[] }>();
  private readonly logger = new Logger('Presence');
  /** The store's failures, logged a bounded number of times per outage. */
  private readonly outage = new Outage(
    {
      down: (reason, { failures, since }) => (failures === 1 ? reason : `${reason} (${failures} presence failures since ${new Date(since).toISOString()})`),
      more: (reason, { untold, lastLineAt, now }) =>
        `${untold} more presence failures in the last ${Math.round((now - lastLineAt) / 1000)} s; the latest: ${reason}`,
      back: ({ failures, untold, since, now }) =>
        `the presence store answers again: ${failures} presence failure(s) in ${Math.round((now - since) / 1000)} s, ${untold} of them not logged`,
    },
    this.logger,
    { quietMs: PRESENCE_OUTAGE_QUIET_MS, summaryMs: PRESENCE_OUTAGE_SUMMARY_MS },
  );
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping = false;
  private closed = false;
  private io: HubServer | undefined;
  /** Per room with something to tell (a window open, diffs or states on their way, joins not announced yet). */
  private readonly rooms = new Map<RoomKey, RoomPresence>();
  /** The result of each `enter` → its join, until announced. */
  private readonly entrants = new WeakMap<object, Entrant>();

  constructor(
    @Inject(PRESENCE_STORE) private readonly store: PresenceStore,
    @Inject(HUB_OPTIONS) private readonly options: ResolvedHubOptions,
  ) {
    // People the store wrote back or removed on its own (a Redis store once Redis answers again): the room is told what
    // it holds of them. With several nodes, another may have told the room they left before this one wrote them back.
    store.onRewritten?.((room, sub) => this.changed(room, sub, undefined));
  }

  /**
   * With a store shared by several nodes: every `sweepIntervalMs`, the people
   * whose sockets were all on a node that died leave their rooms, and the rooms
   * are told (a broadcast that reaches every node through the cluster adapter).
   */
  attach(io: HubServer, sweepIntervalMs: number): void {
    this.io = io;
    const store = this.store;
    if (!store.sweep || this.sweeper) return;
    this.sweeper = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = true;
      store.sweep!()
        .then((departures) => {
          this.outage.recovered();
          for (const { room, left } of departures) for (const sub of left) this.changed(room, sub, true);
        })
        .catch((error: unknown) => this.failed('sweeping', 'presence sweep', error))
        .finally(() => (this.sweeping = false));
    }, sweepIntervalMs);
    this.sweeper.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const { window } of this.rooms.values()) if (window) clearTimeout(window.timer);
    this.rooms.clear();
    await this.store.close?.();
  }

  /**
   * Records a socket in a room (before it is announced); returns who is present. When the store fails, nothing is
   * recorded and the join fails `UNAVAILABLE`: the client joins again.
   */
  async enter(socket: HubSocket, room: RoomKey, sub: string): Promise<Entered> {
    let result: { first: boolean; present: readonly string[] | undefined };
    try {
      result = await this.add(socket.id, room, sub, { state: true });
    } catch (error) {
      this.failed('adding', `adding ${sub} to ${room}`, error);
      throw new AppError('UNAVAILABLE', `presence is unavailable for a moment: join ${room} again`);
    }
    const present = result.present ?? [];
    if (!socket.connected) {
      // It went away while we were adding it: undo (a room told of the arrival is told of the departure).
      await this.forget(socket.id, room);
      return { present };
    }
    const entered: Entered = { present };
    const entrant: Entrant = { socketId: socket.id, stale: false };
    this.room(room).entrants.add(entrant);
    this.entrants.set(entered, entrant);
    return entered;
  }

  /**
   * Tells the joiner, now in the socket.io room, who is there. Its state is the one read by `enter`, unless a diff
   * went out since (it missed it) or a leave of the room came in between (the socket is back in the room now, as
   * presence): then it is read again.
   */
  announce(socket: HubSocket, room: RoomKey, sub: string, entered: Entered): void {
    const entrant = this.entrants.get(entered);
    this.entrants.delete(entered);
    const presence = this.rooms.get(room);
    if (entrant && presence?.entrants.delete(entrant) && !entrant.stale) {
      socket.emit(HUB_EVENTS.presenceState, { room, present: entered.present });
      this.release(room);
      return;
    }
    // A leave took the socket out of presence after its `enter`: the join it answers brought it back (unless the
    // socket went away: its disconnection forgot it already).
    // If the store fails then, the socket stays present (it is in the socket.io room, its join was answered): held by
    // the store, written back once Redis answers.
    if (socket.connected && !this.isIn(socket.id, room))
      void this.add(socket.id, room, sub, { keep: true }).catch((error: unknown) => this.failed('adding', `adding ${sub} to ${room}`, error));
    this.serially(room, async () => {
      if (this.closed) return;
      const present = await this.store.present(room);
      this.outage.recovered();
      if (this.closed || !this.isIn(socket.id, room)) return; // it left meanwhile: nothing more of the room for it
      socket.emit(HUB_EVENTS.presenceState, { room, present });
      noteState(this.rooms.get(room)?.window, socket.id, present);
    });
  }

  /** Undoes `enter` of a join that failed. */
  async abandon(socket: HubSocket, room: RoomKey): Promise<void> {
    await this.forget(socket.id, room);
  }

  /** The socket left the room. */
  async leave(socket: HubSocket, room: RoomKey): Promise<void> {
    await this.forget(socket.id, room);
  }

  /** The socket went away: it leaves every room it was present in. */
  async disconnected(socketId: string): Promise<void> {
    const entered = this.bySocket.get(socketId);
    if (!entered) return;
    await Promise.all([...entered.rooms].map((room) => this.forget(socketId, room)));
  }

  /**
   * Adds a socket to a room: bookkeeping and the store's write start at once, so they keep the order of the calls.
   * When the store fails, the bookkeeping this call wrote is undone (the socket is not present: its disconnection has
   * nothing to remove) and so is the store's, as far as it goes: a Redis store forgets the socket it would have written
   * back once Redis returns, and removes it once Redis answers if the write was made though its answer was lost. With
   * `keep` (a join already answered), nothing is undone: the socket stays present here, the store writes it back once
   * Redis answers, and the room is told what the store then holds of the person. With `state` (a join to answer), who
   * is present is read after the write, and the join fails as a write would if that read fails; without it, the add
   * costs the store one write, whatever the size of the room.
   */
  private async add(
    socketId: string,
    room: RoomKey,
    sub: string,
    { keep = false, state = false }: { keep?: boolean; state?: boolean } = {},
  ): Promise<{ first: boolean; present: readonly string[] | undefined }> {
    const entered = this.bySocket.get(socketId);
    let added = true;
    if (!entered) this.bySocket.set(socketId, { sub, rooms: [room] });
    else if (!entered.rooms.includes(room)) entered.rooms.push(room);
    else added = false; // already there (a join again): not this call's to undo
    let first: boolean;
    let present: readonly string[] | undefined;
    try {
      ({ first } = await this.store.add(room, sub, socketId));
      if (state) present = await this.store.present(room);
    } catch (error) {
      if (keep) {
        this.changed(room, sub, undefined);
        throw error;
      }
      if (added) this.unrecord(socketId, room);
      // Not known here whether the write was made: undone in the store too (nothing to undo is no failure).
      if (added) void this.store.remove(room, sub, socketId).catch((failure: unknown) => this.failed('removing', `removing ${sub} from ${room}`, failure));
      throw error;
    }
    this.outage.recovered();
    if (first) this.changed(room, sub, false);
    // A state read while the room has changes to tell: a diff that leaves out a change must not contradict it.
    if (present) noteState(this.rooms.get(room)?.window, socketId, present);
    return { first, present };
  }

  /** Takes a room out of a socket's bookkeeping; returns its person, undefined when it was not there. */
  private unrecord(socketId: string, room: RoomKey): string | undefined {
    const entered = this.bySocket.get(socketId);
    const at = entered?.rooms.indexOf(room) ?? -1;
    if (!entered || at < 0) return undefined;
    entered.rooms.splice(at, 1);
    if (entered.rooms.length === 0) this.bySocket.delete(socketId);
    return entered.sub;
  }

  /** Removes a socket from a room (its joins not announced yet will read their state again). */
  private async forget(socketId: string, room: RoomKey): Promise<void> {
    const sub = this.unrecord(socketId, room);
    if (sub === undefined) return;
    const presence = this.rooms.get(room);
    if (presence) {
      for (const entrant of presence.entrants) if (entrant.socketId === socketId) presence.entrants.delete(entrant);
      this.release(room);
    }
    try {
      const { last } = await this.store.remove(room, sub, socketId);
      this.outage.recovered();
      if (last) this.changed(room, sub, true);
    } catch (error) {
      this.failed('removing', `removing ${sub} from ${room}`, error);
      // Whether they are still there is not known: the room is told what the store holds once it answers (after a
      // Redis restart, without them).
      this.changed(room, sub, undefined);
    }
  }

  /** A call to the store failed: `kind` groups the calls (`adding`), `what` names this one (`adding bob to room:x`). */
  private failed(kind: string, what: string, error: unknown): void {
    this.outage.failed(`${what} failed: ${reasonOf(error)}`, undefined, kind);
  }

  private isIn(socketId: string, room: RoomKey): boolean {
    return this.bySocket.get(socketId)?.rooms.includes(room) ?? false;
  }

  /**
   * A person arrived in or left a room (`was`: present before): the room is told with the next diff,
   * `presenceDiffMs` later for each `SOCKETS_PER_DIFF_WINDOW` sockets of the room on this node (so a room of 5,000
   * is told about once a second, and a wave of arrivals costs each node a bounded number of writes per second and
   * room). `was` undefined: not known, the person is told whatever happens.
   */
  private changed(room: RoomKey, sub: string, was: boolean | undefined): void {
    if (this.closed) return;
    const presence = this.room(room);
    let window = presence.window;
    if (!window) {
      const sockets = this.io?.sockets.adapter.rooms.get(room)?.size ?? 0;
      const delay = this.options.presenceDiffMs * Math.max(1, Math.ceil(sockets / SOCKETS_PER_DIFF_WINDOW));
      const timer = setTimeout(() => this.serially(room, () => this.flush(room)), delay);
      window = { changes: new Map(), contradictions: new Map(), forced: new Set(), timer };
      presence.window = window;
    }
    // The first change of the window says what the room was told; later ones change nothing of that.
    if (!window.changes.has(sub)) window.changes.set(sub, was);
  }

  /** Runs a room's diffs and states one after the other, in the order they were asked for. */
  private serially(room: RoomKey, step: () => Promise<void>): void {
    const presence = this.room(room);
    presence.queued++;
    presence.queue = presence.queue
      .then(step)
      .catch((error: unknown) => this.failed('telling', `telling ${room}`, error))
      .then(() => {
        presence.queued--;
        this.release(room);
      });
  }

  /** Tells the room the present state of the people who changed in the window, as the store has it now. */
  private async flush(room: RoomKey): Promise<void> {
    const presence = this.rooms.get(room);
    const window = presence?.window;
    if (!presence || !window) return;
    presence.window = undefined;
    let present: ReadonlySet<string>;
    try {
      present = new Set(await this.store.present(room));
      this.outage.recovered();
    } catch (error) {
      this.failed('reading', `reading the presence of ${room}`, error);
      // Told with the next window, whatever it holds of them by then.
      for (const sub of window.changes.keys()) {
        this.changed(room, sub, undefined);
        this.rooms.get(room)?.window?.changes.set(sub, undefined);
      }
      return;
    }
    if (this.closed || !this.io) return;
    const joins: string[] = [];
    const leaves: string[] = [];
    for (const [sub, was] of window.changes) {
      const now = present.has(sub);
      // With a store shared by nodes, the states read on the others are not known here: each change is told.
      if (now === was && !this.store.sweep && !this.contradicted(room, window, sub)) continue;
      (now ? joins : leaves).push(sub);
    }
    // What the room holds now is what this diff says: the next window starts from there.
    const next = this.rooms.get(room)?.window; // changes that came while the store was read
    if (next) {
      for (const sub of window.changes.keys()) {
        if (!next.changes.has(sub)) continue;
        next.changes.set(sub, present.has(sub));
        // States noted in the next window were compared with what the room was told before this diff: tell the
        // person again whatever they say (a diff restates the store's presence: telling more is harmless).
        next.forced.add(sub);
      }
    }
    if (joins.length === 0 && leaves.length === 0) return;
    for (const entrant of presence.entrants) entrant.stale = true; // not in the room yet: they miss this diff
    const diff: PresenceDiff = { room, joins, leaves };
    // Through the adapter: with Redis, the room's sockets on every node.
    this.io.to(room).emit(HUB_EVENTS.presenceDiff, diff);
  }

  /** A state read in the window, by a socket still in the room, that said otherwise of the person than the room was told. */
  private contradicted(room: RoomKey, window: Window, sub: string): boolean {
    if (window.forced.has(sub)) return true;
    for (const socketId of window.contradictions.get(sub) ?? []) if (this.isIn(socketId, room)) return true;
    return false;
  }

  private room(room: RoomKey): RoomPresence {
    let presence = this.rooms.get(room);
    if (!presence) {
      presence = { window: undefined, entrants: new Set(), queue: Promise.resolve(), queued: 0 };
      this.rooms.set(room, presence);
    }
    return presence;
  }

  /** Forgets a room with nothing left to tell. */
  private release(room: RoomKey): void {
    const presence = this.rooms.get(room);
    if (presence && !presence.window && presence.queued === 0 && presence.entrants.size === 0) this.rooms.delete(room);
  }
}

/** A room's changes not told yet: person → whether the room was told they were present (undefined: not known). */
interface Window {
  readonly changes: Map<string, boolean | undefined>;
  /**
   * Person → the sockets a state read in the window told otherwise of them than the room was told (`noteState`): a
   * diff must not leave such a person out. Only this is kept of a state, not the state (a wave of N joiners would
   * keep N lists of N and compare them all at the flush).
   */
  readonly contradictions: Map<string, Set<string>>;
  /** People told whatever the states said (their `changes` entry was corrected by the diff before this window's). */
  readonly forced: Set<string>;
  readonly timer: NodeJS.Timeout;
}

/** A join between its `enter` and its `announce`; stale once a diff went out meanwhile. */
interface Entrant {
  readonly socketId: string;
  stale: boolean;
}

interface RoomPresence {
  window: Window | undefined;
  readonly entrants: Set<Entrant>;
  queue: Promise<void>;
  queued: number;
}

/**
 * Notes what a state read in the window (a joiner's `presence:state`) says of the people who changed in it: those it
 * lists though the room was last told they were gone, and those it leaves out though the room was told they were
 * there. One pass over the state and one over the window's changes (a state read before a person changed agrees
 * with what the room was told of them, so only the changes known now matter).
 */
function noteState(window: Window | undefined, socketId: string, present: readonly string[]): void {
  if (!window || window.changes.size === 0) return;
  const expected = new Set<string>();
  for (const [sub, was] of window.changes) if (was === true) expected.add(sub);
  const contradict = (sub: string): void => {
    let sockets = window.contradictions.get(sub);
    if (!sockets) window.contradictions.set(sub, (sockets = new Set()));
    sockets.add(socketId);
  };
  for (const sub of present) {
    const was = window.changes.get(sub);
    if (was === false) contradict(sub);
    else if (was === true) expected.delete(sub);
  }
  for (const sub of expected) contradict(sub);
}

/** What `enter` answers a joiner (its presence state), handed back to `announce`. */
export interface Entered {
  readonly present: readonly string[];
}
