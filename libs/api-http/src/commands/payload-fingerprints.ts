import { type FingerprintScope, payloadFingerprint } from '@catalyse/commands';
import { Logger } from '@nestjs/common';
import { type KeyStore, PersonErasedError } from '@catalyse/personal-data';

/**
 * The prefix of the key-store subjects whose keys make the payload fingerprints (ADR 0005, amendments of 2026-12-05):
 * one key a month, `$catalyse/idempotency-fingerprint/2026-12`. Not a person: `$` and `/` are outside every id the api
 * and the CLI accept (`ID_PATTERN`), so no person's erasure can name them. Made on first use (`INSERT OR IGNORE` /
 * `ON CONFLICT DO NOTHING`: every api node of a deployment gets the same one from the key store they share), noted
 * under its own name as its one « stream ». The undated subject itself held the one key of the first version: it is
 * destroyed as the months past are.
 */
export const PAYLOAD_FINGERPRINT_SUBJECT = '$catalyse/idempotency-fingerprint';

/**
 * How many months a month's key outlives it: at the first fingerprint of a month, the keys of the months before the
 * last one are destroyed (`completeErasure`, then `compact`: as an erasure destroys a person's key). A retry comes
 * within hours; a fingerprint is compared only under the key it was made with, so a retry in another month than its
 * first request is answered with the first result, not compared.
 */
export const FINGERPRINT_KEY_KEPT_MONTHS = 1;

/** The first month with a key of its own (before it, the undated key of the first version). */
const FIRST_PERIOD = { year: 2026, month: 12 };

/** The month of `at` (UTC), `2026-12`. */
export function fingerprintPeriodOf(at: Date): string {
  return periodName(at.getUTCFullYear(), at.getUTCMonth() + 1);
}

/** The key-store subject of the fingerprint key of `period` (`2026-12`). */
export function fingerprintSubjectOf(period: string): string {
  return `${PAYLOAD_FINGERPRINT_SUBJECT}/${period}`;
}

/**
 * The keyed fingerprints of the payloads of commands sent with an `Idempotency-Key`: HMAC-SHA-256 of the actor, the
 * stream, the key and the payload under the key of the request's month in the key store (`fingerprintSubjectOf`), apart from the event log, as the personal data's
 * keys are, and destroyed with the months past (`FINGERPRINT_KEY_KEPT_MONTHS`): a fingerprint of a payload that
 * held a person's name cannot be tested against guesses once its key is gone. Each key is read once per process.
 */
export class PayloadFingerprints {
  private readonly secrets = new Map<string, Promise<Buffer | undefined>>();
  private readonly logger = new Logger('PayloadFingerprints');

  constructor(private readonly keys: KeyStore) {}

  /**
   * The fingerprint of `payload` (canonical JSON) sent by `scope.actor` on `scope.stream` with `scope.idempotencyKey`,
   * under the key of the month of `at` (the request's moment), or undefined when the key cannot be had (nothing is
   * compared then). Bound to the scope: no one else can reproduce it by sending the same payload.
   */
  async of(payload: string, at: Date, scope: FingerprintScope): Promise<string | undefined> {
    const secret = await this.key(fingerprintPeriodOf(at), at);
    return secret === undefined ? undefined : payloadFingerprint(secret, scope, payload);
  }

  private key(period: string, at: Date): Promise<Buffer | undefined> {
    let secret = this.secrets.get(period);
    if (secret === undefined) {
      secret = keyOf(this.keys, fingerprintSubjectOf(period)).catch((error: unknown) => {
        // The key store not answering fails this command (as its personal fields would); the next one asks again.
        this.secrets.delete(period);
        throw error;
      });
      this.secrets.set(period, secret);
      for (const kept of this.secrets.keys()) if (kept < period) this.secrets.delete(kept);
      // A new month for this process: the keys of the months past are destroyed beside the command, not before it (a
      // failure is logged and tried again next month, or by the next process; it never fails the command).
      void secret
        .then(() => this.retireBefore(period, at))
        .catch((error: unknown) =>
          this.logger.error(`the fingerprint keys before ${period} were not destroyed: ${error instanceof Error ? error.message : String(error)}`),
        );
    }
    return secret;
  }

  /**
   * Destroys the keys of the months before `period` but the last `FINGERPRINT_KEY_KEPT_MONTHS`, and the undated key
   * of the first version, as an erasure destroys a person's key (overwritten, then the files compacted). Idempotent
   * (an erased subject stays erased, an unknown one stays unknown): every api node does it at its first keyed
   * command of a month.
   */
  private async retireBefore(period: string, at: Date): Promise<void> {
    const subjects = [PAYLOAD_FINGERPRINT_SUBJECT, ...monthsBefore(period, FINGERPRINT_KEY_KEPT_MONTHS).map(fingerprintSubjectOf)];
    let destroyed = false;
    for (const subject of subjects) {
      // Only a key still there: the others were destroyed by an earlier month's run, or never made.
      if ((await this.keys.record(subject)).status !== 'active') continue;
      await this.keys.completeErasure(subject, at.toISOString());
      destroyed = true;
    }
    if (destroyed) await this.keys.compact();
  }
}

/**
 * How many months past are looked at: a month's key is destroyed in the next month but one, by the first process with
 * a keyed command then; a deployment that stood still (or sent no keyed command) for longer has its older keys
 * destroyed by hand (`ops`-free: their subjects are listed in ADR 0005).
 */
const RETIRED_WINDOW_MONTHS = 12;

/** The months from `kept + 1` months before `period` back to `RETIRED_WINDOW_MONTHS` before that (not before `FIRST_PERIOD`), oldest first. */
function monthsBefore(period: string, kept: number): string[] {
  const [year, month] = period.split('-').map(Number);
  if (year === undefined || month === undefined) return [];
  const last = year * 12 + (month - 1) - kept - 1;
  const months: string[] = [];
  for (let index = Math.max(FIRST_PERIOD.year * 12 + (FIRST_PERIOD.month - 1), last - RETIRED_WINDOW_MONTHS + 1); index <= last; index++) {
    months.push(periodName(Math.floor(index / 12), (index % 12) + 1));
  }
  return months;
}

function periodName(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

async function keyOf(keys: KeyStore, subject: string): Promise<Buffer | undefined> {
  const kept = (await keys.keysForReading([subject])).get(subject);
  if (kept) return kept;
  try {
    return (await keys.keysForWriting([subject], [], subject)).get(subject);
  } catch (error) {
    // A month already destroyed (a clock set back) or marked erased by hand: fingerprints are left out, never a 410.
    if (error instanceof PersonErasedError) return undefined;
    throw error;
  }
}
