import { PresenceFailures } from './presence-failures';

describe('PresenceFailures', () => {
  let now: number;
  let lines: string[];
  let failures: PresenceFailures;

  beforeEach(() => {
    now = Date.parse('2026-12-05T08:00:00Z');
    lines = [];
    failures = new PresenceFailures({ error: (line) => lines.push(`error: ${line}`), log: (line) => lines.push(`log: ${line}`) }, 10_000, () => now);
  });

  it('says the first failure of each kind, then a summary at most every period, then the end of the outage once', () => {
    const down = new Error('Connection is closed.');
    for (let i = 0; i < 100; i++) {
      failures.failed('reading', `reading the presence of room:r${i % 5}`, down);
      now += 100; // a diff window of each of five rooms every half second: 100 failures in 10 s
    }
    failures.failed('removing', 'removing bob from room:r1', down);
    expect(lines).toEqual([
      'error: reading the presence of room:r0 failed: Connection is closed.',
      'error: removing bob from room:r1 failed: Connection is closed. (101 presence failures since 2026-12-05T08:00:00.000Z)',
    ]);
    now += 100;
    failures.failed('reading', 'reading the presence of room:r2', down);
    expect(lines).toHaveLength(2);
    now += 10_000;
    failures.failed('reading', 'reading the presence of room:r3', down);
    expect(lines.slice(2)).toEqual([
      'error: 101 more presence failures in the last 10 s; the latest: reading the presence of room:r3 failed: Connection is closed.',
    ]);
    expect(failures.failing).toBe(true);

    // An answer right after a failure ends nothing (other calls may still be refused); one after 10 s without any does.
    failures.succeeded();
    expect(lines).toHaveLength(3);
    now += 10_000;
    failures.succeeded();
    failures.succeeded();
    expect(lines.slice(3)).toEqual(['log: the presence store answers again: 103 presence failure(s) in 30 s, 0 of them not logged']);
    expect(failures.failing).toBe(false);

    // A new outage starts afresh.
    failures.failed('reading', 'reading the presence of room:r4', down);
    expect(lines.slice(4)).toEqual(['error: reading the presence of room:r4 failed: Connection is closed.']);
  });

  it('keeps a partial outage (reads answered, writes refused) as one outage: its first lines are not said again', () => {
    const refused = new Error('READONLY You can not write against a read only replica.');
    for (let i = 0; i < 50; i++) {
      failures.failed('adding', `adding p${i} to room:r`, refused);
      now += 100;
      failures.succeeded(); // a read answered
      now += 100;
    }
    expect(lines).toEqual(['error: adding p0 to room:r failed: READONLY You can not write against a read only replica.']);
    now += 10_000;
    failures.succeeded();
    expect(lines.slice(1)).toEqual(['log: the presence store answers again: 50 presence failure(s) in 20 s, 49 of them not logged']);
  });

  it('says nothing while the store answers', () => {
    failures.succeeded();
    expect(lines).toEqual([]);
  });
});
