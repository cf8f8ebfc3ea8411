/* What a `Projector` is given, tells and answers: its options, its status, its observers. */
import type { ErasureSource, ReadModel } from '@catalyse/projections';

export interface ProjectorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

export interface ProjectorOptions {
  /** Name of the checkpoint in the projection store. Default `main`. */
  readonly name?: string;
  /** Most events applied in one transaction. Default 500. */
  readonly maxBatchSize?: number;
  /**
   * Wait after an error before resuming from the stored checkpoint: doubles from `initialMs` up to `maxMs` (100 ms up
   * to 5 s by default); `episodeGapMs`: how long without a failure
   * ends a failure episode (`ProjectorStatus.failingSince`; default 30 s, or 4 waits at their longest if more).
   */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number; readonly episodeGapMs?: number };
  readonly logger?: ProjectorLogger;
  /**
   * Leadership among processes (several projectors on one projection store):
   * only the holder of the lease named after the checkpoint projects; the
   * others wait as standby and take over when it stops or its lease expires.
   * Every batch is fenced with the lease, so a deposed leader commits nothing.
   * `takeOverFrom`: holders known to be dead (the all-in-one proves it with its
   * data folder lock); their lease is released before the first claim, so this
   * projector takes over at once instead of after the lease's time.
   */
  readonly lease?: { readonly holder: string; readonly ttlMs?: number; readonly takeOverFrom?: readonly string[] };
  /** The read models it maintains (default: every one, `READ_MODELS`); the bench measures with and without some. */
  readonly models?: readonly ReadModel[];
  /** Erasures of personal data (`@catalyse/personal-data`): without it, an erasure event changes no read model. */
  readonly erasures?: ProjectorErasures;
}

/** What the projector needs to carry an erasure through: the former values, then the key's destruction once they are gone. */
export interface ProjectorErasures extends ErasureSource {
  /** The batch that removed the person's former values committed: destroy their key. */
  complete(subject: string): Promise<void>;
  /** On taking the lead: completes the erasures whose event is at or before `checkpoint` (a stop between commit and completion). */
  recover(checkpoint: bigint): Promise<void>;
}

export interface ProjectorStatus {
  readonly name: string;
  readonly running: boolean;
  /** `standby` while another process holds the lease. */
  readonly role: 'active' | 'standby';
  /** Position of the last event folded in (committed). */
  readonly checkpoint: bigint;
  /** Position of the last event in the log. */
  readonly head: bigint;
  /** `head - checkpoint`, in positions (0n when caught up). */
  readonly lag: bigint;
  readonly batches: number;
  readonly events: number;
  readonly lastBatchAt?: string;
  /** The last error, until a batch commits again. */
  readonly lastError?: string;
  /**
   * When the current failure episode began (ISO): its first failure since the last committed batch, as long as
   * failures keep coming (none for 30 s, or 4 backoffs at their longest, ends the episode: it is no longer given).
   */
  readonly failingSince?: string;
}

/** What a projector tells its observers (metrics, the rebuild worker): each committed batch, each change of role. */
export interface ProjectorObserver {
  /** A batch committed: how many events, how long its transaction took, the checkpoint after it. */
  batch?(batch: { readonly events: number; readonly ms: number; readonly checkpoint: bigint }): void;
  /** The projector became active (holds the lease) or standby. */
  role?(role: 'active' | 'standby'): void;
}
