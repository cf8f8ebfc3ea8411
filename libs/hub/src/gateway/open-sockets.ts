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
  private readonly open = new Map<string, Set<HubSocket>>();
  private readonly max: number;

  constructor(@Inject(HUB_OPTIONS) options: ResolvedHubOptions) {
    this.max = options.maxSocketsPerPerson;
  }

  /**
   * Counts a socket whose handshake passed against its person's bound, until it disconnects or its connection
   * closes; over the bound, RATE_LIMITED (nothing counted) with a `retryAfterMs`. Synchronous, the last step of the
   * handshake: handshakes verified together are checked and counted one at a time, none can pass the bound.
   */
  hold(socket: HubSocket, principal: Principal, random: () => number = Math.random): void {
    // Closed while its token was verified: socket.io drops it without a disconnect that would count it out.
    if (socket.conn.readyState !== 'open') return;
    const key = principal.sub;
    const sockets = this.open.get(key) ?? new Set<HubSocket>();
    if (sockets.size >= this.max) {
      const wait = Math.round(RETRY_AFTER_MS.min + random() * (RETRY_AFTER_MS.max - RETRY_AFTER_MS.min));
      throw new AppError(
        'RATE_LIMITED',
        `too many connections open at once: at most ${this.max} per person on this hub node (${principal.role} ${principal.sub}); ` +
          `close one, or retry in ${Math.ceil(wait / 1000)} s`,
        { retryAfterMs: wait },
      );
    }
    sockets.add(socket);
    this.open.set(key, sockets);
    // Once, whichever comes first: the socket's disconnect, or its connection's close (a socket socket.io dropped
    // before connecting it, or a later middleware refused, never disconnects).
    const release = (): void => {
      socket.off('disconnect', release);
      socket.conn.off('close', release);
      sockets.delete(socket);
      if (sockets.size === 0 && this.open.get(key) === sockets) this.open.delete(key);
    };
    socket.on('disconnect', release);
    socket.conn.on('close', release);
  }

  /** The sockets a person holds open on this node. */
  of(sub: string): ReadonlySet<HubSocket> {
    return this.open.get(sub) ?? NONE;
  }

  /** People holding at least one socket open on this node. */
  get people(): number {
    return this.open.size;
  }
}

const NONE: ReadonlySet<HubSocket> = new Set();
