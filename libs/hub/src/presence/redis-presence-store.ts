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

/** Adds a socket; returns 1 when it is the person's first socket in the room. */
const ADD = `
local prefix = ARGV[1] .. "\\n"
local existed = 0
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, #prefix) == prefix then existed = 1 break end
end
redis.call('HSET', KEYS[1], prefix .. ARGV[2], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
return 1 - existed`;

/** Removes a socket; returns 1 when it was the person's last socket in the room, 0 otherwise (or unknown). */
const REMOVE = `
local prefix = ARGV[1] .. "\\n"
if redis.call('HDEL', KEYS[1], prefix .. ARGV[2]) == 0 then return 0 end
for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(field, 1, #prefix) == prefix then return 0 end
end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[3]) end
return 1`;

interface Held {
  readonly room: RoomKey;
  readonly sub: string;
  readonly socketId: string;
}

/**
 * Presence shared by every hub node through Redis (one instance, not a
 * cluster): per room, a hash `sub\\nsocketId → nodeId`, updated by Lua scripts
 * so that "first socket" and "last socket" stay right when two nodes race.
 * Each node renews a heartbeat key; the people of a node whose heartbeat
 * expired are hidden at once and swept (with `presence:diff` leaves) by the
 * next sweep of any live node: gone within `nodeTtlMs` + the sweep interval.
 * After a Redis restart, each node writes its own sockets back.
 */
export class RedisPresenceStore implements PresenceStore {
  readonly nodeId: string;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly redis: Redis;
  private readonly held = new Map<string, Held>();
  private readonly heartbeat: NodeJS.Timeout;
  /** Redis failed (its connection or a heartbeat); the next heartbeat that succeeds ends the outage. */
  private readonly outage: Outage;
  private closed = false;
  /** The writing back of this node's sockets after Redis came back, while it runs (see `present`). */
  private restoring: Promise<void> | undefined;
  /** How many times this node's sockets were written back. */
  private restores = 0;

  constructor(options: RedisPresenceStoreOptions) {
    this.nodeId = options.nodeId ?? randomUUID();
    this.prefix = options.prefix ?? 'catalyse:presence';
    this.ttlMs = options.nodeTtlMs ?? 15_000;
    this.outage = new Outage(
      { down: (reason) => `redis presence: Redis unreachable (${reason}), retrying`, back: 'redis presence: Redis reachable again' },
      options.log,
    );
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(times * 100, 2000) });
    this.redis.defineCommand('presenceAdd', { numberOfKeys: 2, lua: ADD });
    this.redis.defineCommand('presenceRemove', { numberOfKeys: 2, lua: REMOVE });
    this.redis.on('error', (error: Error) => this.failed(error));
    let connectedOnce = false;
    this.redis.on('ready', () => {
      void this.beat();
      if (connectedOnce) this.startRestore(); // Redis came back (maybe empty): write our sockets back
      connectedOnce = true;
    });
    this.heartbeat = setInterval(() => void this.beat(), Math.max(50, Math.floor(this.ttlMs / 3)));
    this.heartbeat.unref();
  }

  async add(room: RoomKey, sub: string, socketId: string): Promise<{ first: boolean; present: readonly string[] }> {
    this.held.set(heldKey(room, sub, socketId), { room, sub, socketId });
    const first = await this.command('presenceAdd', [this.roomKey(room), this.roomsKey, sub, socketId, this.nodeId, room]);
    return { first: first === 1, present: await this.present(room) };
  }

  async remove(room: RoomKey, sub: string, socketId: string): Promise<{ last: boolean }> {
    this.held.delete(heldKey(room, sub, socketId));
    const last = await this.command('presenceRemove', [this.roomKey(room), this.roomsKey, sub, socketId, room]);
    return { last: last === 1 };
  }

  /**
   * People with at least one socket on a live node. Not read while this node writes its sockets back after Redis came
   * back (empty, maybe): a read made meanwhile is made again after it, or a diff would tell the room that this node's
   * people left.
   */
  async present(room: RoomKey): Promise<readonly string[]> {
    for (;;) {
      await this.restoring;
      const restores = this.restores;
      const people = await this.readPresent(room);
      if (this.restores === restores && this.restoring === undefined) return people;
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
        if ((await this.command('presenceRemove', [this.roomKey(room), this.roomsKey, sub, field.slice(cut + 1), room])) === 1) left.push(sub);
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
  }

  /** The connection's errors and the heartbeats failing meanwhile are one outage. */
  private failed(error: unknown): void {
    if (!this.closed) this.outage.failed(error);
  }

  private startRestore(): void {
    this.restores++;
    const restoring: Promise<void> = this.restore().finally(() => {
      if (this.restoring === restoring) this.restoring = undefined;
    });
    this.restoring = restoring;
  }

  private async restore(): Promise<void> {
    try {
      for (const { room, sub, socketId } of this.held.values()) {
        await this.command('presenceAdd', [this.roomKey(room), this.roomsKey, sub, socketId, this.nodeId, room]);
      }
    } catch (error) {
      this.failed(error);
    }
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
