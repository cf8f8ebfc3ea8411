import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
  sendFile(file: string): void;
}
type Next = () => void;

/** Where `tools/build.js` writes the console, seen from this file once compiled (`dist/libs/api-http/src/setup`). */
export const DEFAULT_CONSOLE_DIR = resolve(__dirname, '..', '..', '..', '..', 'apps', 'console', 'public');

/**
 * The console (apps/console) on the api's port: its files, and `index.html` for
 * any other GET of a page path (the console routes in the browser). `/api/…`
 * and `/socket.io/…` never reach it. Without a built console (the api started
 * from sources), `/` answers a short 404 text and everything else is the api's.
 */
export function serveConsole(app: NestExpressApplication, dir: string = DEFAULT_CONSOLE_DIR, prefix = 'api'): void {
  const index = join(dir, 'index.html');
  const built = existsSync(index);
  const reserved = (path: string): boolean =>
    path === `/${prefix}` || path.startsWith(`/${prefix}/`) || path.startsWith('/socket.io/') || path === '/socket.io';
  if (built) {
    app.useStaticAssets(dir, {
      index: false,
      fallthrough: true,
      setHeaders: (res: { setHeader(name: string, value: string): void }) => res.setHeader('cache-control', 'no-cache'),
    });
  }
  app.use((req: Req, res: Res, next: Next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || reserved(req.path)) return next();
    if (!built) {
      if (req.path !== '/') return next();
      res.status(404).type('text/plain').send('Catalyse: the console is not built here (npm run build writes it); the API is at /api.\n');
      return;
    }
    // A missing file (a name with an extension) is a 404 of the api, not the page.
    if (/\.[a-z0-9]+$/i.test(req.path)) return next();
    res.set('cache-control', 'no-cache').sendFile(index);
  });
}
