import { MemoryRateLimitStore } from './memory-store';

describe('MemoryRateLimitStore', () => {
  let now = 0;
  const store = new MemoryRateLimitStore({ now: () => now });
  afterAll(() => store.close());

  it('opens a window per key at its first request; refuses past the limit until the window ends, with the wait left', async () => {
    now = 1_000;
    const limiter = store.limiter({ name: 'connections-catalyseur', points: 2, windowSeconds: 60 });
    expect(await limiter.consume('sub:a')).toEqual({ allowed: true });
    now = 31_000;
    expect(await limiter.consume('sub:a')).toEqual({ allowed: true });
    expect(await limiter.consume('sub:a')).toEqual({ allowed: false, retryAfterMs: 30_000 });
    // Another key has its own window.
    expect(await limiter.consume('sub:b')).toEqual({ allowed: true });
    now = 60_999;
    expect(await limiter.consume('sub:a')).toEqual({ allowed: false, retryAfterMs: 1 });
    now = 61_000;
    expect(await limiter.consume('sub:a')).toEqual({ allowed: true });
    expect(await limiter.consume('sub:a', 2)).toEqual({ allowed: false, retryAfterMs: 60_000 });
  });

  it('forgets a key; the same limit answers the same limiter; refuses a point count that is not a positive integer', async () => {
    now = 0;
    const limit = { name: 'burst', points: 1, windowSeconds: 1 };
    const limiter = store.limiter(limit);
    expect(store.limiter({ ...limit })).toBe(limiter);
    expect(await limiter.consume('socket-1')).toEqual({ allowed: true });
    expect((await limiter.consume('socket-1')).allowed).toBe(false);
    await limiter.forget('socket-1');
    expect(await limiter.consume('socket-1')).toEqual({ allowed: true });
    await expect(limiter.consume('socket-1', 0)).rejects.toThrow(RangeError);
    await expect(limiter.consume('socket-1', 1.5)).rejects.toThrow(RangeError);
  });

  it('drops the windows that ended when it sweeps, and only those', async () => {
    now = 0;
    const limiter = store.limiter({ name: 'requests-partner', points: 10, windowSeconds: 60 }) as unknown as {
      consume(key: string): Promise<unknown>;
      sweep(): void;
      readonly size: number;
    };
    for (let i = 0; i < 1000; i++) await limiter.consume(`sub:person-${i}`);
    now = 30_000;
    await limiter.consume('sub:late');
    now = 60_000;
    limiter.sweep();
    expect(limiter.size).toBe(1);
    now = 90_000;
    limiter.sweep();
    expect(limiter.size).toBe(0);
  });
});
