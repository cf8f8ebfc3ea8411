import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Outage, type OutageLog } from '@catalyse/outage';
import type { RoomKey } from '@catalyse/protocol';
import type { PresenceDeparture, PresenceStore } from './presence-store';

export interface RedisPresenceStoreOptions {
  /** `redis://…` (REDIS_URL). */
  readonly url: string;
  /** Key namespace (default `catalyse:presence`). */
  readonly prefix?: string;
  /** This node's id (default: a new UUID per process). */
  readonly nodeId?: string;
  /**
   * A node that stops renewing its heartbeat for this long is dead: its sockets
   * are hidden at once and swept by the next `sweep` (default 15 s).
   */
  readonly nodeTtlMs?: number;
  /** Where Redis stopping to answer is said, and its return: once each per outage, not at each failed heartbeat. Default: stderr. */
  readonly log?: OutageLog;
}

/*
 * A room is two hashes: its sockets (`sub\nsocketId → nodeId`, KEYS[1]) and its people (`sub → how many of their
 * sockets`, KEYS[3]), so that a person's first and last socket are told without reading the room: a join or a leave
 * costs the same in a room of 5,000 as in a room of 2. A count moves only with a socket field actually written or
 * removed (a socket added again, or a removal of a socket not there, changes nothing), and never goes below zero:
 * sockets written before the counts existed (by a hub of an older version) are counted nowhere, and their removal
 * lowers the person's count no further than zero. So a count is never above the person's sockets: at worst a `first`
 * or `last` too many (the room is then told what the store holds of the person: a diff more, saying the truth),
 * never one missed.
 */

/** Adds a socket; returns 1 when it is the person's first socket in the room. */
const ADD = `
redis.call('SADD', KEYS[2], ARGV[4])
if redis.call('HSET', KEYS[1], ARGV[1] .. "\\n" .. ARGV[2], ARGV[3]) == 0 then return 0 end
if redis.call('HINCRBY', KEYS[3], ARGV[1], 1) == 1 then return 1 end
return 0`;

/** Removes a socket; returns 1 when it was the person's last socket in the room, 0 otherwise (or unknown). */
const REMOVE = `
if redis.call('HDEL', KEYS[1], ARGV[1] .. "\\n" .. ARGV[2]) == 0 then return 0 end
if redis.call('HLEN', KEYS[1]) == 0 then
  -- The room emptied: it and its counts are forgotten, whatever a count too high said (an older hub's sweep).
  redis.call('SREM', KEYS[2], ARGV[3])
  redis.call('DEL', KEYS[3])
  return 1
end
local left = 0
if redis.call('HEXISTS', KEYS[3], ARGV[1]) == 1 then left = redis.call('HINCRBY', KEYS[3], ARGV[1], -1) end
if left > 0 then return 0 end
redis.call('HDEL', KEYS[3], ARGV[1])
return 1`;

/**
 * Writes sockets of this node back (after a Redis restart): `HSET` of each field, no scan of the room (the person's
 * first socket or not does not matter here: the rooms are told what the store holds afterwards). ARGV: room, node,
 * then each socket as two arguments, its person and its id.
 */
const WRITE_BACK = `
for i = 3, #ARGV, 2 do
  if redis.call('HSET', KEYS[1], ARGV[i] .. "\\n" .. ARGV[i + 1], ARGV[2]) == 1 then redis.call('HINCRBY', KEYS[3], ARGV[i], 1) end
end
redis.call('SADD', KEYS[2], ARGV[1])
return 1`;

/** Removes sockets whose removal failed (replayed once Redis answers); forgets the room once it is empty. ARGV as `WRITE_BACK`'s, without the node. */
const REMOVE_MANY = `
for i = 2, #ARGV, 2 do
  if redis.call('HDEL', KEYS[1], ARGV[i] .. "\\n" .. ARGV[i + 1]) == 1 and redis.call('HEXISTS', KEYS[3], ARGV[i]) == 1 then
    if redis.call('HINCRBY', KEYS[3], ARGV[i], -1) <= 0 then redis.call('HDEL', KEYS[3], ARGV[i]) end
  end
end
if redis.call('HLEN', KEYS[1]) == 0 then
  redis.call('SREM', KEYS[2], ARGV[1])
  redis.call('DEL', KEYS[3])
end
return 1`;

/** Sockets of one room per command of a write-back, and per pipeline (one round trip) at most this many. */
const WRITE_BACK_CHUNK = 500;
const WRITE_BACK_BATCH = 5000;

interface Held {
  readonly room: RoomKey;
  readonly sub: string;
  readonly socketId: string;
}

/** One command of a write-back: sockets of one room to write back (`add`) or to remove (`remove`), by their keys. */
interface WriteBackStep {
  readonly room: RoomKey;
  readonly kind: 'add' | 'remove';
  readonly keys: readonly string[];
}

/**
 * Presence shared by every hub node through Redis (one instance, not a
 * cluster): per room, a hash `sub\\nsocketId → nodeId` and a hash of each person's count of sockets, updated together
 * by Lua scripts so that "first socket" and "last socket" stay right when two nodes race, without reading the room:
 * a join or a leave costs O(1) in Redis. Only a read of who is present (the joiner's state, a diff) reads the room.
 * Each node renews a heartbeat key; the people of a node whose heartbeat
 * expired are hidden at once and swept (with `presence:diff` leaves) by the
 * next sweep of any live node: gone within `nodeTtlMs` + the sweep interval.
 * Each time its connection is ready again, a node replays the removals that failed meanwhile (Redis may have kept
 * them: a network cut) and, after a first connection, writes its own sockets back (Redis may have restarted empty),
 * in pipelines of a few thousand sockets; the listeners of `onRewritten` hear each person so written or removed.
 *
 * From a Redis holding presence written by hubs before the counts (same keys, no `people` hash): those hubs' sockets
 * stay read as present while their nodes live, and are swept once their nodes are gone (a deploy replaces them); a
 * person's sockets so written are counted nowhere, so their join or leave on a new hub may be told once too often,
 * never missed (see the scripts). Hubs of both versions must not run together against one Redis for long: an older
 * hub removing (or sweeping) a counted socket leaves its person's count one too high, and their last leave untold
 * until the diff of another change of theirs; a Redis restart, or the room emptied, starts its counts again.
 */
export class RedisPresenceStore implements PresenceStore {
  readonly nodeId: string;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly redis: Redis;
  /** The sockets this node holds present (written back after a Redis restart). */
  private readonly held = new Map<string, Held>();
  /** Removals that failed, replayed once Redis answers (it may have kept the field: a network cut, not a restart). */
  private readonly pendingRemoves = new Map<string, Held>();
  /** Held sockets whose own write failed while the connection stayed up (a kept re-add): written back after a heartbeat answers. */
  private readonly unwritten = new Set<string>();
  private readonly heartbeat: NodeJS.Timeout;
  /** Redis failed (its connection or a heartbeat); the next heartbeat that succeeds ends the outage. */
  private readonly outage: Outage;
  private closed = false;
  /** Rooms whose write-back (or removals replayed) is under way, each until it is done: `present` waits for its room only. */
  private readonly writingBack = new Map<RoomKey, Promise<void>>();
  /** How many write-backs started. */
  private restores = 0;
  private readonly rewritten: ((room: RoomKey, sub: string) => void)[] = [];

  constructor(options: RedisPresenceStoreOptions) {
    this.nodeId = options.nodeId ?? randomUUID();
    this.prefix = options.prefix ?? 'catalyse:presence';
    this.ttlMs = options.nodeTtlMs ?? 15_000;
    this.outage = new Outage(
      { down: (reason) => `redis presence: Redis unreachable (${reason}), retrying`, back: 'redis presence: Redis reachable again' },
      options.log,
    );
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(times * 100, 2000) });
    this.redis.defineCommand('presenceAdd', { numberOfKeys: 3, lua: ADD });
    this.redis.defineCommand('presenceRemove', { numberOfKeys: 3, lua: REMOVE });
    this.redis.defineCommand('presenceWriteBack', { numberOfKeys: 3, lua: WRITE_BACK });
    this.redis.defineCommand('presenceRemoveMany', { numberOfKeys: 3, lua: REMOVE_MANY });
    this.redis.on('error', (error: Error) => this.failed(error));
    let connectedOnce = false;
    this.redis.on('ready', () => {
      void this.beat();
      // Redis came back (maybe empty): our sockets written back; the removals that failed meanwhile, replayed.
      this.startRestore(connectedOnce);
      connectedOnce = true;
    });
    this.heartbeat = setInterval(() => void this.beat(), Math.max(50, Math.floor(this.ttlMs / 3)));
    this.heartbeat.unref();
  }

  onRewritten(listener: (room: RoomKey, sub: string) => void): void {
    this.rewritten.push(listener);
  }

  /** Adds a socket: one script touching the socket's field and its person's count, whatever the size of the room. */
  async add(room: RoomKey, sub: string, socketId: string): Promise<{ first: boolean }> {
    const key = heldKey(room, sub, socketId);
    this.held.set(key, { room, sub, socketId });
    this.pendingRemoves.delete(key); // written again: a removal replayed later would undo it
    let first: number;
    try {
      first = await this.command('presenceAdd', [this.roomKey(room), this.roomsKey, this.peopleKey(room), sub, socketId, this.nodeId, room]);
    } catch (error) {
      if (this.held.has(key)) this.unwritten.add(key); // kept by the caller (else its remove forgets it)
      throw error;
    }
    this.unwritten.delete(key);
    return { first: first === 1 };
  }

  /**
   * Removes a socket. When Redis fails, the removal is kept and replayed once it answers again: it may have kept the
   * field (a network cut, not a restart), which would stay under this live node and never be swept.
   */
  async remove(room: RoomKey, sub: string, socketId: string): Promise<{ last: boolean }> {
    const key = heldKey(room, sub, socketId);
    this.held.delete(key);
    this.unwritten.delete(key);
    let last: number;
    try {
      last = await this.command('presenceRemove', [this.roomKey(room), this.roomsKey, this.peopleKey(room), sub, socketId, room]);
    } catch (error) {
      if (!this.held.has(key) && !this.closed) this.pendingRemoves.set(key, { room, sub, socketId }); // not added again since
      throw error;
    }
    return { last: last === 1 };
  }

  /**
   * People with at least one socket on a live node. Not read while this node writes the room's sockets back after Redis
   * came back (empty, maybe): a read made meanwhile is made again after it, or a diff would tell the room that this
   * node's people left. Only the room's own write-back is waited for, not the whole node's.
   */
  async present(room: RoomKey): Promise<readonly string[]> {
    for (;;) {
      await this.writingBack.get(room);
      const restores = this.restores;
      const people = await this.readPresent(room);
      if (this.restores === restores && !this.writingBack.has(room)) return people;
    }
  }

  private async readPresent(room: RoomKey): Promise<readonly string[]> {
    const sockets = await this.redis.hgetall(this.roomKey(room));
    const live = await this.liveNodes(Object.values(sockets));
    const people = new Set<string>();
    for (const [field, node] of Object.entries(sockets)) if (live.has(node)) people.add(field.slice(0, field.indexOf('\n')));
    return [...people];
  }

  async sweep(): Promise<readonly PresenceDeparture[]> {
    const departures: PresenceDeparture[] = [];
    for (const room of await this.redis.smembers(this.roomsKey)) {
      const sockets = await this.redis.hgetall(this.roomKey(room));
      const live = await this.liveNodes(Object.values(sockets));
      const left: string[] = [];
      for (const [field, node] of Object.entries(sockets)) {
        if (live.has(node)) continue;
        const cut = field.indexOf('\n');
        const sub = field.slice(0, cut);
        // Whoever removes the field reports the departure: once across the nodes.
        const removed = await this.command('presenceRemove', [this.roomKey(room), this.roomsKey, this.peopleKey(room), sub, field.slice(cut + 1), room]);
        if (removed === 1) left.push(sub);
      }
      if (left.length > 0) departures.push({ room, left });
    }
    return departures;
  }

  /** Leaves gracefully: this node's sockets are removed by their disconnections; the heartbeat goes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    await this.redis.del(this.nodeKey(this.nodeId)).catch(() => undefined);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Stops at once, without any cleanup, as a crash would (tests of node failure). */
  detach(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.redis.disconnect();
  }

  private get roomsKey(): string {
    return `${this.prefix}:rooms`;
  }

  private roomKey(room: RoomKey): string {
    return `${this.prefix}:room:${room}`;
  }

  /** The room's people: `sub → how many of their sockets` (a hash of its own, not in the sockets' one: older hubs read that). */
  private peopleKey(room: RoomKey): string {
    return `${this.prefix}:people:${room}`;
  }

  private nodeKey(node: string): string {
    return `${this.prefix}:node:${node}`;
  }

  private async liveNodes(nodes: readonly string[]): Promise<Set<string>> {
    const distinct = [...new Set(nodes)];
    if (distinct.length === 0) return new Set();
    const beats = await this.redis.mget(...distinct.map((node) => this.nodeKey(node)));
    return new Set(distinct.filter((_, i) => beats[i] !== null));
  }

  private async beat(): Promise<void> {
    if (this.closed) return;
    try {
      await this.redis.set(this.nodeKey(this.nodeId), '1', 'PX', this.ttlMs);
    } catch (error) {
      this.failed(error);
      return;
    }
    this.outage.recovered();
    // Writes may fail while the connection stays up (OOM, READONLY after a failover, MISCONF): no `ready` then to
    // replay what failed. A heartbeat that answers replays it, unless a write-back is under way.
    if ((this.pendingRemoves.size > 0 || this.unwritten.size > 0) && this.writingBack.size === 0) this.startRestore('unwritten');
  }

  /** The connection's errors and the heartbeats failing meanwhile are one outage. */
  private failed(error: unknown): void {
    if (!this.closed) this.outage.failed(error);
  }

  /**
   * Replays the removals that failed and writes this node's sockets back (`writeBack`: all of them, after a reconnection;
   * `'unwritten'`: those whose own write failed, after a heartbeat answers again), room by room: each room is
   * marked as being written back at once (synchronously, before any read can be answered), and unmarked when its own
   * commands are answered.
   */
  private startRestore(writeBack: boolean | 'unwritten'): void {
    if (this.closed) return;
    const plan = new Map<RoomKey, { adds: string[]; removes: string[] }>();
    const of = (room: RoomKey): { adds: string[]; removes: string[] } => {
      let entry = plan.get(room);
      if (!entry) plan.set(room, (entry = { adds: [], removes: [] }));
      return entry;
    };
    for (const [key, { room }] of this.pendingRemoves) of(room).removes.push(key);
    if (writeBack === true) for (const [key, { room }] of this.held) of(room).adds.push(key);
    else if (writeBack === 'unwritten')
      for (const key of this.unwritten) {
        const held = this.held.get(key);
        if (held) of(held.room).adds.push(key);
      }
    if (plan.size === 0) return;
    // The small rooms first: most rooms are read again at once, a room of thousands last.
    const bySize = new Map([...plan].sort(([, a], [, b]) => a.adds.length + a.removes.length - (b.adds.length + b.removes.length)));
    const run = ++this.restores;
    const done = new Map<RoomKey, () => void>();
    for (const room of bySize.keys()) {
      const finished = new Promise<void>((resolve) => done.set(room, resolve));
      const marked = finished.then(() => {
        if (this.writingBack.get(room) === marked) this.writingBack.delete(room);
      });
      this.writingBack.set(room, marked);
    }
    void this.restore(run, bySize, done);
  }

  /**
   * Sends the plan in pipelines of at most `WRITE_BACK_BATCH` sockets, commands of `WRITE_BACK_CHUNK`. A command that
   * fails leaves its sockets held (or their removal pending) for the next time the connection is ready, and the others
   * go on. Each pipeline is made of what is still to do when it is sent: a socket removed, or added again, since the
   * plan was made is left out, and the commands of `add` and `remove` sent before it keep their order with it. A run
   * stops when another starts (the connection was ready again).
   */
  private async restore(run: number, plan: ReadonlyMap<RoomKey, { adds: string[]; removes: string[] }>, done: ReadonlyMap<RoomKey, () => void>): Promise<void> {
    let batch: WriteBackStep[] = [];
    let finishing: RoomKey[] = [];
    let size = 0;
    const send = async (): Promise<void> => {
      const steps = batch;
      const rooms = finishing;
      batch = [];
      finishing = [];
      size = 0;
      try {
        await this.sendWriteBack(steps);
      } finally {
        for (const room of rooms) done.get(room)?.();
      }
    };
    try {
      for (const [room, { adds, removes }] of plan) {
        for (const [kind, keys] of [
          ['remove', removes],
          ['add', adds],
        ] as const) {
          for (let at = 0; at < keys.length; at += WRITE_BACK_CHUNK) {
            const chunk = keys.slice(at, at + WRITE_BACK_CHUNK);
            batch.push({ room, kind, keys: chunk });
            size += chunk.length;
            if (size >= WRITE_BACK_BATCH) await send();
            if (run !== this.restores || this.closed) return; // the connection was ready again since: a new run does it all
          }
        }
        if (batch.length === 0) done.get(room)?.();
        else finishing.push(room);
      }
      if (batch.length > 0) await send();
    } finally {
      for (const resolve of done.values()) resolve(); // whatever happened, no read waits for ever
    }
  }

  /** One pipeline (one round trip) of write-back steps; the listeners hear each person written back or removed. */
  private async sendWriteBack(steps: readonly WriteBackStep[]): Promise<void> {
    if (this.closed) return;
    const pipeline = this.redis.pipeline() as unknown as Record<string, (...args: (string | number)[]) => unknown> & {
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    const sent: { readonly step: WriteBackStep; readonly items: readonly (readonly [string, Held])[] }[] = [];
    for (const step of steps) {
      const from = step.kind === 'add' ? this.held : this.pendingRemoves;
      const items: (readonly [string, Held])[] = [];
      for (const key of step.keys) {
        const item = from.get(key);
        if (item) items.push([key, item]);
      }
      if (items.length === 0) continue;
      const sockets = items.flatMap(([, { sub, socketId }]) => [sub, socketId]);
      const keys = [this.roomKey(step.room), this.roomsKey, this.peopleKey(step.room)];
      if (step.kind === 'add') pipeline.presenceWriteBack!(...keys, step.room, this.nodeId, ...sockets);
      else pipeline.presenceRemoveMany!(...keys, step.room, ...sockets);
      sent.push({ step, items });
    }
    if (sent.length === 0) return;
    let results: [Error | null, unknown][];
    try {
      results = (await pipeline.exec()) ?? [];
    } catch (error) {
      this.failed(error);
      return;
    }
    sent.forEach(({ step, items }, i) => {
      const [error] = results[i] ?? [new Error('no answer')];
      if (error) {
        this.failed(error); // kept: held, or its removal pending, for the next time the connection is ready
        return;
      }
      const people = new Set<string>();
      for (const [key, item] of items) {
        if (step.kind === 'remove' && this.pendingRemoves.get(key) === item) this.pendingRemoves.delete(key);
        if (step.kind === 'add') this.unwritten.delete(key);
        people.add(item.sub);
      }
      for (const sub of people) for (const listener of this.rewritten) listener(step.room, sub);
    });
  }

  private async command(name: 'presenceAdd' | 'presenceRemove', args: readonly (string | number)[]): Promise<number> {
    const run = (this.redis as unknown as Record<string, (...a: readonly (string | number)[]) => Promise<number>>)[name];
    if (!run) throw new Error(`redis command ${name} is not defined`);
    return run.apply(this.redis, [...args]);
  }
}

function heldKey(room: string, sub: string, socketId: string): string {
  return `${room}\n${sub}\n${socketId}`;
}
