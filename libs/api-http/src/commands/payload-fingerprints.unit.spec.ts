import type { KeyStore } from '@catalyse/personal-data';
import { fingerprintPeriodOf, fingerprintSubjectOf, PAYLOAD_FINGERPRINT_SUBJECT, PayloadFingerprints } from './payload-fingerprints';

/** The calls a `PayloadFingerprints` makes, on a key store that holds one key per subject asked. */
function recordingKeys(): { keys: KeyStore; calls: string[] } {
  const calls: string[] = [];
  const held = new Map<string, Buffer>();
  const destroyed = new Set<string>();
  const keys = {
    keysForReading: async (subjects: readonly string[]) => {
      calls.push(`read ${subjects.join(',')}`);
      return new Map(subjects.flatMap((subject) => (held.has(subject) ? [[subject, held.get(subject) as Buffer] as const] : [])));
    },
    keysForWriting: async (owners: readonly string[]) => {
      calls.push(`write ${owners.join(',')}`);
      for (const owner of owners) held.set(owner, Buffer.alloc(32, held.size + 1));
      return new Map(owners.map((owner) => [owner, held.get(owner) as Buffer] as const));
    },
    record: async (subject: string) => ({ subject, status: held.has(subject) ? 'active' : destroyed.has(subject) ? 'erased' : 'unknown' }),
    completeErasure: async (subject: string) => {
      calls.push(`destroy ${subject}`);
      held.delete(subject);
      destroyed.add(subject);
    },
    compact: async () => {
      calls.push('compact');
    },
  } as unknown as KeyStore;
  return { keys, calls };
}

describe('PayloadFingerprints: a key a month, the months past destroyed', () => {
  const scope = { actor: 'alice', stream: 'partnership-p1', idempotencyKey: 'k-1' };

  it('names the month of the request in UTC', () => {
    expect(fingerprintPeriodOf(new Date('2026-12-31T23:30:00.000Z'))).toBe('2026-12');
    expect(fingerprintPeriodOf(new Date('2027-01-01T00:00:00.000Z'))).toBe('2027-01');
    expect(fingerprintSubjectOf('2027-01')).toBe(`${PAYLOAD_FINGERPRINT_SUBJECT}/2027-01`);
  });

  /** The retirement runs beside the command: its calls are made a moment after the fingerprint is answered. */
  const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

  it('reads each month’s key once, and at a new month destroys the keys still there before the previous one (then compacts)', async () => {
    const { keys, calls } = recordingKeys();
    const prints = new PayloadFingerprints(keys);
    const december = await prints.of('{"body":{}}', new Date('2026-12-05T09:00:00.000Z'), scope);
    expect(await prints.of('{"body":{}}', new Date('2026-12-20T09:00:00.000Z'), scope)).toBe(december);
    await settled();
    // No key of the months past (nor the undated one) was ever made here: nothing destroyed, nothing compacted.
    expect(calls).toEqual([`read ${fingerprintSubjectOf('2026-12')}`, `write ${fingerprintSubjectOf('2026-12')}`]);

    calls.length = 0;
    const january = await prints.of('{"body":{}}', new Date('2027-01-02T09:00:00.000Z'), scope);
    expect(january?.split(':')[0]).not.toBe(december?.split(':')[0]);
    await settled();
    // December is the previous month: kept.
    expect(calls.filter((call) => call.startsWith('destroy') || call === 'compact')).toEqual([]);

    calls.length = 0;
    await prints.of('{"body":{}}', new Date('2027-03-01T00:00:00.000Z'), scope);
    await settled();
    expect(calls.filter((call) => call.startsWith('destroy') || call === 'compact')).toEqual([
      `destroy ${fingerprintSubjectOf('2026-12')}`,
      `destroy ${fingerprintSubjectOf('2027-01')}`,
      'compact',
    ]);

    // Another process (or a restart) in March: the keys are gone already, nothing more to do.
    calls.length = 0;
    await new PayloadFingerprints(keys).of('{"body":{}}', new Date('2027-03-02T00:00:00.000Z'), scope);
    await settled();
    expect(calls.filter((call) => call.startsWith('destroy') || call === 'compact')).toEqual([]);
  });

  it('answers the command when the destruction fails (it is tried again next month, or by the next process)', async () => {
    const { keys } = recordingKeys();
    const failing = Object.assign(Object.create(keys) as KeyStore, {
      record: async () => {
        throw new Error('key store busy');
      },
    });
    const prints = new PayloadFingerprints(failing);
    expect(await prints.of('{"body":{}}', new Date('2027-03-01T00:00:00.000Z'), scope)).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
    await settled();
  });
});
