import { PERSONAL_DATA_ERASED, personStream } from '@catalyse/domain';
import type { EventStore } from '@catalyse/event-store';
import type { Redaction } from '@catalyse/projections';
import type { KeyStore } from '../key-store';
import { formerValues } from './former-values';

/** Derived data kept outside the read models (the kept reports: `ReportStore`) that an erasure redacts too. */
export interface RedactableStore {
  redact(redactions: readonly Redaction[]): Promise<unknown>;
}

/**
 * How an erasure is carried through by the projector (it implements the
 * projector's `ProjectorErasures`): while the person's key is kept unreadable
 * (`erasing`), their former values are read from the sealed log and removed
 * from every read model and feed; once that batch committed, they are removed
 * from the other derived stores (kept reports), then the key is destroyed. A
 * stop in between is completed when a projector next takes the lead (the
 * redaction of the other stores again, then the key's destruction).
 */
export class KeyStoreErasures {
  constructor(
    /** The log as stored (sealed fields). */
    private readonly sealed: EventStore,
    private readonly keys: KeyStore,
    /** Redacted before the key is destroyed (their redaction is idempotent). */
    private readonly derived: readonly RedactableStore[] = [],
  ) {}

  async formerValues(subject: string): Promise<readonly Redaction[]> {
    const key = await this.keys.keyOfErasing(subject);
    if (!key) return [];
    return formerValues(this.sealed, subject, key, await this.keys.streamsOf(subject));
  }

  async complete(subject: string): Promise<void> {
    if (this.derived.length > 0) {
      // Read while the key is still kept: a failure here leaves the erasure pending (retried), never a value behind.
      const redactions = await this.formerValues(subject);
      if (redactions.length > 0) for (const store of this.derived) await store.redact(redactions);
    }
    await this.keys.completeErasure(subject, new Date().toISOString());
    await this.keys.compact();
  }

  async recover(checkpoint: bigint): Promise<void> {
    for (const subject of await this.keys.pendingErasures()) {
      const [last] = await this.sealed.readStream(personStream(subject), { from: 'end', direction: 'backwards', limit: 1 });
      if (last?.type === PERSONAL_DATA_ERASED && last.position <= checkpoint) await this.complete(subject);
    }
  }
}
