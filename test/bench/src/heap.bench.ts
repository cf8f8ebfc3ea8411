import type { ClientKind, ClientsWorker } from './clients';
import { sleep } from './stats';

/**
 * Memory per idle socket in the server (this process): idle clients are
 * opened from the clients worker; the difference in `heapUsed` after full
 * garbage collections, divided by the number of sockets. Measured just
 * connected (authenticated), then with every socket joined to a room. Only
 * the server's memory is measured: the clients' (the worker's, where a
 * `CatalyseHub` keeps its rooms' entries) does not count.
 */
export interface HeapTarget {
  /** `bare` sockets for the raw server, `CatalyseHub`s for Catalyse (see `clients.ts`). */
  readonly kind: ClientKind;
  readonly url: string;
  /** One per socket: handshake token, or null. */
  readonly tokens: readonly (string | null)[];
  /** Sockets are spread over these rooms, round robin (`room:join`). */
  readonly rooms: readonly string[];
}

export interface HeapResult {
  readonly sockets: number;
  /** heapUsed bytes per socket, connected only. */
  readonly connected: number;
  /** heapUsed bytes per socket, each joined to a room. */
  readonly joined: number;
  /** rss bytes per socket, joined (noisy: the allocator keeps pages). */
  readonly rssJoined: number;
  /** external + arrayBuffers bytes per socket, joined. */
  readonly externalJoined: number;
}

export async function heapPerSocket(worker: ClientsWorker, target: HeapTarget): Promise<HeapResult> {
  const sockets = target.tokens.length;
  const base = await settledMemory();
  await worker.connect({ kind: target.kind, url: target.url, tokens: target.tokens });
  const connected = await settledMemory();
  const join = await worker.join(target.rooms, { history: 'latest' });
  if (join.failed > 0) throw new Error(`${join.failed} idle sockets could not join: ${join.firstError}`);
  const joined = await settledMemory();
  await worker.disconnect();
  return {
    sockets,
    connected: (connected.heapUsed - base.heapUsed) / sockets,
    joined: (joined.heapUsed - base.heapUsed) / sockets,
    rssJoined: (joined.rss - base.rss) / sockets,
    externalJoined: (joined.external + joined.arrayBuffers - base.external - base.arrayBuffers) / sockets,
  };
}

/** Memory after the event loop went quiet and full collections ran. */
async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');
  await sleep(1000);
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage();
}
