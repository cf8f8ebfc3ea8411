import { Outage, type OutageCounts, type OutageLog } from './outage';

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

describe('Outage with kinds, summaries, counts and a quiet period (the presence store of a hub)', () => {
  let now: number;
  let lines: string[];
  let outage: Outage;
  const words = {
    down: (reason: string, { failures, since }: OutageCounts) =>
      failures === 1 ? reason : `${reason} (${failures} failures since ${new Date(since).toISOString()})`,
    more: (reason: string, { untold, lastLineAt, now }: OutageCounts) =>
      `${untold} more failures in the last ${Math.round((now - lastLineAt) / 1000)} s; the latest: ${reason}`,
    back: ({ failures, untold, since, now }: OutageCounts) =>
      `the store answers again: ${failures} failure(s) in ${Math.round((now - since) / 1000)} s, ${untold} of them not logged`,
  };

  beforeEach(() => {
    now = Date.parse('2026-12-05T08:00:00Z');
    lines = [];
    const log = { warn: (line: string) => lines.push(`warn: ${line}`), log: (line: string) => lines.push(`log: ${line}`) };
    outage = new Outage(words, log, { quietMs: 10_000, summaryMs: 10_000, now: () => now });
  });

  it('says the first failure of each kind, then a summary at most every period, then the end of the outage once', () => {
    for (let i = 0; i < 100; i++) {
      outage.failed(`reading room:r${i % 5} failed: Connection is closed.`, undefined, 'reading');
      now += 100; // a diff window of each of five rooms every half second: 100 failures in 10 s
    }
    outage.failed('removing bob from room:r1 failed: Connection is closed.', undefined, 'removing');
    expect(lines).toEqual([
      'warn: reading room:r0 failed: Connection is closed.',
      'warn: removing bob from room:r1 failed: Connection is closed. (101 failures since 2026-12-05T08:00:00.000Z)',
    ]);
    now += 100;
    outage.failed('reading room:r2 failed: Connection is closed.', undefined, 'reading');
    expect(lines).toHaveLength(2);
    now += 10_000;
    outage.failed(new Error('reading room:r3 failed: Connection is closed.'), undefined, 'reading');
    // The failures since the line before: the one that says there were 101 counted those before it.
    expect(lines.slice(2)).toEqual(['warn: 2 more failures in the last 10 s; the latest: reading room:r3 failed: Connection is closed.']);
    now += 100;
    outage.failed('reading room:r4 failed: Connection is closed.', undefined, 'reading');
    expect(outage.down).toBe(true);

    // An answer right after a failure ends nothing (other calls may still be refused); one after 10 s without any does.
    outage.recovered();
    expect(lines).toHaveLength(3);
    now += 10_000;
    outage.recovered();
    outage.recovered();
    expect(lines.slice(3)).toEqual(['log: the store answers again: 104 failure(s) in 30 s, 1 of them not logged']);
    expect(outage.down).toBe(false);

    // A new outage starts afresh: its first failure said again, its counts from zero.
    outage.failed('reading room:r4 failed: Connection is closed.', undefined, 'reading');
    outage.failed('adding ada to room:r4 failed: Connection is closed.', undefined, 'adding');
    expect(lines.slice(4)).toEqual([
      'warn: reading room:r4 failed: Connection is closed.',
      'warn: adding ada to room:r4 failed: Connection is closed. (2 failures since 2026-12-05T08:00:30.200Z)',
    ]);
  });

  it('keeps a partial outage (reads answered, writes refused) as one outage: its first line is not said again', () => {
    for (let i = 0; i < 50; i++) {
      outage.failed(`adding p${i} to room:r failed: READONLY You can not write against a read only replica.`, undefined, 'adding');
      now += 100;
      outage.recovered(); // a read answered
      now += 100;
    }
    expect(lines).toEqual(['warn: adding p0 to room:r failed: READONLY You can not write against a read only replica.']);
    expect(outage.down).toBe(true);
    now += 10_000;
    outage.recovered();
    expect(lines.slice(1)).toEqual(['log: the store answers again: 50 failure(s) in 20 s, 49 of them not logged']);
  });

  it('ends an outage whose last answer came within the quiet period once a failure comes long after: the end, then a new outage', () => {
    outage.failed('reading room:r failed: Connection is closed.', undefined, 'reading');
    now += 100;
    outage.recovered(); // within the quiet period: ends nothing yet, and no call comes after it for an hour
    now += 3_600_000;
    outage.failed('adding ada to room:r failed: Connection is closed.', undefined, 'adding');
    expect(lines).toEqual([
      'warn: reading room:r failed: Connection is closed.',
      'log: the store answers again: 1 failure(s) in 10 s, 0 of them not logged', // over once quiet for 10 s
      'warn: adding ada to room:r failed: Connection is closed.',
    ]);
  });

  it('says nothing while the store answers', () => {
    outage.recovered();
    expect(lines).toEqual([]);
    expect(outage.down).toBe(false);
  });

  it('without a summary in its words, counts the failures after the first without a line, and hands the count to its end', () => {
    const quiet: string[] = [];
    const counting = new Outage(
      { down: (reason) => `down (${reason})`, back: ({ failures, untold }) => `back after ${failures} failures, ${untold} untold` },
      { warn: (line) => quiet.push(line), log: (line) => quiet.push(line) },
      { now: () => now },
    );
    for (let i = 0; i < 5; i++) counting.failed(new Error('ECONNREFUSED'));
    counting.recovered();
    expect(quiet).toEqual(['down (ECONNREFUSED)', 'back after 5 failures, 4 untold']);
  });
});
