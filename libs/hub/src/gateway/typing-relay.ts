import type { HubSocket } from './hub-socket';

/**
 * Which typing notices go out: one per socket and room every `everyMs`. A client tells « is typing » a few times a
 * second while a key is held; relayed as sent, one socket's notices into a room of 350 people were 350 emits each
 * (up to its 100 requests a second: 35,000 emits a second from one keyboard). Those within the window are answered
 * as any (`{room}`) and not relayed: the others already see the person typing. Kept only for sockets that type.
 */
export class TypingRelay {
  private readonly last = new WeakMap<HubSocket, Map<string, number>>();

  constructor(private readonly everyMs: number) {}

  /** Whether this notice goes out (and, if so, the window starts again). */
  relays(socket: HubSocket, room: string, now = performance.now()): boolean {
    let rooms = this.last.get(socket);
    const last = rooms?.get(room);
    if (last !== undefined && now - last < this.everyMs) return false;
    if (!rooms) {
      rooms = new Map();
      this.last.set(socket, rooms);
    }
    rooms.set(room, now);
    return true;
  }
}
