import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { HubMetrics } from '@catalyse/metrics';
import type { HubServer, HubSocket } from '../gateway/hub-socket';
import { HUB_METRICS, HUB_OPTIONS, type ResolvedHubOptions } from '../hub.options';
import { bufferedBytes, dropConnection } from './outgoing-buffer';

/**
 * Disconnects a socket whose outgoing buffer passes `maxBufferedBytes`: a
 * client that stops reading while its rooms go on would otherwise hold every
 * entry, presence change and typing notice in the node's memory until its
 * heartbeat times out. Checked for the sockets of a room after each live
 * delivery to it (the fan-out's pages), and for every socket each
 * `bufferCheckMs`: a healthy socket's buffer is empty, so a check is a few
 * property reads. The client reconnects and rejoins with its `since` (the
 * guarantee of ADR 0004 holds: it misses nothing).
 */
@Injectable()
export class SlowReaders implements OnModuleDestroy {
  private readonly logger = new Logger('SlowReaders');
  private io: HubServer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private dropped = 0;
  private droppedAt: number | undefined;

  constructor(
    @Inject(HUB_OPTIONS) private readonly options: ResolvedHubOptions,
    @Inject(HUB_METRICS) private readonly metrics: HubMetrics,
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
    this.dropped++;
    this.droppedAt = bytes;
    this.metrics.slowClient('dropped');
    this.logger.warn(
      `disconnecting socket ${socket.id} (${socket.data.principal?.sub ?? '?'}): ${bytes} bytes wait to be sent, more than ${this.options.maxBufferedBytes}; the client does not read`,
    );
    dropConnection(socket);
  }
}
