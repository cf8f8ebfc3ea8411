import { createHmac } from 'node:crypto';

/**
 * A value as canonical JSON: the keys of every object sorted (by UTF-16 code units, as `Array.prototype.sort`),
 * arrays in their order, no spaces. Two bodies that differ only by the order of their properties give the same text.
 * `undefined` properties are left out, as `JSON.stringify` does.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) Object.defineProperty(out, key, { value: sorted(item), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

// v2: the fingerprint binds the actor, the stream and the key (2026-12-05, after review). Another label gives another
// key id than the first version's under the same secret, so a fingerprint of that version is never compared with one
// of this (`fingerprintsDiffer`: not comparable, the retry answered with the first result).
const KEY_ID_LABEL = 'catalyse/idempotency/key-id/v2';
const PAYLOAD_LABEL = 'catalyse/idempotency/payload/v2\n';

/** Whose command, on which stream, under which key a payload was sent: what its fingerprint is bound to. */
export interface FingerprintScope {
  /** The principal's subject. */
  readonly actor: string;
  readonly stream: string;
  readonly idempotencyKey: string;
}

/**
 * The fingerprint of a command's payload (ADR 0005, amendments of 2026-12-05), kept in the events' metadata beside
 * the `Idempotency-Key` (`metadata.payloadFingerprint`): `{keyId}:{mac}`, where `mac` is HMAC-SHA-256 under `secret`
 * of the actor, the stream, the key and the payload's canonical JSON (`canonicalJson`), cut to 128 bits (32 hex), and
 * `keyId` names the secret (8 hex of an HMAC under it: it tells nothing of the secret). Keyed, never a plain hash:
 * metadata is not encrypted and outlives an erasure, and a plain SHA-256 of a body holding a name would confirm a
 * guess of it to anyone holding the log. Bound to the actor, the stream and the key: the same payload sent by
 * someone else (or under another key, or on another stream) has another fingerprint, so a person who can send
 * commands and read the log cannot test a guess of another's payload by sending it and comparing; only the same
 * actor's retry on the same stream with the same key, the one thing ever compared, gives the same.
 */
export function payloadFingerprint(secret: Buffer, scope: FingerprintScope, canonicalPayload: string): string {
  const keyId = createHmac('sha256', secret).update(KEY_ID_LABEL).digest('hex').slice(0, 8);
  // JSON strings escape every newline: the first line names the scope unambiguously, the payload follows it.
  const bound = `${JSON.stringify([scope.actor, scope.stream, scope.idempotencyKey])}\n${canonicalPayload}`;
  const mac = createHmac('sha256', secret).update(PAYLOAD_LABEL).update(bound).digest('hex').slice(0, 32);
  return `${keyId}:${mac}`;
}

/**
 * Whether two fingerprints tell different payloads: `true` only when both are made under the same secret (same
 * key id) and differ. Under another secret (rotated, or another deployment's) or in an unknown form nothing can be
 * told: `false`, the retry is answered as before.
 */
export function fingerprintsDiffer(first: string, second: string): boolean {
  const a = FINGERPRINT.exec(first);
  const b = FINGERPRINT.exec(second);
  if (!a || !b || a[1] !== b[1]) return false;
  return a[2] !== b[2];
}

const FINGERPRINT = /^([0-9a-f]{8}):([0-9a-f]{32})$/;
