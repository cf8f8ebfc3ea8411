import { PERSONAL_DATA_ERASED, personStream } from '@catalyse/domain';
import type { EventStore } from '@catalyse/event-store';
import type { Redaction } from '@catalyse/projections';
import type { KeyStore } from '../key-store';
import { formerValues } from './former-values';
import { rewriteLog } from './rewrite-log';

/** Derived data kept outside the read models (the kept reports: `ReportStore`) that an erasure redacts too. */
export interface RedactableStore {
  redact(redactions: readonly Redaction[]): Promise<unknown>;
}

export interface ErasuresLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface KeyStoreErasuresOptions {
  /**
   * The log as its readers read it, opened through the personal-data layer and not upcast (the
   * `PersonalDataEventStore`): the texts others wrote that hold the erased person's name are rewritten in it
   * (`rewriteLog`) when it can (`rewriteData`: SQLite, PostgreSQL). Without it the log is left as written.
   */
  readonly log?: EventStore;
  /** Progress of the log's rewrite (no personal value is ever logged: ids and counts only). */
  readonly logger?: ErasuresLogger;
}

/**
 * How an erasure is carried through by the projector (it implements the
 * projector's `ProjectorErasures`): while the person's key is kept unreadable
 * (`erasing`), their former values are read from the sealed log and removed
 * from every read model and feed; once that batch committed, they are removed
 * from the other derived stores (kept reports) and the names among them from
 * the texts of the log (`options.log`), then the key is destroyed. A stop in
 * between is completed when a projector next takes the lead (the redaction of
 * the other stores and of the log again, then the key's destruction).
 */
export class KeyStoreErasures {
  constructor(
    /** The log as stored (sealed fields). */
    private readonly sealed: EventStore,
    private readonly keys: KeyStore,
    /** Redacted before the key is destroyed (their redaction is idempotent). */
    private readonly derived: readonly RedactableStore[] = [],
    private readonly options: KeyStoreErasuresOptions = {},
  ) {}

  async formerValues(subject: string): Promise<readonly Redaction[]> {
    const key = await this.keys.keyOfErasing(subject);
    if (!key) return [];
    return formerValues(this.sealed, subject, key, await this.keys.streamsOf(subject));
  }

  async complete(subject: string): Promise<void> {
    if (this.derived.length > 0 || this.options.log) {
      // Read while the key is still kept: a failure here leaves the erasure pending (retried), never a value behind.
      const redactions = await this.formerValues(subject);
      if (redactions.length > 0) {
        for (const store of this.derived) await store.redact(redactions);
        if (this.options.log) await this.rewriteLog(this.options.log, subject, redactions);
      }
    }
    await this.keys.completeErasure(subject, new Date().toISOString());
    await this.keys.compact();
  }

  async recover(checkpoint: bigint): Promise<void> {
    for (const subject of await this.keys.pendingErasures()) {
      const erased = await this.erasureEvent(subject);
      if (erased !== undefined && erased <= checkpoint) await this.complete(subject);
    }
  }

  /** Position of the person's `PersonalDataErased` event, when it is the last of their stream. */
  private async erasureEvent(subject: string): Promise<bigint | undefined> {
    const [last] = await this.sealed.readStream(personStream(subject), { from: 'end', direction: 'backwards', limit: 1 });
    return last?.type === PERSONAL_DATA_ERASED ? last.position : undefined;
  }

  /** The names among `redactions` out of the log's texts, up to the erasure's event (what the read models were redacted up to). */
  private async rewriteLog(log: EventStore, subject: string, redactions: readonly Redaction[]): Promise<void> {
    const logger = this.options.logger;
    if (!log.rewriteData) {
      logger?.warn(`erasure of ${subject}: this event store cannot rewrite its log, names others wrote stay in it (ADR 0006)`);
      return;
    }
    const upTo = (await this.erasureEvent(subject)) ?? (await log.headPosition());
    const names = redactions.filter((redaction) => redaction.match === 'within').length;
    logger?.log(`erasure of ${subject}: rewriting the log's texts holding ${names} former name(s), up to position ${upTo}`);
    const started = performance.now();
    const result = await rewriteLog(log, redactions, { upTo });
    if (result) {
      const ms = Math.round(performance.now() - started);
      logger?.log(`erasure of ${subject}: log scanned (${result.scanned} events), ${result.rewritten} rewritten, in ${ms} ms`);
    }
  }
}
