/**
 * The per-client budget over real HTTP: one budget across routes, per
 * principal (verified token) or per address, tiers by role, unmetered health,
 * and the budget shared by two api apps counting in one real Redis.
 */
import { RedisRateLimitStore } from '@catalyse/rate-limits';
import { type RunningRedis, startRedis } from '@catalyse/test-servers';
import { type ApiHarness, type ErrorBody, startApi } from '../test-support/api-harness';

jest.setTimeout(60_000);

const ROUTES = ['/api/partnerships', '/api/catalyseurs', '/api/rooms', '/api/gatherings', '/api/territories', '/api/introductions'];

describe('HTTP rate limit: one budget per client across routes', () => {
  let api: ApiHarness;
  const LIMIT = 6;

  beforeAll(async () => {
    api = await startApi({ api: { rateLimit: { limit: LIMIT, ttlMs: 60_000 } }, http: { trustProxy: 1 } });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('a client throttled on one route is throttled on every other: 429 RATE_LIMITED with Retry-After', async () => {
    const token = api.token({ sub: 'cat-eager', role: 'catalyseur' });
    // One request on each of six routes spends the whole budget.
    for (const path of ROUTES) expect((await api.request('GET', path, { token })).status).toBe(200);
    for (const path of [...ROUTES, '/api/observatory']) {
      const refused = await api.request<ErrorBody>('GET', path, { token });
      expect({ path, status: refused.status }).toEqual({ path, status: 429 });
      expect(refused.body).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringContaining(`at most ${LIMIT} requests a minute (catalyseur cat-eager)`),
      });
      expect(refused.body).not.toHaveProperty('retryAfterMs');
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // A command too, before its body is even looked at.
    const command = await api.request<ErrorBody>('POST', '/api/partnerships', { token, body: {} });
    expect(command.status).toBe(429);
    // Health is not metered.
    expect((await api.request('GET', '/api/health', { token })).status).toBe(200);
  });

  it('two principals have separate budgets, operators twice the base', async () => {
    const first = api.token({ sub: 'cat-a', role: 'catalyseur' });
    const second = api.token({ sub: 'cat-b', role: 'catalyseur' });
    const operator = api.token({ sub: 'op-a', role: 'operator' });
    const statuses = async (token: string, count: number): Promise<number[]> => {
      const seen: number[] = [];
      for (let i = 0; i < count; i++) seen.push((await api.request('GET', ROUTES[i % ROUTES.length] ?? '/api/rooms', { token })).status);
      return seen;
    };
    expect(await statuses(first, LIMIT + 1)).toEqual([...Array<number>(LIMIT).fill(200), 429]);
    expect(await statuses(second, LIMIT + 1)).toEqual([...Array<number>(LIMIT).fill(200), 429]);
    expect(await statuses(operator, 2 * LIMIT + 1)).toEqual([...Array<number>(2 * LIMIT).fill(200), 429]);
    // The same subject with a new token is the same client.
    expect((await api.request('GET', '/api/rooms', { token: api.token({ sub: 'cat-a', role: 'catalyseur' }) })).status).toBe(429);
  });

  it('anonymous callers (no token, or a forged one) are counted by address, a quarter of the base', async () => {
    const forged = `${api.token({ sub: 'cat-forger', role: 'catalyseur' })}x`;
    const from = (address: string, token?: string) =>
      api.request<ErrorBody>('GET', '/api/rooms', { headers: { 'x-forwarded-for': address }, ...(token ? { token } : {}) });
    // ceil(6 / 4) = 2 per address.
    expect((await from('198.51.100.7')).status).toBe(401);
    expect((await from('198.51.100.7', forged)).status).toBe(401);
    const refused = await from('198.51.100.7', forged);
    expect(refused.status).toBe(429);
    expect(refused.body.message).toContain('address 198.51.100.7');
    expect((await from('198.51.100.8')).status).toBe(401);
    // Health and the OpenAPI document stay open to the limited address.
    expect((await api.request('GET', '/api/health', { headers: { 'x-forwarded-for': '198.51.100.7' } })).status).toBe(200);
    expect((await api.request('GET', '/api/docs-json', { headers: { 'x-forwarded-for': '198.51.100.7' } })).status).toBe(200);
  });
});

describe('HTTP rate limit shared by two api apps through Redis', () => {
  let redis: RunningRedis;
  const stores: RedisRateLimitStore[] = [];
  const apis: ApiHarness[] = [];
  const logged: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    for (let i = 0; i < 2; i++) {
      const store = new RedisRateLimitStore({ url: redis.url, log: (line) => logged.push(line), logEveryMs: 60_000 });
      stores.push(store);
      await store.ready();
      apis.push(await startApi({ api: { rateLimit: { limit: 4, ttlMs: 60_000 }, rateLimitStore: store } }));
    }
  });
  afterAll(async () => {
    for (const api of apis) await api.close();
    for (const store of stores) await store.close();
    await redis?.stop();
  });

  it('counts a client once whichever app it reaches; another client keeps its own budget', async () => {
    const [a, b] = apis as [ApiHarness, ApiHarness];
    const tokenOnA = a.token({ sub: 'cat-shared', role: 'catalyseur' });
    const tokenOnB = b.token({ sub: 'cat-shared', role: 'catalyseur' });
    expect((await a.request('GET', '/api/rooms', { token: tokenOnA })).status).toBe(200);
    expect((await b.request('GET', '/api/partnerships', { token: tokenOnB })).status).toBe(200);
    expect((await a.request('GET', '/api/catalyseurs', { token: tokenOnA })).status).toBe(200);
    expect((await b.request('GET', '/api/rooms', { token: tokenOnB })).status).toBe(200);
    expect((await a.request('GET', '/api/rooms', { token: tokenOnA })).status).toBe(429);
    expect((await b.request('GET', '/api/gatherings', { token: tokenOnB })).status).toBe(429);
    expect((await b.request('GET', '/api/rooms', { token: b.token({ sub: 'cat-other', role: 'catalyseur' }) })).status).toBe(200);
    expect(logged).toEqual([]);
  });

  it('fails open to each app’s memory while Redis is down (logged), and shares again once it is back', async () => {
    const [a, b] = apis as [ApiHarness, ApiHarness];
    await redis.stop();
    const token = a.token({ sub: 'cat-outage', role: 'catalyseur' });
    // Each app counts alone: 4 each, never a 5xx.
    const onA: number[] = [];
    const onB: number[] = [];
    for (let i = 0; i < 5; i++) onA.push((await a.request('GET', '/api/rooms', { token })).status);
    for (let i = 0; i < 5; i++) onB.push((await b.request('GET', '/api/rooms', { token: b.token({ sub: 'cat-outage', role: 'catalyseur' }) })).status);
    expect(onA).toEqual([200, 200, 200, 200, 429]);
    expect(onB).toEqual([200, 200, 200, 200, 429]);
    expect(logged.filter((line) => line.includes('Redis unavailable'))).toHaveLength(2);

    await redis.restart();
    const fresh = a.token({ sub: 'cat-after', role: 'catalyseur' });
    await waitFor(async () => {
      await a.request('GET', '/api/rooms', { token: fresh });
      return logged.some((line) => line.includes('Redis is back'));
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
