import { Reconnects } from './reconnects';

/** The waits `Reconnects.afterWait` asks for, with the backoff's top of each window (random 0.99). */
function reconnects() {
  const waits: number[] = [];
  const r = new Reconnects(
    1,
    { retryDelayMs: 100, maxFailoverDelayMs: 5_000, backoff: { firstMs: 100, maxMs: 1_000, random: () => 0.99 } },
    (_work, ms) => {
      waits.push(ms);
      return setTimeout(() => undefined, 0);
    },
    () => undefined,
  );
  return { r, waits };
}

describe('Reconnects: the backoff after a node ended the connection itself', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-06T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('keeps growing while each connection is ended at once (a node that accepts and drops is not asked in a tight loop)', () => {
    const { r, waits } = reconnects();
    for (let i = 0; i < 5; i++) {
      r.connected();
      jest.advanceTimersByTime(50);
      r.afterWait(() => undefined);
    }
    expect(waits).toEqual([99, 198, 396, 792, 990]);
  });

  it('starts from the first window again after a connection that held at least the longest wait', () => {
    const { r, waits } = reconnects();
    for (let i = 0; i < 4; i++) r.afterWait(() => undefined);
    r.connected();
    jest.advanceTimersByTime(1_000);
    r.afterWait(() => undefined);
    expect(waits).toEqual([99, 198, 396, 792, 99]);
  });

  it('waits at least what the hub said (retryAfterMs), capped at a minute', () => {
    const { r, waits } = reconnects();
    r.afterWait(() => undefined, 3_000);
    r.afterWait(() => undefined, 10 * 60_000);
    expect(waits).toEqual([3_000, 60_000]);
  });
});
