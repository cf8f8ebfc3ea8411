import type { RoomKey } from '@catalyse/protocol';

/**
 * Who is in which room: people (subs), each through one or more sockets. A
 * port, so that presence can move to Redis when hubs scale out; this node's
 * memory is the default (`InMemoryPresenceStore`).
 */
export interface PresenceStore {
  /**
   * Adds a socket of a person to a room. `first` when it is that person's first socket there. Who is present is not
   * answered: a join then costs nothing more in a room of thousands (a store shared by nodes keeps it O(1)), and the hub
   * reads `present` only when it tells the joiner (an added socket answered already needs no state).
   */
  add(room: RoomKey, sub: string, socketId: string): Promise<{ readonly first: boolean }>;
  /** Removes a socket of a person from a room. `last` when that person has no socket left there. */
  remove(room: RoomKey, sub: string, socketId: string): Promise<{ readonly last: boolean }>;
  /** Distinct people present in a room. */
  present(room: RoomKey): Promise<readonly string[]>;
  /**
   * Stores shared by several hub nodes: removes the sockets of nodes that died
   * without saying goodbye and returns, once across all nodes, the people who
   * thereby left a room. The hub calls it every few seconds and tells the rooms.
   */
  sweep?(): Promise<readonly PresenceDeparture[]>;
  /**
   * Stores whose content changes without a call of this node (a Redis store writing the node's sockets back after a
   * restart, or replaying the removals that failed during an outage): `listener` hears each person so written or
   * removed in a room, and the hub tells the room what the store holds of them with its next diff.
   */
  onRewritten?(listener: (room: RoomKey, sub: string) => void): void;
  close?(): Promise<void>;
}

export interface PresenceDeparture {
  readonly room: RoomKey;
  readonly left: readonly string[];
}

/**
 * Presence in this node's memory: room → person → sockets (the socket id itself for a person's only socket,
 * as most people have: no set per person and room, the bulk of presence's memory in rooms of thousands).
 */
export class InMemoryPresenceStore implements PresenceStore {
  private readonly rooms = new Map<RoomKey, Map<string, string | Set<string>>>();

  async add(room: RoomKey, sub: string, socketId: string): Promise<{ first: boolean }> {
    let people = this.rooms.get(room);
    if (!people) {
      people = new Map();
      this.rooms.set(room, people);
    }
    const sockets = people.get(sub);
    if (sockets === undefined) people.set(sub, socketId);
    else if (typeof sockets !== 'string') sockets.add(socketId);
    else if (sockets !== socketId) people.set(sub, new Set([sockets, socketId]));
    return { first: sockets === undefined };
  }

  async remove(room: RoomKey, sub: string, socketId: string): Promise<{ last: boolean }> {
    const people = this.rooms.get(room);
    const sockets = people?.get(sub);
    if (!people || sockets === undefined) return { last: false };
    if (typeof sockets === 'string') {
      if (sockets !== socketId) return { last: false };
    } else {
      if (!sockets.delete(socketId)) return { last: false };
      const [only, ...more] = sockets;
      if (only !== undefined) {
        if (more.length === 0) people.set(sub, only);
        return { last: false };
      }
    }
    people.delete(sub);
    if (people.size === 0) this.rooms.delete(room);
    return { last: true };
  }

  async present(room: RoomKey): Promise<readonly string[]> {
    return [...(this.rooms.get(room)?.keys() ?? [])];
  }
}
