import { Inject, Injectable } from '@nestjs/common';
import { AppError, type Principal } from '@catalyse/protocol';
import { HUB_OPTIONS, type ResolvedHubOptions } from '../hub.options';
import type { HubSocket } from './hub-socket';

/** Refused sockets ask again after a wait drawn in this range: the tabs refused together do not come back together. */
const RETRY_AFTER_MS = { min: 15_000, max: 30_000 } as const;

/**
 * The sockets each person holds open at once on this node (`maxSocketsPerPerson`), in its memory: the budget of
 * connections per minute bounds how often a person connects, not how many connections they keep. A socket that
 * stopped reading holds up to `maxBufferedBytes` until its heartbeat drops it (~45–60 s), so one token connecting
 * again and again kept a hundred such sockets alive on a node: a gigabyte, over the pod's memory. Counted per node:
 * each node's memory is what the bound protects, and a count shared through Redis would outlive a node that died.
 * `SlowReaders` reads a person's sockets here to bound what waits for all of them (`maxBufferedBytesPerPerson`).
 */
@Injectable()
export class OpenSockets {
  /**
   * Per person, their sockets on this node: the socket itself when it is their only one (most people: no collection
   * to keep per socket, a bench of 5,000 people measured its heap per socket), an array beyond.
   */
  private readonly open = new Map<string, HubSocket | HubSocket[]>();
  /** Sockets counted whose handshake passed but which socket.io has not connected yet: released if their connection closes first. */
  private readonly connecting = new WeakMap<HubSocket, () => void>();
  private readonly max: number;

  constructor(@Inject(HUB_OPTIONS) options: ResolvedHubOptions) {
    this.max = options.maxSocketsPerPerson;
  }

  /**
   * Counts a socket whose handshake passed against its person's bound, until it disconnects (`release`, from the
   * gateway's disconnect) or its connection closes before socket.io connected it; over the bound, RATE_LIMITED
   * (nothing counted) with a `retryAfterMs`. Synchronous, the last step of the handshake: handshakes verified together
   * are checked and counted one at a time, none can pass the bound.
   */
  hold(socket: HubSocket, principal: Principal, random: () => number = Math.random): void {
    // Closed while its token was verified: socket.io drops it without a disconnect that would count it out.
    if (socket.conn.readyState !== 'open') return;
    const key = principal.sub;
    const held = this.open.get(key);
    const count = held === undefined ? 0 : Array.isArray(held) ? held.length : 1;
    if (count >= this.max) {
      const wait = Math.round(RETRY_AFTER_MS.min + random() * (RETRY_AFTER_MS.max - RETRY_AFTER_MS.min));
      throw new AppError(
        'RATE_LIMITED',
        `too many connections open at once: at most ${this.max} per person on this hub node (${principal.role} ${principal.sub}); ` +
          `close one, or retry in ${Math.ceil(wait / 1000)} s`,
        { retryAfterMs: wait },
      );
    }
    this.open.set(key, held === undefined ? socket : Array.isArray(held) ? [...held, socket] : [held, socket]);
    // Between the handshake and the connection, socket.io may drop a socket whose connection closed (no disconnect
    // follows): released then. Once connected (`connected`), the gateway's disconnect releases it.
    const dropped = (): void => this.release(socket);
    this.connecting.set(socket, dropped);
    socket.conn.once('close', dropped);
  }

  /** socket.io connected the socket: its disconnect releases it from now on (`release`). */
  connected(socket: HubSocket): void {
    const dropped = this.connecting.get(socket);
    if (!dropped) return;
    this.connecting.delete(socket);
    socket.conn.off('close', dropped);
  }

  /** The socket disconnected (or its connection closed before it connected): its place is given back, once. */
  release(socket: HubSocket): void {
    const key = socket.data.principal?.sub;
    if (key === undefined) return;
    const held = this.open.get(key);
    if (held === socket) this.open.delete(key);
    else if (Array.isArray(held) && held.includes(socket)) {
      const rest = held.filter((s) => s !== socket);
      this.open.set(key, rest.length === 1 ? (rest[0] as HubSocket) : rest);
    }
  }

  /** The sockets a person holds open on this node. */
  of(sub: string): readonly HubSocket[] {
    const held = this.open.get(sub);
    return held === undefined ? NONE : Array.isArray(held) ? held : [held];
  }

  /** People holding at least one socket open on this node. */
  get people(): number {
    return this.open.size;
  }
}

const NONE: readonly HubSocket[] = [];
