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
    let scanned: { log: EventStore; redactions: readonly Redaction[]; last: bigint } | undefined;
    if (this.derived.length > 0 || this.options.log) {
      // Read while the key is still kept: a failure here leaves the erasure pending (retried), never a value behind.
      const redactions = await this.formerValues(subject);
      if (redactions.length > 0) {
        for (const store of this.derived) await store.redact(redactions);
        const log = this.options.log;
        const last = log ? await this.rewriteLog(log, subject, redactions) : undefined;
        if (log && last !== undefined) scanned = { log, redactions, last };
      }
    }
    await this.keys.completeErasure(subject, new Date().toISOString());
    await this.keys.compact();
    // A command that decided meanwhile from a state folded before the scan rewrote its stream (cached by a process
    // whose watch forgets only once the erasure completed, or read just before) may have appended a copy of a text
    // naming the person after the scan passed: what came since is scanned once more, the names still in memory.
    if (scanned) await this.rewriteSince(scanned.log, subject, scanned.redactions, scanned.last);
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

  /**
   * The names among `redactions` out of the log's texts, to its end: the events after the erasure's too, appended
   * while it was under way (a reminder copying a milestone's title that held the name, folded from the log before
   * this scan rewrote it). The projector folds them after this, from the log as rewritten (it follows the log again
   * after an erasure). The position of the last event scanned; undefined when the store cannot rewrite.
   */
  private async rewriteLog(log: EventStore, subject: string, redactions: readonly Redaction[]): Promise<bigint | undefined> {
    const logger = this.options.logger;
    if (!log.rewriteData) {
      logger?.warn(`erasure of ${subject}: this event store cannot rewrite its log, names others wrote stay in it (ADR 0006)`);
      return undefined;
    }
    const names = redactions.filter((redaction) => redaction.match === 'within').length;
    logger?.log(`erasure of ${subject}: rewriting the log's texts holding ${names} former name(s), up to its end`);
    const started = performance.now();
    const result = await rewriteLog(log, redactions, {});
    if (!result) return undefined;
    const ms = Math.round(performance.now() - started);
    logger?.log(`erasure of ${subject}: log scanned (${result.scanned} events, to position ${result.last}), ${result.rewritten} rewritten, in ${ms} ms`);
    return result.last;
  }

  /** The events appended after the first scan, once the key is destroyed: a failure is said, the key is gone already. */
  private async rewriteSince(log: EventStore, subject: string, redactions: readonly Redaction[], after: bigint): Promise<void> {
    try {
      const result = await rewriteLog(log, redactions, { after });
      if (result && result.rewritten > 0) {
        this.options.logger?.log(`erasure of ${subject}: ${result.rewritten} event(s) appended during the log's scan rewritten`);
      }
    } catch (error) {
      this.options.logger?.warn(
        `erasure of ${subject}: rewriting the events appended after position ${after} failed: ${error instanceof Error ? error.message : String(error)}; a name copied meanwhile may stay in them`,
      );
    }
  }
}
