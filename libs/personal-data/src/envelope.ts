import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type PersonalFields, tombstoneOf } from '@catalyse/domain';

/**
 * How personal fields sit in a stored event: `null` in place in `data`, their
 * values kept, per person, in `data.$personal`, encrypted with the person's key
 * (AES-256-GCM, a fresh 96-bit IV each time, the event's id and the person's id
 * as associated data so a ciphertext cannot be moved to another event). The
 * field names and their kind stay readable: without the key each field reads
 * as its tombstone, and the rest of the event as it was.
 */
export const PERSONAL_KEY = '$personal';

/** What a field was, to give it the right tombstone. */
export type FieldKind = 'text' | 'list' | 'other';

export interface SealedFields {
  /** The person. */
  readonly s: string;
  /** Each field and its kind. */
  readonly f: Readonly<Record<string, FieldKind>>;
  /** base64 of IV (12) ‖ tag (16) ‖ ciphertext of the JSON of the fields. */
  readonly c: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export const newKey = (): Buffer => randomBytes(32);

const kindOf = (value: unknown): FieldKind => (typeof value === 'string' ? 'text' : Array.isArray(value) ? 'list' : 'other');
// Ids lower-cased: an engine may store a UUID in lower case (KurrentDB).
const aad = (eventId: string, subject: string): Buffer => Buffer.from(`${eventId.toLowerCase()}\n${subject}`, 'utf8');

/** Encrypts the personal fields of `data` (one sealed entry per person); `undefined` when it has none. */
export function seal(
  data: Readonly<Record<string, unknown>>,
  personal: readonly PersonalFields[],
  keys: ReadonlyMap<string, Buffer>,
  eventId: string,
): Record<string, unknown> | undefined {
  const sealed: SealedFields[] = [];
  const rest: Record<string, unknown> = { ...data };
  for (const { subject, fields } of personal) {
    const key = keys.get(subject);
    if (!key) throw new Error(`no key for ${subject}`);
    const values: Record<string, unknown> = {};
    const kinds: Record<string, FieldKind> = {};
    for (const field of Object.keys(fields)) {
      if (!(field in rest)) continue;
      values[field] = rest[field];
      kinds[field] = kindOf(rest[field]);
      rest[field] = null; // kept in place (null): the data keeps its shape and its keys' order
    }
    if (Object.keys(values).length === 0) continue;
    sealed.push({ s: subject, f: kinds, c: encrypt(values, key, eventId, subject) });
  }
  return sealed.length === 0 ? undefined : { ...rest, [PERSONAL_KEY]: sealed };
}

/** base64 of IV ‖ tag ‖ ciphertext of the JSON of `values`, a fresh IV each time. */
function encrypt(values: Readonly<Record<string, unknown>>, key: Buffer, eventId: string, subject: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(eventId, subject));
  const body = Buffer.concat([cipher.update(JSON.stringify(values), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/**
 * Opened data, changed by an erasure (a name someone else wrote, redacted), sealed again as `stored` was: the
 * same persons' entries in the same order, the same fields `null` in place. An entry whose person's key `keys`
 * has is sealed anew from the fields' new values (a fresh IV, the same associated data); one whose key it has not
 * (a person erasing or erased), or that the key does not open, is kept as stored, its fields' tombstones in `data` dropped: what was shredded
 * stays shredded, and no tombstone is ever sealed in place of a value.
 */
export function reseal(
  data: Readonly<Record<string, unknown>>,
  stored: readonly SealedFields[],
  keys: ReadonlyMap<string, Buffer>,
  eventId: string,
): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...data };
  delete rest[PERSONAL_KEY];
  const sealed = stored.map((entry): SealedFields => {
    const key = keys.get(entry.s);
    const values: Record<string, unknown> = {};
    for (const field of Object.keys(entry.f)) {
      if (!(field in rest)) continue;
      values[field] = rest[field];
      rest[field] = null;
    }
    // A ciphertext the key does not open (altered, moved) read as tombstones: kept as it is, never sealed over.
    return key && openSealed(entry, key, eventId) ? { s: entry.s, f: entry.f, c: encrypt(values, key, eventId, entry.s) } : entry;
  });
  return sealed.length === 0 ? rest : { ...rest, [PERSONAL_KEY]: sealed };
}

/** The sealed entries of stored data (none for data written in clear). */
export function sealedOf(data: unknown): readonly SealedFields[] {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const sealed = (data as Record<string, unknown>)[PERSONAL_KEY];
  return Array.isArray(sealed) ? sealed.filter(isSealed) : [];
}

function isSealed(value: unknown): value is SealedFields {
  const v = value as Partial<SealedFields> | null;
  return typeof v === 'object' && v !== null && typeof v.s === 'string' && typeof v.c === 'string' && typeof v.f === 'object' && v.f !== null;
}

/** The fields of one sealed entry, or `undefined` when the key is wrong or the ciphertext altered. */
export function openSealed(entry: SealedFields, key: Buffer, eventId: string): Record<string, unknown> | undefined {
  try {
    const bytes = Buffer.from(entry.c, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(aad(eventId, entry.s));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    const fields = JSON.parse(text) as unknown;
    return typeof fields === 'object' && fields !== null && !Array.isArray(fields) ? (fields as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The data as the application knows it: each sealed entry opened with its
 * person's key when `keys` has it, else its fields as tombstones.
 */
export function unseal(data: Readonly<Record<string, unknown>>, keys: ReadonlyMap<string, Buffer>, eventId: string): Record<string, unknown> {
  const sealed = sealedOf(data);
  const out: Record<string, unknown> = { ...data };
  delete out[PERSONAL_KEY];
  for (const entry of sealed) {
    const key = keys.get(entry.s);
    const opened = key ? openSealed(entry, key, eventId) : undefined;
    for (const [field, kind] of Object.entries(entry.f)) out[field] = opened && field in opened ? opened[field] : tombstoneOf(kind);
  }
  return out;
}
