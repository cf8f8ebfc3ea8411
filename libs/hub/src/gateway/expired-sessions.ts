import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { HUB_OPTIONS, type ResolvedHubOptions } from '../hub.options';
import type { HubServer } from './hub-socket';

/**
 * A token is verified once, at the handshake; a connection may outlive it by days. Every `bufferCheckMs` the
 * sockets whose token expired are disconnected (a request on one before that is refused `UNAUTHORIZED`:
 * `principalOf`). A client reconnecting with the same token is refused at the handshake (`UNAUTHORIZED`, the
 * token expired), as over HTTP. One timer for the node, not one per socket.
 */
@Injectable()
export class ExpiredSessions implements OnModuleDestroy {
  private readonly logger = new Logger('ExpiredSessions');
  private io: HubServer | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(@Inject(HUB_OPTIONS) private readonly options: ResolvedHubOptions) {}

  attach(io: HubServer): void {
    this.io = io;
    this.timer = setInterval(() => this.disconnectExpired(), this.options.bufferCheckMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Disconnects every socket of the node whose token has expired; how many. */
  disconnectExpired(now = Date.now()): number {
    let ended = 0;
    for (const socket of this.io?.of('/').sockets.values() ?? []) {
      const { expiresAt } = socket.data;
      if (expiresAt === undefined || now < expiresAt) continue;
      ended++;
      this.logger.log(`disconnecting socket ${socket.id} (${socket.data.principal?.sub ?? '?'}): its token expired`);
      socket.disconnect(true);
    }
    return ended;
  }
}
