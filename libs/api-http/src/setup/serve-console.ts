import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix, resolve, sep } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';

interface Req {
  readonly method: string;
  readonly path: string;
}
interface Res {
  status(code: number): Res;
  type(t: string): Res;
  set(field: string, value: string): Res;
  send(body: string): void;
  sendFile(file: string, options: { dotfiles: 'deny' }, done: (error?: Error) => void): void;
  readonly headersSent: boolean;
}
type Next = () => void;

/** Where `tools/build.js` writes the console, seen from this file once compiled (`dist/libs/api-http/src/setup`). */
export const DEFAULT_CONSOLE_DIR = resolve(__dirname, '..', '..', '..', '..', 'apps', 'console', 'public');

/** The `<meta name>` through which the console learns where the hubs are (`HUB_URL`); apps/console/src/api.ts reads it. */
export const HUB_URL_META = 'catalyse-hub-url';

/** The `<meta name>` through which the console learns the network's time zone (`TIME_ZONE`); apps/console/src/ui/network-time.ts reads it. */
export const TIME_ZONE_META = 'catalyse-time-zone';

export interface ServeConsoleOptions {
  /** Global route prefix, default `api`. */
  readonly prefix?: string;
  /** The hubs' public origin (`HUB_URL`), handed to the console; unset, the console opens its socket on its own origin. */
  readonly hubUrl?: string;
  /** The network's time zone (`TIME_ZONE`), handed to the console: the day of an instant, as the api reads it. */
  readonly timeZone?: string;
}

/**
 * The console (apps/console) on the api's port: its files, and `index.html` for
 * any other GET of a page path (the console routes in the browser). `/api/…`
 * and `/socket.io/…` never reach it. Without a built console (the api started
 * from sources), `/` answers a short 404 text and everything else is the api's.
 *
 * With `hubUrl`, the page carries `<meta name="catalyse-hub-url" content="…">`; with `timeZone`,
 * `<meta name="catalyse-time-zone" content="Europe/Paris">` (the console dates everything on the network's calendar). A tag in the page rather
 * than a settings route: the console has it before its first line runs (no request to wait for, none that
 * can fail or race the socket), there is no new public route to add to the access table and OpenAPI, and the
 * page is already answered `no-cache`, so a changed `HUB_URL` reaches every browser at its next load.
 */
export function serveConsole(app: NestExpressApplication, dir: string = DEFAULT_CONSOLE_DIR, options: ServeConsoleOptions = {}): void {
  const prefix = options.prefix ?? 'api';
  const index = join(dir, 'index.html');
  const built = existsSync(index);
  // Read once, at start: `index.html` only names the bundle (`/main.js`, read from disk at each request).
  const page = built ? consolePage(readFileSync(index, 'utf8'), options.hubUrl, options.timeZone) : '';
  // In any case: Express routes `/API/…` to the api too (its routing ignores case), so the page must not answer it.
  const underReserved = (raw: string): boolean => {
    const path = raw.toLowerCase();
    return path === `/${prefix}` || path.startsWith(`/${prefix}/`) || path.startsWith('/socket.io/') || path === '/socket.io';
  };
  // Nor a path that only a client's normalising makes one of the api's (`//api/…`, `/./api/…`, `/x/../api/…`, sent as
  // is): no page of the console starts with `//`, and such a path is the api's JSON 404, never the page with a 200.
  const reserved = (raw: string): boolean => raw.startsWith('//') || underReserved(raw) || underReserved(posix.normalize(raw));
  // Before the static files: `/index.html` asked by name is the same page, with its tag.
  app.use((req: Req, res: Res, next: Next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || reserved(req.path)) return next();
    if (!built) {
      if (req.path !== '/') return next();
      res.status(404).type('text/plain').send('Catalyse: the console is not built here (npm run build writes it); the API is at /api.\n');
      return;
    }
    // A file (a name with an extension) is the console's file of that name, or, missing, a 404 of the api; never the page.
    if (req.path !== '/index.html' && /\.[a-z0-9]+$/i.test(req.path)) {
      const file = consoleFile(dir, req.path);
      if (!file) return next();
      res.set('cache-control', 'no-cache').sendFile(file, { dotfiles: 'deny' }, (error) => {
        if (error && !res.headersSent) next();
      });
      return;
    }
    res.set('cache-control', 'no-cache').type('html').send(page);
  });
  // No static middleware of express: it would see every path, `/api/…` included, and answer one that decodes to a
  // folder (`/api/reports/%2e%2e%2f%2e%2e`) with its own English 301 "Redirecting" page, or one that decodes to a
  // file of the console (`/api/%2e%2e/main.js`) with that file. Here `/api/…` is the api's whatever it decodes to.
}

/**
 * The console's file a (not reserved) request path names: decoded, inside `dir`, an existing regular file;
 * else nothing (a malformed encoding, a path that climbs out of `dir`, a folder, a missing file).
 */
export function consoleFile(dir: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const root = resolve(dir);
  const file = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  if (!file.startsWith(root + sep)) return undefined;
  try {
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** The built `index.html`, with the hubs' origin and the network's time zone in `<meta>`s of its head when there are. */
export function consolePage(html: string, hubUrl?: string, timeZone?: string): string {
  const tags = [
    ...(hubUrl ? [`<meta name="${HUB_URL_META}" content="${escapeAttribute(hubUrl)}" />`] : []),
    ...(timeZone ? [`<meta name="${TIME_ZONE_META}" content="${escapeAttribute(timeZone)}" />`] : []),
  ];
  if (tags.length === 0) return html;
  const tag = tags.join('\n    ');
  return html.includes('</head>') ? html.replace('</head>', `  ${tag}\n  </head>`) : `${tag}\n${html}`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
