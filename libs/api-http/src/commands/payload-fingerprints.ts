import { payloadFingerprint } from '@catalyse/commands';
import { type KeyStore, PersonErasedError } from '@catalyse/personal-data';

/**
 * The key-store subject whose key makes the payload fingerprints (ADR 0005, amendment of 2026-12-05). Not a person:
 * `$` and `/` are outside every id the api and the CLI accept (`ID_PATTERN`), so no erasure can name it and its key
 * is never destroyed. It is made on first use (`INSERT OR IGNORE` / `ON CONFLICT DO NOTHING`: every api node of a
 * deployment gets the same one from the key store they share), noted under its own name as its one « stream ».
 */
export const PAYLOAD_FINGERPRINT_SUBJECT = '$catalyse/idempotency-fingerprint';

/**
 * The keyed fingerprints of the payloads of commands sent with an `Idempotency-Key`: HMAC-SHA-256 under a key of the
 * key store (`PAYLOAD_FINGERPRINT_SUBJECT`), apart from the event log, as the personal data's keys are. The key is
 * read once per process.
 */
export class PayloadFingerprints {
  private secret?: Promise<Buffer | undefined>;

  constructor(private readonly keys: KeyStore) {}

  /** The fingerprint of `payload` (canonical JSON), or undefined when the key cannot be had (nothing is compared then). */
  async of(payload: string): Promise<string | undefined> {
    const secret = await this.key();
    return secret === undefined ? undefined : payloadFingerprint(secret, payload);
  }

  private key(): Promise<Buffer | undefined> {
    this.secret ??= keyOf(this.keys).catch((error: unknown) => {
      // The key store not answering fails this command (as its personal fields would); the next one asks again.
      this.secret = undefined;
      throw error;
    });
    return this.secret;
  }
}

async function keyOf(keys: KeyStore): Promise<Buffer | undefined> {
  const subject = PAYLOAD_FINGERPRINT_SUBJECT;
  const kept = (await keys.keysForReading([subject])).get(subject);
  if (kept) return kept;
  try {
    return (await keys.keysForWriting([subject], [], subject)).get(subject);
  } catch (error) {
    // Only a hand-edited key store could mark it erased: fingerprints are then left out, never a 410 for every key.
    if (error instanceof PersonErasedError) return undefined;
    throw error;
  }
}
