/**
 * Every use of `@catalyse/client` in the console is here: one HTTP client and
 * one hub per signed-in token, and the hooks the pages read with.
 */
import { CatalyseHttp, CatalyseHub, webStorage } from '@catalyse/client';
import type { CommandAccepted, Page, Result } from '@catalyse/client';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { getSession, sessionExpired } from './session';
import { errorText, unavailable } from './ui/errors';
import { fileNameOf } from './ui/files';
import { keyOfSending } from './ui/form-keys';

export type { CommandAccepted, Result };
export type Query = Record<string, string | number | undefined>;
export type HubStatus = 'connecting' | 'online' | 'offline';

let http: { token: string; client: CatalyseHttp } | undefined;
let hub: { token: string; client: CatalyseHub } | undefined;

function token(): string {
  const session = getSession();
  if (!session) throw new Error('not signed in');
  return session.token;
}

/**
 * `fetch` for the token `t`: a 401 (its `exp` passed, or the api no longer accepts it) ends the session by itself,
 * back to the sign-in form, rather than every page saying « reconnectez-vous » under a header that still names the
 * person (`sessionExpired`).
 */
function fetchFor(t: string): typeof fetch {
  return async (input, init) => {
    const response = await globalThis.fetch(input, init);
    if (response.status === 401) sessionExpired(t);
    return response;
  };
}

export function httpClient(): CatalyseHttp {
  const t = token();
  if (http?.token !== t) http = { token: t, client: new CatalyseHttp({ baseUrl: location.origin, token: t, fetch: fetchFor(t) }) };
  return http.client;
}

/**
 * Where the console opens its socket: the hubs' origin when the api that served it names one (`HUB_URL`, a
 * `<meta name="catalyse-hub-url">` of the page, libs/api-http/src/setup/serve-console.ts), else its own origin
 * (the all-in-one, or a proxy that routes `/socket.io/` to the hubs). The token travels in socket.io's handshake
 * `auth`, never in a cookie: another origin needs only to accept this one (the hubs' CORS_ORIGINS).
 */
export function hubUrl(): string {
  const named = document.querySelector<HTMLMetaElement>('meta[name="catalyse-hub-url"]')?.content.trim();
  return named || location.origin;
}

/** The hub of the signed-in token (one socket for the whole console: the live rooms, the ops feed). */
export function hubClient(): CatalyseHub {
  const t = token();
  if (hub?.token !== t) {
    hub?.client.close();
    const client = new CatalyseHub({
      url: hubUrl(),
      token: t,
      // Posts written offline survive a reload, per person.
      storage: webStorage(localStorage, `catalyse.outbox.${getSession()?.sub ?? ''}`),
    });
    hub = { token: t, client };
    followBrowserNetwork(client);
    // The hub refuses the token at its handshake (`connect_error` UNAUTHORIZED): the session has ended, as on a 401.
    client.socket.on('connect_error', (error: Error) => {
      if (error.message === 'UNAUTHORIZED') sessionExpired(t);
    });
  }
  return hub.client;
}

/**
 * The browser knows first when the network goes: an open WebSocket may outlive it (a dead TCP
 * connection is only noticed at socket.io's next missed heartbeat, up to tens of seconds later),
 * and a room would look live while nothing arrives and posts wait for an ack that cannot come.
 * The hub's socket is closed when the browser says offline, and opened again when it says
 * online: the client then rejoins every room with its `since` (exactly the missed entries) and
 * sends the outbox. Only the console's current hub follows (not one closed at sign-out).
 */
function followBrowserNetwork(client: CatalyseHub): void {
  const current = (): boolean => hub?.client === client;
  addEventListener('offline', () => {
    if (current()) client.socket.disconnect();
  });
  addEventListener('online', () => {
    if (current() && !client.socket.connected) client.socket.connect();
  });
  if (!navigator.onLine) client.socket.disconnect();
}

export function closeClients(): void {
  hub?.client.close();
  hub = undefined;
  http = undefined;
}

/** Pages name routes as the README does (`/api/…`); the client adds `/api` itself. */
function route(path: string): string {
  return path.replace(/^\/api(?=\/|$)/, '');
}

export function apiGet<T>(path: string, query?: Query): Promise<Result<T>> {
  return httpClient().get<T>(route(path), query);
}

/** A command, with the `Idempotency-Key` of the form that sends it (a new one when it has none). */
export function apiCommand<T>(path: string, body?: unknown, idempotencyKey: string = crypto.randomUUID()): Promise<Result<T>> {
  return httpClient().command<T>(route(path), body, { idempotencyKey: keyOfSending(idempotencyKey, body) });
}

/** A catalyseur takes up a partnership nobody accompanies by assigning itself (docs/adr/0025). */
export function assignCatalyseur(partnershipId: string, catalyseurId: string): Promise<Result<unknown>> {
  return httpClient().partnerships.assignCatalyseur(partnershipId, catalyseurId, { idempotencyKey: crypto.randomUUID() });
}

/**
 * A command on a partnership (`POST /api/partnerships/{id}/{command}`), with the `Idempotency-Key` of the form that
 * sends it: a second submission of the same form (a double click) is answered from the first, recorded once.
 */
export function partnershipCommand(partnershipId: string, command: string, body: unknown, idempotencyKey: string): Promise<Result<CommandAccepted>> {
  return httpClient().partnerships.act(partnershipId, command, body, { idempotencyKey: keyOfSending(idempotencyKey, body) });
}

/** The error body of a refused answer, or its status as a code when it has none (`HTTP_502`). */
async function errorOf(response: Response): Promise<{ code: string; details?: unknown }> {
  try {
    const body = (await response.json()) as { code?: unknown; details?: unknown };
    if (typeof body.code === 'string') return { code: body.code, details: body.details };
  } catch {
    // not JSON (a proxy's page)
  }
  return { code: `HTTP_${response.status}` };
}

/**
 * A file the api serves behind the bearer token (exports, reports), fetched and offered as a download, as `filename`;
 * with `serverName`, under the name its `Content-Disposition` gives (a report's French name), `filename` when it
 * gives none.
 */
export async function download(path: string, filename: string, options: { readonly accept?: string; readonly serverName?: boolean } = {}): Promise<void> {
  const { accept, serverName = false } = options;
  const t = token();
  let response: Response;
  try {
    response = await fetchFor(t)(path, { headers: { authorization: `Bearer ${t}`, ...(accept ? { accept } : {}) } });
  } catch {
    // No answer: the browser's own words (« Failed to fetch ») are English; a French sentence instead.
    throw new Error(errorText({ code: 'NETWORK', message: 'no answer' }));
  }
  // Refused: the api's error body in French (its message is English), thrown as the error's message.
  if (!response.ok) throw new Error(errorText(await errorOf(response)));
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = serverName ? fileNameOf(response.headers.get('content-disposition'), filename) : filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Where a report is downloaded whole, as one ZIP (a batch's index and every partnership's report; the client's address). */
export function reportArchiveUrl(id: string): string {
  return httpClient().reports.archiveUrl(id);
}

export interface Loaded<T> {
  readonly loading: boolean;
  readonly data?: T;
  readonly error?: { status: number; code: string; message: string; details?: unknown };
  readonly reload: () => void;
}

/**
 * A read that failed because the service could not answer is read again once the console is connected again (the
 * hub back online: the offline banner goes), and when the browser says it is online again: a page opened while the
 * service was down does not stay on its error once it is back (its « Réessayer » button, `Async`, reads it at once).
 */
function useReadAgainWhenBack(error: Loaded<unknown>['error'], reload: () => void): void {
  const waiting = error !== undefined && unavailable(error);
  useEffect(() => {
    if (!waiting) return;
    const client = hubClient();
    const off = client.onStatus((status) => {
      if (status === 'online') reload();
    });
    addEventListener('online', reload);
    return () => {
      off();
      removeEventListener('online', reload);
    };
  }, [waiting, error, reload]);
}

/**
 * What every `useGet…` shares: the read is made whenever the path or the query changes (`null` path: nothing yet), made
 * again by `reload` and, after the service could not answer, once it is back; `live()` says whether its answer is still
 * wanted (a read of several pages stops when it is not).
 */
function useRead<T>(path: string | null, query: Query | undefined, read: (path: string, live: () => boolean) => Promise<Result<T>>): Loaded<T> {
  const key = path === null ? null : `${path}?${JSON.stringify(query ?? {})}`;
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({ loading: path !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    read(path, () => live).then(
      (r) => live && setState(r.ok ? { loading: false, data: r.value } : { loading: false, error: r.error }),
      (e: unknown) => live && setState({ loading: false, error: { status: 0, code: 'NETWORK', message: String(e) } }),
    );
    return () => {
      live = false;
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useReadAgainWhenBack(state.error, reload);
  return { ...state, reload };
}

/** GET `path` whenever it or the query changes (`null` path: nothing yet). */
export function useGet<T>(path: string | null, query?: Query): Loaded<T> {
  return useRead<T>(path, query, (at) => apiGet<T>(at, query));
}

/**
 * A page of a list, `limit` items from `offset` (`{items, total, limit, offset, next?}`), whole: the api cuts a page of
 * large documents short (about 4 MB) and says where it goes on (`next`); the rest of the page is read from there, so
 * the console's page numbers stay `offset / limit` and no item is skipped (`null` path: nothing yet).
 */
export function useGetPage<T>(path: string | null, query: Query & { readonly limit: number; readonly offset: number }): Loaded<Page<T>> {
  return useRead<Page<T>>(path, query, (at) => readWholePage<T>((q) => apiGet<Page<T>>(at, q), query));
}

/** `limit` items from `offset`, following the api's `next` when it cut a page short; its `next` is where the rest starts. */
export async function readWholePage<T>(
  get: (query: Query & { readonly limit: number; readonly offset: number }) => Promise<Result<Page<T>>>,
  query: Query & { readonly limit: number; readonly offset: number },
): Promise<Result<Page<T>>> {
  const items: T[] = [];
  let from = query.offset;
  for (;;) {
    const r = await get({ ...query, limit: query.limit - items.length, offset: from });
    if (!r.ok) return r;
    items.push(...r.value.items);
    const { next, total } = r.value;
    if (next === undefined || r.value.items.length === 0 || items.length >= query.limit) {
      const end = from + r.value.items.length;
      const more = next ?? (end < total ? end : undefined);
      return { ok: true, value: { items, total, limit: query.limit, offset: query.offset, ...(more === undefined ? {} : { next: more }) } };
    }
    from = next;
  }
}

/** The largest page the api's lists give (`?limit=`). */
const LIST_PAGE_MAX = 200;

/**
 * Every item of a list read (`{items, total}`), page after page, whenever the path or the query changes (`null` path:
 * nothing yet): for a list the console shows whole or sorts and filters itself (the organisations by name, in French
 * order), a few hundred items at most. Each page is asked from the items received so far, so a page the api cuts
 * short (large documents) is followed, never skipped.
 */
export function useGetAll<T>(path: string | null, query?: Query): Loaded<readonly T[]> {
  return useRead<readonly T[]>(path, query, async (at, live) => {
    const items: T[] = [];
    while (live()) {
      const r = await apiGet<{ readonly items: readonly T[]; readonly total: number }>(at, { ...query, limit: LIST_PAGE_MAX, offset: items.length });
      if (!r.ok) return r;
      items.push(...r.value.items);
      if (r.value.items.length === 0 || items.length >= r.value.total) break;
    }
    return { ok: true, value: items };
  });
}

/** The hub's status, or offline whenever the browser says so. */
export function useHubStatus(): HubStatus {
  const [status, setStatus] = useState<HubStatus>(() => (navigator.onLine ? hubClient().status : 'offline'));
  useEffect(() => {
    const client = hubClient();
    const update = (): void => setStatus(navigator.onLine ? client.status : 'offline');
    const off = client.onStatus(update);
    addEventListener('online', update);
    addEventListener('offline', update);
    update();
    return () => {
      off();
      removeEventListener('online', update);
      removeEventListener('offline', update);
    };
  }, []);
  return status;
}
