import { createHash } from 'node:crypto';
import { canonicalJson, fingerprintsDiffer, payloadFingerprint } from './payload-fingerprint';

describe('payload fingerprints (ADR 0005, amendment of 2026-12-05)', () => {
  const secret = Buffer.alloc(32, 1);
  const scope = { actor: 'alice', stream: 'partnership-p1', idempotencyKey: 'k-1' };

  it('reads a payload as canonical JSON: keys sorted at every depth, arrays kept in order, undefined left out', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    expect(canonicalJson({ title: 'Atelier', dueDate: '2025-03-01' })).toBe(canonicalJson({ dueDate: '2025-03-01', title: 'Atelier' }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('is keyed: the same payload under the same secret, another under another, never a plain SHA-256 of the payload', () => {
    const payload = canonicalJson({ name: 'Zébulon Martin' });
    const print = payloadFingerprint(secret, scope, payload);
    expect(print).toMatch(/^[0-9a-f]{8}:[0-9a-f]{32}$/);
    expect(payloadFingerprint(secret, scope, payload)).toBe(print);
    expect(payloadFingerprint(secret, scope, canonicalJson({ name: 'Zébulon Dupont' }))).not.toBe(print);
    expect(createHash('sha256').update(payload).digest('hex')).not.toContain(print.split(':')[1]);
    const rotated = payloadFingerprint(Buffer.alloc(32, 2), scope, payload);
    expect(rotated.split(':')[0]).not.toBe(print.split(':')[0]);
  });

  it('is bound to the actor, the stream and the key: no one else can reproduce it by sending the same payload', () => {
    const payload = canonicalJson({ name: 'Zébulon Martin' });
    const print = payloadFingerprint(secret, scope, payload);
    expect(payloadFingerprint(secret, { ...scope }, payload)).toBe(print);
    for (const other of [{ actor: 'mallory' }, { stream: 'partnership-p2' }, { idempotencyKey: 'k-2' }, { actor: 'mallory', idempotencyKey: 'k-2' }]) {
      const theirs = payloadFingerprint(secret, { ...scope, ...other }, payload);
      expect(theirs.split(':')[0]).toBe(print.split(':')[0]);
      expect(fingerprintsDiffer(theirs, print)).toBe(true);
    }
    // No field can slide into another (the scope is JSON-encoded).
    expect(payloadFingerprint(secret, { actor: 'a\n"b', stream: 's', idempotencyKey: 'k' }, payload)).not.toBe(
      payloadFingerprint(secret, { actor: 'a', stream: '"b\ns', idempotencyKey: 'k' }, payload),
    );
  });

  it('tells payloads apart only under the same secret (key id): another secret or an unknown form tells nothing', () => {
    const a = payloadFingerprint(secret, scope, '{"title":"A"}');
    const b = payloadFingerprint(secret, scope, '{"title":"B"}');
    expect(fingerprintsDiffer(a, a)).toBe(false);
    expect(fingerprintsDiffer(a, b)).toBe(true);
    expect(fingerprintsDiffer(a, payloadFingerprint(Buffer.alloc(32, 2), scope, '{"title":"B"}'))).toBe(false);
    expect(fingerprintsDiffer(a, 'sha256:abc')).toBe(false);
  });
});
