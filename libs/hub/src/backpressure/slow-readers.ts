import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { HubMetrics } from '@catalyse/metrics';
import { AppError } from '@catalyse/protocol';
import type { HubServer, HubSocket } from '../gateway/hub-socket';
import { OpenSockets } from '../gateway/open-sockets';
import { HUB_METRICS, HUB_OPTIONS, type ResolvedHubOptions } from '../hub.options';
import { bufferedBytes, dropConnection, roomInBuffer } from './outgoing-buffer';

/**
 * Disconnects a socket whose outgoing buffer passes `maxBufferedBytes`: a
 * client that stops reading while its rooms go on would otherwise hold every
 * entry, presence change and typing notice in the node's memory until its
 * heartbeat times out. Checked for the sockets of a room after each live
 * delivery to it (the fan-out's pages), and for every socket each
 * `bufferCheckMs`: a healthy socket's buffer is empty, so a check is a few
 * property reads. The client reconnects and rejoins with its `since` (the
 * guarantee of ADR 0004 holds: it misses nothing).
 *
 * Answers are bounded too, not only live deliveries: a `room:sync` page (up to `syncPageSize` entries, 2 MB of long
 * messages) or a join ack is written when it is asked for, and a client that stops reading can ask for as many as
 * its request budget allows (95 syncs: 190 MB held for one socket). `admit` refuses a large answer to a socket that
 * has more than half the limit waiting already, `answerInTurn` writes a socket's syncs one after the other, and each
 * large answer is checked against the limit as soon as it is written. `admit` looks at the person's other sockets of
 * the node too (`maxBufferedBytesPerPerson`): each of their `maxSocketsPerPerson` sockets may hold half the limit.
 */
@Injectable()
export class SlowReaders implements OnModuleDestroy {
  private readonly logger = new Logger('SlowReaders');
  private io: HubServer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private dropped = 0;
  private droppedAt: number | undefined;
  /** Per socket, the tail of its large answers (`answerInTurn`): one is read and written at a time. */
  private readonly answering = new WeakMap<HubSocket, Promise<void>>();
  /** Sockets whose last wait for room (`answerInTurn`) ran out: refused at once while nothing was read. */
  private readonly stalled = new WeakSet<HubSocket>();

  constructor(
    @Inject(HUB_OPTIONS) private readonly options: ResolvedHubOptions,
    @Inject(HUB_METRICS) private readonly metrics: HubMetrics,
    private readonly openSockets: OpenSockets,
  ) {}

  /** Sockets dropped so far by this node (tests, logs). */
  get droppedCount(): number {
    return this.dropped;
  }

  attach(io: HubServer): void {
    this.io = io;
    this.timer = setInterval(() => this.checkAll(), this.options.bufferCheckMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The bytes that waited for the last socket dropped, when it was dropped (tests, logs). */
  get lastDroppedBytes(): number | undefined {
    return this.droppedAt;
  }

  /** Bytes waiting to be sent to a socket of this node (undefined when it is not connected here). */
  bufferedBytesOf(socketId: string): number | undefined {
    const socket = this.io?.of('/').sockets.get(socketId);
    return socket ? bufferedBytes(socket) : undefined;
  }

  /** Checks every socket of the node. */
  checkAll(): void {
    for (const socket of this.io?.of('/').sockets.values() ?? []) this.check(socket);
  }

  /** Drops the socket when more than `maxBufferedBytes` wait for it (`bytes`: measured by the caller, after a delivery). */
  check(socket: HubSocket, bytes = bufferedBytes(socket)): void {
    if (bytes <= this.options.maxBufferedBytes) return;
    this.drop(socket, bytes, `${bytes} bytes wait to be sent, more than ${this.options.maxBufferedBytes}`);
  }

  /**
   * After any ack was written to the socket (an error's, a post's, a leave's as much as a join's or a sync's): each
   * is small, but a client that stops reading and keeps asking (invalid requests, unknown events: each answered)
   * piles them up at the pace its request budget allows. The socket is dropped past `maxBufferedBytes`. A person's
   * sockets of the node together may hold `maxBufferedBytesPerPerson` and the answers in flight (joins and syncs
   * past it are refused: `admit`), at most one socket's limit more: past that, theirs that hold the most are dropped,
   * largest first, until the rest is within `maxBufferedBytesPerPerson` (a tab that reads keeps its connection). A few
   * property reads, none beyond the socket's own while nothing waits for it.
   */
  answered(socket: HubSocket): void {
    const bytes = bufferedBytes(socket);
    if (bytes === 0 || !socket.connected) return;
    if (bytes > this.options.maxBufferedBytes) {
      this.check(socket, bytes);
      return;
    }
    const sub = socket.data.principal?.sub;
    if (sub === undefined) return;
    const bound = this.options.maxBufferedBytesPerPerson;
    const sockets = this.openSockets.of(sub).map((sibling) => ({ sibling, bytes: bufferedBytes(sibling) }));
    let total = sockets.reduce((sum, entry) => sum + entry.bytes, 0);
    if (total <= bound + this.options.maxBufferedBytes) return;
    for (const { sibling, bytes: held } of sockets.sort((a, b) => b.bytes - a.bytes)) {
      if (total <= bound || held === 0) break;
      total -= held;
      if (!sibling.connected) continue;
      this.drop(sibling, held, `${held} bytes wait to be sent on it, and more than ${bound} on the connections of ${sub} to this hub node together`);
    }
  }

  private drop(socket: HubSocket, bytes: number, why: string): void {
    this.dropped++;
    this.droppedAt = bytes;
    this.metrics.slowClient('dropped');
    this.logger.warn(`disconnecting socket ${socket.id} (${socket.data.principal?.sub ?? '?'}): ${why}; the client does not read`);
    dropConnection(socket);
  }

  /**
   * Throws RATE_LIMITED (with `retryAfterMs`) when more than half of `maxBufferedBytes` waits to be sent to the
   * socket: a large answer (`what`: a sync page, a join ack) is not read nor encoded for a client that does not
   * take what it was sent. Half: the answer itself may be about a sync page, and a client that reads slowly is told
   * to ask again rather than dropped for what it asked. The client's requests refused so are retried as the
   * protocol says (`@catalyse/client` waits `retryAfterMs`).
   */
  admit(socket: HubSocket, what: string): void {
    if (!socket.connected) throw new AppError('UNAVAILABLE', `the connection closed before ${what} was answered`);
    const bytes = bufferedBytes(socket);
    const bound = Math.floor(this.options.maxBufferedBytes / 2);
    if (bytes > bound) {
      throw new AppError(
        'RATE_LIMITED',
        `${bytes} bytes wait to be sent on this connection, more than ${bound}: ${what} is answered once the client has read them; retry in ${ANSWER_RETRY_MS} ms`,
        { retryAfterMs: ANSWER_RETRY_MS },
      );
    }
    // The person's sockets of this node together (at most `maxSocketsPerPerson`, a few property reads each).
    const sub = socket.data.principal?.sub;
    if (sub === undefined) return;
    let total = 0;
    for (const sibling of this.openSockets.of(sub)) total += bufferedBytes(sibling);
    if (total <= this.options.maxBufferedBytesPerPerson) return;
    throw new AppError(
      'RATE_LIMITED',
      `${total} bytes wait to be sent on the connections of ${sub} to this hub node, more than ${this.options.maxBufferedBytesPerPerson}: ` +
        `${what} is answered once they have been read; retry in ${ANSWER_RETRY_MS} ms`,
      { retryAfterMs: ANSWER_RETRY_MS },
    );
  }

  /**
   * Runs `write` (reads a large answer and writes it to the socket) once the socket's earlier ones are written and,
   * for up to `ANSWER_RETRY_MS`, taken by the client, if the socket is admitted then (`admit`), and checks the limit
   * right after it: a client sending many syncs at once makes the node hold one page, not one per sync, and is
   * dropped as soon as what waits for it passes the limit.
   */
  answerInTurn(socket: HubSocket, what: string, write: () => Promise<void>): Promise<void> {
    const run = async (): Promise<void> => {
      // A reading client takes the previous page in a moment: its next one waits for that, rather than being refused.
      // One wait per stall: the syncs queued behind it by a client that does not read are refused at once.
      const bound = Math.floor(this.options.maxBufferedBytes / 2);
      const room = this.stalled.has(socket) ? bufferedBytes(socket) <= bound : await roomInBuffer(socket, bound, ANSWER_RETRY_MS);
      if (room) this.stalled.delete(socket);
      else this.stalled.add(socket);
      this.admit(socket, what);
      await write();
      this.check(socket);
    };
    const previous = this.answering.get(socket);
    const result = previous ? previous.then(run) : run();
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.answering.set(socket, tail);
    void tail.then(() => {
      if (this.answering.get(socket) === tail) this.answering.delete(socket);
    });
    return result;
  }
}

/** How long a client refused a large answer (`admit`) is asked to wait: about what a slow link takes to read 4 MB. */
const ANSWER_RETRY_MS = 1000;
