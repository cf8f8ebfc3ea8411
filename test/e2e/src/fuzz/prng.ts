/**
 * A small seeded PRNG (mulberry32): the same seed gives the same requests, so
 * a failure of the fuzz suite is replayed with `FUZZ_SEED=<seed>`.
 */
export class Prng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new Error('pick from an empty list');
    return values[this.int(0, values.length - 1)] as T;
  }

  /** `FUZZ_SEED` when set (a failure's replay), else a new seed. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): Prng {
    const given = env['FUZZ_SEED'];
    if (given !== undefined && given !== '') {
      const seed = Number(given);
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`FUZZ_SEED must be an integer from 0 to ${0xffffffff}, not ${given}`);
      return new Prng(seed);
    }
    return new Prng(Math.floor(Math.random() * 0xffffffff));
  }
}
