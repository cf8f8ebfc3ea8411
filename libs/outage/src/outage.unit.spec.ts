import { Outage, type OutageLog } from './outage';

function recording(): OutageLog & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (line) => lines.push(`warn ${line}`), log: (line) => lines.push(`log ${line}`) };
}

const WORDS = { down: (reason: string) => `job queue: Redis unreachable (${reason}), retrying`, back: 'job queue: Redis reachable again' };

describe('Outage', () => {
  it('says the first failure of an outage and its end, once each, however many retries fail', () => {
    const log = recording();
    const outage = new Outage(WORDS, log);
    outage.recovered();
    outage.failed(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    outage.failed(new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect(outage.down).toBe(true);
    outage.recovered();
    outage.recovered();
    outage.failed('timeout');
    expect(log.lines).toEqual([
      'warn job queue: Redis unreachable (connect ECONNREFUSED 127.0.0.1:6379), retrying',
      'log job queue: Redis reachable again',
      'warn job queue: Redis unreachable (timeout), retrying',
    ]);
  });

  it('makes one outage of several sources: back when the last of them recovers', () => {
    const log = recording();
    const outage = new Outage(WORDS, log);
    outage.failed(new Error('a'), 'subscriber');
    outage.failed(new Error('b'), 'publisher');
    outage.recovered('subscriber');
    expect(outage.down).toBe(true);
    outage.recovered('publisher');
    expect(outage.down).toBe(false);
    expect(log.lines).toEqual(['warn job queue: Redis unreachable (a), retrying', 'log job queue: Redis reachable again']);
  });

  it('forgets failures without a word when cleared (a closing client)', () => {
    const log = recording();
    const outage = new Outage(WORDS, log);
    outage.failed(new Error('a'));
    outage.clear();
    outage.recovered();
    expect(outage.down).toBe(false);
    expect(log.lines).toEqual(['warn job queue: Redis unreachable (a), retrying']);
  });
});
