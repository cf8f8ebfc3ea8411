import { OpsRefusal } from './french-output';
import { refuseFuture } from './not-in-future';

describe('refuseFuture (ops as-of --time, ops observatory --as-of)', () => {
  // 23:30 in Paris on 4 December 2026 is 22:30 UTC: « today » is the network's day, not UTC's.
  const now = new Date('2026-12-04T22:30:00Z');
  const refusal = (value: string, timeZone = 'Europe/Paris'): unknown => {
    try {
      refuseFuture('--as-of', value, now, timeZone);
      return undefined;
    } catch (error) {
      return error;
    }
  };

  it('lets today, past days and instants up to now through', () => {
    expect(refusal('2026-12-04')).toBeUndefined();
    expect(refusal('2013-01-01')).toBeUndefined();
    expect(refusal('2026-12-04T22:30:00Z')).toBeUndefined();
    expect(refusal('2026-12-04T23:29:00+01:00')).toBeUndefined();
  });

  it('refuses a day after today in the network’s time zone, exit 2, in French', () => {
    const error = refusal('2026-12-05');
    expect(error).toBeInstanceOf(OpsRefusal);
    expect(error).toMatchObject({
      exitCode: 2,
      message: '--as-of 2026-12-05 est dans le futur : nous sommes le 4 décembre 2026, et seul ce qui a eu lieu se lit',
    });
    // In Auckland it is already the 5th: the same day passes there.
    expect(refusal('2026-12-05', 'Pacific/Auckland')).toBeUndefined();
  });

  it('refuses an instant a minute after now', () => {
    expect(refusal('2026-12-04T22:31:00Z')).toMatchObject({ exitCode: 2, message: expect.stringContaining('--as-of 2026-12-04T22:31:00Z est dans le futur') });
  });
});
