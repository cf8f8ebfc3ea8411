/**
 * The typed client against a real Catalyse whose hub keeps presence in a real Redis (`RedisPresenceStore`), stopped
 * under it: the hub refuses joins `UNAVAILABLE` meanwhile, and the client asks again after longer and longer waits
 * (a backoff with full jitter, not every 500 ms in step with the room's other clients), then joins by itself once
 * Redis is back.
 */
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { RedisPresenceStore } from '@catalyse/hub';
import type { RoomKey } from '@catalyse/protocol';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { CatalyseHttp, CatalyseHub, valueOf } from './index';
import { startCatalyse, type TestCatalyse } from './testing/catalyse-server';
import { waitFor } from './testing/wait';

jest.setTimeout(90_000);

const silent = { warn: () => undefined, log: () => undefined };

/** A socket.io `io` that notes when each `room:join` goes out, and when and how the hub answers it. */
function watchingJoins(): {
  io: typeof io;
  readonly joins: number[];
  readonly answers: { readonly at: number; readonly code: string }[];
} {
  const joins: number[] = [];
  const answers: { readonly at: number; readonly code: string }[] = [];
  const watching = ((url: string, options?: Parameters<typeof io>[1]) => {
    const socket = io(url, options);
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (event === 'room:join' && typeof ack === 'function') {
        joins.push(Date.now());
        args[args.length - 1] = (answer: { ok: boolean; error?: { code: string } }) => {
          answers.push({ at: Date.now(), code: answer.ok ? 'ok' : (answer.error?.code ?? '?') });
          (ack as (answer: unknown) => void)(answer);
        };
      }
      return emit(event, ...args);
    }) as typeof socket.emit;
    return socket;
  }) as typeof io;
  return { io: watching, joins, answers };
}

describe('CatalyseHub while its hub’s presence store is down (real socket.io, real Redis)', () => {
  let redis: RunningRedis;
  let store: RedisPresenceStore;
  let server: TestCatalyse;
  const hubs: CatalyseHub[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    store = new RedisPresenceStore({ url: redis.url, prefix: `presence-${randomUUID()}`, log: silent });
    server = await startCatalyse({}, { presenceStore: store }); // closes the store
  }, 180_000); // a first run may install redis-server
  afterAll(async () => {
    for (const hub of hubs) hub.close();
    await server?.close();
    await redis?.stop();
  });

  it('asks again after longer and longer waits while the hub refuses UNAVAILABLE, and joins by itself once Redis is back', async () => {
    const http = new CatalyseHttp({ baseUrl: server.url, token: server.token({ sub: 'cat-1', role: 'catalyseur' }) });
    const key = `room:${valueOf(await http.rooms.open({ kind: 'theme', subject: 'client', title: 'Patience', access: 'open' })).id}`;
    await redis.stop({ abruptly: true });

    // The longest draw of each window: waits of 99, 199, 399, 799, then 1,599 ms (the cap).
    const watched = watchingJoins();
    const ada = new CatalyseHub({
      url: server.url,
      token: server.token({ sub: 'cat-ada', role: 'catalyseur' }),
      transports: ['websocket'],
      io: watched.io,
      rejoinBackoff: { firstMs: 100, maxMs: 1_600, random: () => 0.999 },
    });
    // Another, with the defaults (Math.random, 250 ms doubling to 10 s).
    const byDefault = watchingJoins();
    const bob = new CatalyseHub({ url: server.url, token: server.token({ sub: 'cat-bob', role: 'catalyseur' }), transports: ['websocket'], io: byDefault.io });
    hubs.push(ada, bob);
    const adaRoom = ada.room(key);
    const bobRoom = bob.room(key);

    await waitFor(() => watched.answers.length >= 5, 'five refused joins');
    expect(watched.answers.slice(0, 5).map((answer) => answer.code)).toEqual(Array(5).fill('UNAVAILABLE'));
    // Each join after a refusal went out its backoff after the refusal, not 500 ms after every one.
    [99, 199, 399, 799].forEach((wait, i) => {
      const waited = (watched.joins[i + 1] ?? Infinity) - (watched.answers[i]?.at ?? 0);
      expect(waited).toBeGreaterThanOrEqual(wait - 5);
      // A wide margin above (a shared 2-core machine may be slow to answer); the lower bounds are what a fixed 500 ms misses.
      expect(waited).toBeLessThan(wait + 1000);
    });
    // The default backoff: no wait past the window of its refusals in a row (250 ms · 2^n, up to 10 s).
    byDefault.answers.forEach((answer, i) => {
      const next = byDefault.joins[i + 1];
      if (next !== undefined) expect(next - answer.at).toBeLessThan(Math.min(10_000, 250 * 2 ** i) + 1000);
    });

    await redis.restart();
    await waitFor(() => watched.answers.at(-1)?.code === 'ok', 'ada joined once Redis is back', 15_000);
    await Promise.all([adaRoom.ready(), bobRoom.ready()]);
    // Nobody asked them to: each rejoined after its own wait.
    expect(watched.answers.filter((answer) => answer.code === 'ok')).toHaveLength(1);
    expect(byDefault.answers.at(-1)?.code).toBe('ok');
    await waitFor(() => ['cat-ada', 'cat-bob'].every((sub) => adaRoom.presence().includes(sub)), 'ada told bob is there too');
    expect((await store.present(key as RoomKey)).slice().sort()).toEqual(['cat-ada', 'cat-bob']);
  });
});
