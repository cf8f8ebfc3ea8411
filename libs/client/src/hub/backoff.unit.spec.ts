import { Backoff, backoffDelay } from './backoff';

/** A seeded generator of numbers in [0, 1) (a linear congruential one): the same spread at each run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('backoffDelay (full jitter)', () => {
  it('waits up to 250 ms after the first refusal, doubling at each refusal in a row up to 10 s', () => {
    const highest = (refusals: number): number => backoffDelay(refusals, { random: () => 0.999_999 });
    expect([0, 1, 2, 3, 4, 5, 6, 7, 100, 5000].map(highest)).toEqual([249, 499, 999, 1999, 3999, 7999, 9999, 9999, 9999, 9999]);
    expect(backoffDelay(3, { random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { random: () => 0.5 })).toBe(1000);
  });

  it('takes its first and longest waits from the options', () => {
    expect([0, 1, 2, 3].map((refusals) => backoffDelay(refusals, { firstMs: 100, maxMs: 300, random: () => 0.5 }))).toEqual([50, 100, 150, 150]);
  });

  it('spreads the retries of 350 clients refused at once over the whole window, instead of all at the same instant', () => {
    const random = seeded(42);
    const waits = Array.from({ length: 350 }, () => backoffDelay(2, { random })); // their third attempt: up to 1 s
    expect(Math.min(...waits)).toBeLessThan(50);
    expect(Math.max(...waits)).toBeGreaterThan(950);
    // No 100 ms of the second holds more than twice its share (35) of the attempts.
    const buckets = new Array<number>(10).fill(0);
    for (const wait of waits) buckets[Math.floor(wait / 100)]! += 1;
    expect(Math.max(...buckets)).toBeLessThanOrEqual(70);
  });
});

describe('Backoff', () => {
  it('waits longer at each refusal in a row, and the shortest again once reset (an answer)', () => {
    const backoff = new Backoff({ random: () => 0.999_999 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([249, 499, 999]);
    backoff.reset();
    expect(backoff.next()).toBe(249);
  });
});
