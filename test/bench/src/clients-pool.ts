import {
  type ConnectRequest,
  type ConnectResult,
  type Deliveries,
  type HeldRun,
  type JoinRequest,
  type JoinResult,
  type ReconnectRequest,
  type ReconnectResult,
  ClientsWorker,
} from './clients';
import { now } from './stats';

/**
 * Several clients workers holding one population between them, for parts whose clients would need more than
 * one core to decode what they receive (a storm of catch-ups, thousands of sockets): on the 2-core VM one
 * worker decoding 350,000 entries takes longer than the server takes to send them. Client i of a request
 * lives in worker `floor(i / ceil(n / workers))` (contiguous blocks, in order); every request goes to all
 * workers at once and their answers are merged, so a part uses it as one `ClientsWorker`.
 */
export class ClientsPool {
  /** Clients per worker, from the last `connect`. */
  private sizes: number[] = [];
  /** Per worker, its clock minus this process's (ms), from the last `syncClocks`. */
  private offsets: number[] = [];

  private constructor(private readonly workers: readonly ClientsWorker[]) {}

  static spawn(count: number): ClientsPool {
    if (!Number.isInteger(count) || count < 1) throw new Error(`a pool needs at least one worker (got ${count})`);
    return new ClientsPool(Array.from({ length: count }, () => ClientsWorker.spawn()));
  }

  get pids(): number[] {
    return this.workers.flatMap((worker) => (worker.pid === undefined ? [] : [worker.pid]));
  }

  /** How many of the last population's clients each worker holds, in order. */
  get shares(): readonly number[] {
    return this.sizes;
  }

  async connect(request: ConnectRequest): Promise<ConnectResult> {
    const start = performance.now();
    const per = Math.ceil(request.tokens.length / this.workers.length);
    const blocks = this.workers.map((_, w) => request.tokens.slice(w * per, (w + 1) * per));
    this.sizes = blocks.map((block) => block.length);
    const results = await Promise.all(this.workers.map((worker, w) => worker.connect({ ...request, tokens: blocks[w] ?? [] })));
    return { connected: results.reduce((sum, r) => sum + r.connected, 0), ms: performance.now() - start };
  }

  /** Client i joins `rooms[i % rooms.length]`, as with one worker. */
  async join(rooms: string | readonly string[], options: Omit<JoinRequest, 'rooms'> = {}): Promise<JoinResult> {
    const list = typeof rooms === 'string' ? [rooms] : rooms;
    const start = performance.now();
    const results = await Promise.all(
      this.workers.map((worker, w) => {
        const offset = this.offset(w);
        const size = this.sizes[w] ?? 0;
        if (size === 0) return Promise.resolve({ joined: 0, failed: 0, ms: 0 } as JoinResult);
        return worker.join(
          Array.from({ length: size }, (_, j) => list[(offset + j) % list.length] as string),
          options,
        );
      }),
    );
    const firstError = results.find((r) => r.firstError !== undefined)?.firstError;
    return {
      joined: results.reduce((sum, r) => sum + r.joined, 0),
      failed: results.reduce((sum, r) => sum + r.failed, 0),
      ms: performance.now() - start,
      ...(firstError === undefined ? {} : { firstError }),
    };
  }

  /**
   * Measures each worker's clock against this process's (the best of a few round trips): times are
   * `performance.timeOrigin + now()`, and a wall clock stepped between two process starts (as a VM's may be)
   * shifts one against the other. `collect` and `reconnect` answer in this process's clock.
   */
  async syncClocks(): Promise<void> {
    this.offsets = await Promise.all(
      this.workers.map(async (worker) => {
        let best = { rtt: Number.POSITIVE_INFINITY, offset: 0 };
        for (let i = 0; i < 5; i++) {
          const sent = now();
          const theirs = await worker.clock();
          const back = now();
          if (back - sent < best.rtt) best = { rtt: back - sent, offset: theirs - (sent + back) / 2 };
        }
        return best.offset;
      }),
    );
  }

  /** Resolves when each worker has recorded its own share (`totals[w]`), or at the timeout; the sum. */
  async awaitDeliveries(totals: readonly number[], timeoutMs: number): Promise<number> {
    const counts = await Promise.all(this.workers.map((worker, w) => worker.awaitDeliveries(totals[w] ?? 0, timeoutMs)));
    return counts.reduce((sum, n) => sum + n, 0);
  }

  async collect(): Promise<Deliveries> {
    const merged: Deliveries = {};
    const all = await Promise.all(this.workers.map((worker) => worker.collect()));
    all.forEach((deliveries, w) => {
      const offset = this.offsets[w] ?? 0;
      for (const [key, times] of Object.entries(deliveries)) (merged[key] ??= []).push(...times.map((at) => at - offset));
    });
    return merged;
  }

  async offline(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.offline()));
  }

  /** Every worker reconnects its clients at once; `done` in client order, `start` the earliest. */
  async reconnect(request: ReconnectRequest): Promise<ReconnectResult> {
    const results = await Promise.all(this.workers.map((worker) => worker.reconnect(request)));
    const ours = results.map((r, w) => ({ start: r.start - (this.offsets[w] ?? 0), done: r.done.map((at) => at - (this.offsets[w] ?? 0)) }));
    // Workers without clients answer no start.
    const starts = ours.filter((_, w) => (this.sizes[w] ?? 0) > 0).map((r) => r.start);
    return { start: Math.min(...starts), done: ours.flatMap((r) => r.done) };
  }

  async held(room: string): Promise<HeldRun[]> {
    const runs = new Map<string, HeldRun>();
    for (const run of (await Promise.all(this.workers.map((worker) => worker.held(room)))).flat()) {
      const { clients, ...same } = run;
      const key = JSON.stringify(same);
      runs.set(key, { ...same, clients: (runs.get(key)?.clients ?? 0) + clients });
    }
    return [...runs.values()];
  }

  async disconnect(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.disconnect()));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private offset(w: number): number {
    return this.sizes.slice(0, w).reduce((sum, n) => sum + n, 0);
  }
}
