import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { CORRELATION_HEADER } from '../commands/command-request';

/**
 * Browser-facing protections of the api and the console (helmet): a content
 * security policy that allows only this origin's own scripts, styles and
 * connections (the console is one bundle with no CDN; inline style
 * attributes are allowed: the console's and the OpenAPI page's), fonts from
 * this origin or inlined (`data:`), no other site's styles or fonts (helmet's
 * defaults allow any `https:` one), no framing by other sites, no MIME sniffing, no
 * referrer to other origins. `upgrade-insecure-requests` is left out: the
 * embedded default runs on plain http at 127.0.0.1, and behind TLS the proxy
 * redirects. With `hubUrl` (HUB_URL: the hubs on an origin of their own), the
 * console may also connect there, over HTTP (socket.io's long-polling) and
 * WebSocket: a `https:` source does not cover `wss:` in every browser, so both
 * are listed.
 */
export function useSecurityHeaders(app: NestExpressApplication, hubUrl?: string): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'connect-src': ["'self'", ...(hubUrl ? [hubUrl, hubUrl.replace(/^http/, 'ws')] : [])],
          'style-src': ["'self'", "'unsafe-inline'"],
          'font-src': ["'self'", 'data:'],
          'frame-ancestors': ["'none'"],
          'upgrade-insecure-requests': null,
        },
      },
      frameguard: { action: 'deny' },
    }),
  );
}

/**
 * Cross-origin calls from browsers: only from the origins listed (CORS_ORIGINS),
 * none when the list is empty (the console is served by the api itself, same
 * origin). Bearer tokens, never cookies: no credentials mode.
 */
export function useCors(app: NestExpressApplication, origins: readonly string[]): void {
  if (origins.length === 0) return;
  app.enableCors({
    origin: [...origins],
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'if-match', 'idempotency-key', CORRELATION_HEADER],
    // What a page on another origin needs to read of an answer: its request id, revision, created resource, when to
    // retry, a CSV list's total and where it goes on, a download's file name.
    exposedHeaders: [CORRELATION_HEADER, 'etag', 'location', 'retry-after', 'x-total-count', 'x-next-offset', 'content-disposition'],
    maxAge: 600,
  });
}
