import { ClientBudget, clientKey, tierLimit } from './client-budget';
import { MemoryRateLimitStore } from './memory-store';

describe('ClientBudget', () => {
  it('gives each tier its share of the base, at least one request', () => {
    expect([tierLimit(6000, 'anonymous'), tierLimit(6000, 'partner'), tierLimit(6000, 'catalyseur'), tierLimit(6000, 'operator')]).toEqual([
      1500, 6000, 6000, 12000,
    ]);
    expect(tierLimit(1, 'anonymous')).toBe(1);
  });

  it('counts a principal by subject and an anonymous caller by address, never mixing them', async () => {
    const budget = new ClientBudget(new MemoryRateLimitStore(), { limit: 2 });
    const cat = { principal: { sub: 'cat-1', role: 'catalyseur' as const } };
    expect(clientKey(cat)).toBe('sub:cat-1');
    expect(clientKey({ address: '10.0.0.1' })).toBe('ip:10.0.0.1');
    expect((await budget.consume(cat)).allowed).toBe(true);
    expect((await budget.consume(cat)).allowed).toBe(true);
    const refused = await budget.consume(cat);
    expect(refused).toEqual({ allowed: false, retryAfterMs: expect.any(Number) });
    expect(refused.allowed === false && refused.retryAfterMs).toBeGreaterThan(0);
    expect((await budget.consume({ address: 'sub:cat-1' })).allowed).toBe(true);
    expect(budget.describe(cat)).toBe('at most 2 requests a minute (catalyseur cat-1)');
  });

  it('shares the counts of two budgets on one store (the all-in-one’s api and hub)', async () => {
    const store = new MemoryRateLimitStore();
    const http = new ClientBudget(store, { limit: 1 });
    const hub = new ClientBudget(store, { limit: 1 });
    const op = { principal: { sub: 'op-1', role: 'operator' as const } };
    expect((await http.consume(op)).allowed).toBe(true);
    expect((await hub.consume(op)).allowed).toBe(true);
    expect((await http.consume(op)).allowed).toBe(false);
  });
});
