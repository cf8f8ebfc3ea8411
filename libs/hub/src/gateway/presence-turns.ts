import type { HubSocket } from './hub-socket';

/** A request's place in its socket's presence operations of one room (`PresenceTurns.take`). */
export interface PresenceTurn {
  /** Resolves once the operations of the requests before this one are over. */
  readonly ready: Promise<void>;
  /** Ends this request's operations (idempotent; the next request's `ready` also waits for the previous ones). */
  done(): void;
}

/**
 * Per socket and room, the presence operations of its requests (a join's `enter` and `announce`, a leave's removal,
 * a settle's removal), run in the order the requests came: each waits for those of the requests before it. Without
 * it, a leave's removal (which runs once the room's fan-out has unsubscribed the socket) could land after the
 * `enter` of a join sent after it, and the socket stayed in the room, absent from its presence. The last request wins.
 * A turn is taken synchronously when the request is numbered; a socket with nothing in flight holds nothing.
 */
export class PresenceTurns {
  private readonly tails = new WeakMap<HubSocket, Map<string, { tail: Promise<void>; open: number }>>();

  take(socket: HubSocket, room: string): PresenceTurn {
    let rooms = this.tails.get(socket);
    if (!rooms) this.tails.set(socket, (rooms = new Map()));
    let chain = rooms.get(room);
    if (!chain) rooms.set(room, (chain = { tail: Promise.resolve(), open: 0 }));
    const ready = chain.tail;
    let release!: () => void;
    const own = new Promise<void>((resolve) => (release = resolve));
    // Ends once this one and every one before it ended, whatever order they are released in.
    chain.tail = ready.then(() => own);
    chain.open++;
    const entry = chain;
    let ended = false;
    return {
      ready,
      done: () => {
        if (ended) return;
        ended = true;
        release();
        entry.open--;
        if (entry.open === 0 && rooms.get(room) === entry) {
          rooms.delete(room);
          if (rooms.size === 0) this.tails.delete(socket);
        }
      },
    };
  }
}
