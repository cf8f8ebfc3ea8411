import type { KeyStore } from '@catalyse/personal-data';
import { fingerprintPeriodOf, fingerprintSubjectOf, PAYLOAD_FINGERPRINT_SUBJECT, PayloadFingerprints } from './payload-fingerprints';

/** The calls a `PayloadFingerprints` makes, on a key store that holds one key per subject asked. */
function recordingKeys(): { keys: KeyStore; calls: string[] } {
  const calls: string[] = [];
  const held = new Map<string, Buffer>();
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
    completeErasure: async (subject: string) => {
      calls.push(`destroy ${subject}`);
      held.delete(subject);
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

  it('reads each month’s key once, and at a new month destroys the keys before the previous one (then compacts)', async () => {
    const { keys, calls } = recordingKeys();
    const prints = new PayloadFingerprints(keys);
    const december = await prints.of('{"body":{}}', new Date('2026-12-05T09:00:00.000Z'), scope);
    expect(await prints.of('{"body":{}}', new Date('2026-12-20T09:00:00.000Z'), scope)).toBe(december);
    expect(calls).toEqual([
      `destroy ${PAYLOAD_FINGERPRINT_SUBJECT}`,
      'compact',
      `read ${fingerprintSubjectOf('2026-12')}`,
      `write ${fingerprintSubjectOf('2026-12')}`,
    ]);

    calls.length = 0;
    const january = await prints.of('{"body":{}}', new Date('2027-01-02T09:00:00.000Z'), scope);
    expect(january?.split(':')[0]).not.toBe(december?.split(':')[0]);
    // December is the previous month: kept.
    expect(calls.filter((call) => call.startsWith('destroy'))).toEqual([`destroy ${PAYLOAD_FINGERPRINT_SUBJECT}`]);

    calls.length = 0;
    await prints.of('{"body":{}}', new Date('2027-03-01T00:00:00.000Z'), scope);
    expect(calls.filter((call) => call.startsWith('destroy'))).toEqual([
      `destroy ${PAYLOAD_FINGERPRINT_SUBJECT}`,
      `destroy ${fingerprintSubjectOf('2026-12')}`,
      `destroy ${fingerprintSubjectOf('2027-01')}`,
    ]);
  });
});
