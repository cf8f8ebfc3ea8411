import { CatalyseHttp } from '../http/catalyse-http';
import { valueOf } from '../http/result';
import type { CatalyseHub } from '../hub/catalyse-hub';
import { startCatalyse, type TestCatalyse } from './catalyse-server';

/** What a spec's hubs need of a real Catalyse (`useCatalyse`). */
export interface CatalyseFixture {
  /** The running Catalyse (read inside a test or a hook: it starts in `beforeAll`). */
  readonly server: TestCatalyse;
  /** An HTTP client of `cat-1`, catalyseur. */
  readonly http: CatalyseHttp;
  /** Hubs closed after the suite, before the server. */
  readonly hubs: CatalyseHub[];
  /** Opens an open theme room (over HTTP) and answers its key. */
  openRoom(title: string): Promise<string>;
}

/** Posts unbounded (the hub's per-person budget would otherwise pace the specs' bursts). */
export const FAST_POSTS = { HUB_POSTS_PER_SECOND: '100000' };

/**
 * A real Catalyse for the specs of one `describe` (its env as `startCatalyse` takes it): started in `beforeAll`,
 * stopped in `afterAll` after the hubs of `hubs` are closed and `beforeClose` (a proxy of the spec's, say) has run.
 */
export function useCatalyse(env: Record<string, string> = FAST_POSTS, beforeClose?: () => Promise<void>): CatalyseFixture {
  let running: { server: TestCatalyse; http: CatalyseHttp } | undefined;
  const started = (): { server: TestCatalyse; http: CatalyseHttp } => {
    if (!running) throw new Error('the Catalyse of useCatalyse is started in beforeAll: read it in a test or a hook');
    return running;
  };
  const hubs: CatalyseHub[] = [];
  beforeAll(async () => {
    const server = await startCatalyse(env);
    running = { server, http: new CatalyseHttp({ baseUrl: server.url, token: server.token({ sub: 'cat-1', role: 'catalyseur' }) }) };
  });
  afterAll(async () => {
    for (const hub of hubs.splice(0)) hub.close();
    try {
      await beforeClose?.();
    } finally {
      await running?.server.close();
      running = undefined;
    }
  });
  return {
    get server() {
      return started().server;
    },
    get http() {
      return started().http;
    },
    hubs,
    openRoom: async (title) => `room:${valueOf(await started().http.rooms.open({ kind: 'theme', subject: 'client', title, access: 'open' })).id}`,
  };
}
