import type { INestApplicationContext, WebSocketAdapter } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';

export interface HubIoAdapterOptions {
  /**
   * With several hub nodes (`REDIS_URL`): the socket.io Redis adapter carries
   * room broadcasts (presence diffs, typing) to every node. Feed entries do not
   * travel this way: each node reads them from the feed and emits to its own
   * sockets (`io.local`), see ADR 0008.
   */
  readonly redisUrl?: string;
  /**
   * Origins (CORS_ORIGINS) whose browser pages may connect besides the hub's
   * own: a connection whose `Origin` is another site's is refused at the
   * handshake (WebSocket included, which CORS alone does not cover). Clients
   * that send no `Origin` (servers, scripts) are not concerned.
   */
  readonly corsOrigins?: readonly string[];
}

/**
 * Nest's socket.io adapter with lean per-socket message binding.
 *
 * The stock `IoAdapter` builds an RxJS pipeline per handler and per socket
 * (`fromEvent → mergeMap → takeUntil(disconnect$)`): about 120 closures and
 * 20 subscribers, ~20 KB of heap for every idle connection (measured by
 * `npm run bench`). Here one `socket.onAny` listener per socket finds the handler; a handler's
 * result is delivered exactly as Nest does it (an `{event, data}` result is
 * emitted, any other non-nil result goes to the ack unless the handler answers
 * its ack itself). Guards, pipes and exception filters are untouched: they
 * live inside `callback`. See docs/adr/0007.
 */
export class HubIoAdapter extends IoAdapter {
  private readonly logger = new Logger('HubIoAdapter');
  private readonly redisClients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly hubOptions: HubIoAdapterOptions = {},
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const allowed = new Set(this.hubOptions.corsOrigins ?? []);
    const server = super.createIOServer(port, {
      ...options,
      ...(allowed.size > 0 ? { cors: { origin: [...allowed] } } : {}),
      allowRequest: (request, answer) => answer(null, sameSiteOrAllowed(request.headers, allowed)),
    } as ServerOptions) as Server;
    const url = this.hubOptions.redisUrl;
    if (url) {
      const pub = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 100, 2000) });
      const sub = pub.duplicate();
      for (const client of [pub, sub]) {
        let reported = false;
        client.on('error', (error: Error) => {
          if (!reported) this.logger.warn(`socket.io redis adapter: ${error.message} (retrying)`);
          reported = true;
        });
        client.on('ready', () => (reported = false));
        this.redisClients.push(client);
      }
      server.adapter(createAdapter(pub, sub));
    }
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.redisClients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
  }

  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    // One listener for every event of the socket (`onAny` gets the event's name, its arguments and the ack,
    // before socket.io dispatches it), not one per handler: a closure and its context per socket, not per
    // handler and socket. Events without a handler are left alone.
    socket.onAny((message: unknown, ...args: unknown[]) => {
      const handler = handlers.find((candidate) => candidate.message === message);
      if (!handler) return;
      const { callback, isAckHandledManually } = handler;
      // As rxjs `fromEvent` hands them to the stock adapter: one argument alone, several as an array.
      const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]) as { data: unknown; ack?: unknown };
      const deliver = (response: unknown): void => {
        if (response === null || response === undefined) return;
        const event = (response as { event?: unknown }).event;
        if (typeof event === 'string') {
          socket.emit(event, (response as { data?: unknown }).data);
          return;
        }
        if (!isAckHandledManually && typeof ack === 'function') (ack as (reply: unknown) => void)(response);
      };
      const failed = (error: unknown): void =>
        this.logger.error(`handler of ${String(message)} failed outside its exception filter: ${error instanceof Error ? error.message : String(error)}`);
      try {
        // `transform` is Nest's: awaits a promise and flattens an observable result.
        transform(callback(data, ack)).subscribe({ next: deliver, error: failed });
      } catch (error) {
        failed(error);
      }
    });
  }
}

type HandshakeHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * A handshake with no `Origin`, from a page of the hub's own host name (the
 * `Host` or `X-Forwarded-Host` it was reached by; the port is not compared, as
 * proxies drop it from `Host`), or from one of the allowed origins.
 */
export function sameSiteOrAllowed(headers: HandshakeHeaders, allowed: ReadonlySet<string>): boolean {
  const origin = headers['origin'];
  if (origin === undefined) return true;
  if (typeof origin !== 'string') return false;
  if (allowed.has(origin)) return true;
  const name = hostName(origin, '');
  if (name === undefined) return false;
  return [headers['host'], headers['x-forwarded-host']].some(
    (host) => typeof host === 'string' && hostName(host.split(',')[0]?.trim() ?? '', 'http://') === name,
  );
}

function hostName(text: string, prefix: string): string | undefined {
  try {
    return new URL(`${prefix}${text}`).hostname;
  } catch {
    return undefined;
  }
}

/** Installs the hub's socket.io adapter on an app that imports `HubModule` (call before `listen`). */
export function configureHubApp(
  app: INestApplicationContext & { useWebSocketAdapter(adapter: WebSocketAdapter): unknown },
  options: HubIoAdapterOptions = {},
): void {
  app.useWebSocketAdapter(new HubIoAdapter(app, options));
}
