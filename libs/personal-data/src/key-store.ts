import { AppError } from '@catalyse/protocol';

/**
 * The key store port: one AES-256 key per person ("subject"), kept apart from
 * the event log (its own SQLite file embedded, its own PostgreSQL table when
 * scaled out). Destroying a key erases the person's fields from the log
 * (crypto-shredding). Adapters: `@catalyse/key-store-sqlite`,
 * `@catalyse/key-store-postgres`; one contract suite (`./testing`).
 */

/** `unknown`: no key was ever made; `erasing`: erasure asked, the projector has not removed the former values yet; `erased`: the key is destroyed. */
export type SubjectStatus = 'unknown' | 'active' | 'erasing' | 'erased';

export interface SubjectRecord {
  readonly subject: string;
  readonly status: SubjectStatus;
  /** When the erasure was asked (erasing, erased). */
  readonly erasureAskedAt?: string;
  /** When the key was destroyed (erased). */
  readonly erasedAt?: string;
  /** How many streams hold the person's encrypted fields (0 once erased). */
  readonly streams: number;
}

export interface KeyStore {
  /**
   * The keys to encrypt `owners`' fields with, made when missing, and a note
   * that their data goes into `stream` (so an erasure finds it). Throws
   * `PersonErasedError` when any of `owners` or `concerned` is erasing or erased:
   * nothing more is written about an erased person.
   */
  keysForWriting(owners: readonly string[], concerned: readonly string[], stream: string): Promise<ReadonlyMap<string, Buffer>>;
  /** The keys to read with, of active subjects only: an erasing or erased person's fields read as tombstones. */
  keysForReading(subjects: readonly string[]): Promise<ReadonlyMap<string, Buffer>>;
  /** Starts an erasure (idempotent): the key is kept, unreadable, until `completeErasure`. */
  beginErasure(subject: string, at: string): Promise<SubjectRecord>;
  /** The key of a subject being erased, for the projector to find the former values; undefined otherwise. */
  keyOfErasing(subject: string): Promise<Buffer | undefined>;
  /** The streams holding the subject's encrypted fields. */
  streamsOf(subject: string): Promise<readonly string[]>;
  /** Destroys the key (overwritten, not only unlinked) and forgets the streams; the subject stays `erased`. Idempotent. */
  completeErasure(subject: string, at: string): Promise<void>;
  /** Subjects whose erasure was asked and not completed. */
  pendingErasures(): Promise<readonly string[]>;
  record(subject: string): Promise<SubjectRecord>;
  /** Makes destroyed keys unrecoverable from the files (SQLite: a WAL checkpoint; secure_delete is on). */
  compact(): Promise<void>;
  close(): Promise<void>;
}

/** A command about a person whose personal data is erased (or being erased): `PERSON_ERASED` (HTTP 410) at both edges. */
export class PersonErasedError extends AppError {
  constructor(readonly subjects: readonly string[]) {
    super(
      'PERSON_ERASED',
      `the personal data of ${subjects.join(', ')} ${subjects.length > 1 ? 'were' : 'was'} erased: nothing more may be recorded about them`,
    );
  }
}

/** Dependency-injection token of the `KeyStore` port. */
export const KEY_STORE = 'catalyse.KeyStore';
