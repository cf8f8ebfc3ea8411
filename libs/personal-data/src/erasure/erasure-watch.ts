import { setTimeout as delay } from 'node:timers/promises';
import { PERSONAL_DATA_ERASED, personStream } from '@catalyse/domain';
import type { EventStore } from '@catalyse/event-store';
import type { KeyStore } from '../key-store';
import type { ErasuresLogger } from './erasures';

export interface ErasureWatchOptions {
  /** Failures of the log's subscription or of the key store (ids only, never a personal value). */
  readonly logger?: ErasuresLogger;
  /** Wait before following the log again after its subscription failed. Default 1000 ms. */
  readonly retryMs?: number;
  /**
   * At most one warning of each kind in this time, the others counted into the next one (a key store down is met by
   * every read while an erasure is under way). Default 60,000 ms.
   */
  readonly warnEveryMs?: number;
}

/** Dependency-injection token of the process's `ErasureWatch`, wired to its composition root's command handler. */
export const ERASURE_WATCH = 'catalyse.ErasureWatch';

/**
 * Keeps what a process folded from the log in memory (the command handlers' cached states) from outliving an
 * erasure, whichever process asked for it and whichever projector carries it through (docs/adr/0006, amendment
 * « cached states »). An erasure changes what the log reads without appending anything a cache would catch up
 * with: the person's fields read as tombstones from the moment it is asked, and the texts others wrote that name
 * them are rewritten in place (`rewriteLog`) just before the key is destroyed. So every process follows the log's
 * `PersonalDataErased` events (the erasure's one recorded trace, seen by every process on the log) and:
 * - on each, tells its listeners to forget (the person's own fields held in clear);
 * - from then on, until the key store says the erasure completed (`erasing` no more), asks the key store before
 *   each read of the cache (`beforeRead`, one query shared by the reads waiting meanwhile); once completed, tells
 *   them to forget again (the rewritten texts).
 * When no erasure is under way, a read of the cache asks nothing. One per process, wired to the command handler of
 * its composition root (`ERASURE_WATCH`, the runtime's `StorageModule`): the reminders and report jobs of a projector
 * process decide from its states too, and deciding copies a state's texts into new events.
 */
export class ErasureWatch {
  /** Erasures seen and not completed yet. */
  private readonly pending = new Set<string>();
  private readonly listeners: (() => void)[] = [];
  private readonly stopping = new AbortController();
  private following: Promise<void> | undefined;
  /** The key store asked now, and the question asked after it for the reads that came meanwhile. */
  private asking: Promise<void> | undefined;
  private next: Promise<void> | undefined;
  /** Per kind of warning: when the last one was written, and how many were held back since. */
  private readonly warned = new Map<string, { at: number; held: number }>();

  constructor(
    /** The log (only `PersonalDataErased` events are read from it: ids, no personal value). */
    private readonly log: Pick<EventStore, 'headPosition' | 'readStream' | 'subscribeAll'>,
    private readonly keys: Pick<KeyStore, 'pendingErasures'>,
    private readonly options: ErasureWatchOptions = {},
  ) {}

  /** Called whenever what was folded from the log may no longer be what it says (forget it all). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Follows the log from its head. The erasures under way already (asked before this process started, completed
   * later) are watched too: what this process caches meanwhile is rewritten when they complete.
   */
  async start(): Promise<void> {
    const head = await this.log.headPosition();
    for (const subject of await this.keys.pendingErasures()) {
      if (await this.recorded(subject)) this.pending.add(subject);
    }
    this.following = this.follow(head);
  }

  /** An erasure asked in this process (its key unreadable already): watched at once, before its event comes by. */
  erasing(subject: string): void {
    this.pending.add(subject);
    this.changed();
  }

  /**
   * The erasure asked in this process (`erasing`) got its answer: recorded, it stays watched until it completes;
   * refused or failed (its `PersonalDataErased` not recorded, the person left `erasing`), no projector carries it
   * through, and the reads stop asking the key store about it. One recorded later comes by the subscription.
   */
  async settled(subject: string): Promise<void> {
    if (!this.pending.has(subject)) return;
    try {
      if (!(await this.recorded(subject))) this.pending.delete(subject);
    } catch (error) {
      // Kept watched: asking the key store at each read costs a query, forgetting it could keep a name cached.
      this.warn('settled', `reading whether the erasure of ${subject} was recorded failed: ${messageOf(error)}; still watched`);
    }
  }

  /** Before a read of a cache: once every erasure seen before it that has completed since has been forgotten. */
  beforeRead(): Promise<void> | undefined {
    if (this.pending.size === 0) return undefined;
    // A read joins a question asked after it came, never one already under way (its answer may predate a completion).
    if (!this.asking) {
      this.asking = this.askKeyStore().finally(() => {
        this.asking = undefined;
      });
      return this.asking;
    }
    this.next ??= this.asking.then(() => {
      this.next = undefined;
      return this.beforeRead();
    });
    return this.next;
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.following;
  }

  private async askKeyStore(): Promise<void> {
    let under: ReadonlySet<string>;
    try {
      under = new Set(await this.keys.pendingErasures());
    } catch (error) {
      // Not told: what is cached may be stale, it is read again (the read itself meets the same failure, if any).
      this.warn('keys', `reading the erasures under way failed: ${messageOf(error)}; cached states forgotten`);
      this.changed();
      return;
    }
    let completed = false;
    for (const subject of this.pending) {
      if (under.has(subject)) continue;
      this.pending.delete(subject);
      completed = true;
    }
    if (completed) this.changed();
  }

  private async follow(head: bigint): Promise<void> {
    const signal = this.stopping.signal;
    let after = head;
    while (!signal.aborted) {
      try {
        for await (const event of this.log.subscribeAll({ after, signal, filter: { eventTypes: [PERSONAL_DATA_ERASED] } })) {
          after = event.position;
          const subject = subjectOf(event.data);
          if (subject !== undefined) this.pending.add(subject);
          this.changed();
        }
        // Ended without being stopped (the store closed under it): not followed again at once, in a loop.
        if (!signal.aborted) await sleep(this.options.retryMs ?? 1000, signal);
      } catch (error) {
        if (signal.aborted) return;
        // Caught up from where it stopped: no erasure is missed, only seen later; meanwhile nothing is trusted.
        this.warn('log', `following the erasures in the log failed: ${messageOf(error)}; again in ${this.options.retryMs ?? 1000} ms`);
        this.changed();
        await sleep(this.options.retryMs ?? 1000, signal);
      }
    }
  }

  /**
   * Whether the subject's `PersonalDataErased` is recorded: an erasure begun and never recorded (its command refused)
   * is not carried through by any projector, it would be asked about at every read for nothing. One recorded later
   * comes by the subscription.
   */
  private async recorded(subject: string): Promise<boolean> {
    const [last] = await this.log.readStream(personStream(subject), { from: 'end', direction: 'backwards', limit: 1 });
    return last?.type === PERSONAL_DATA_ERASED;
  }

  /** A warning of this kind, unless one was written less than `warnEveryMs` ago (then counted into the next one). */
  private warn(kind: string, message: string): void {
    const now = performance.now();
    const last = this.warned.get(kind);
    if (last && now - last.at < (this.options.warnEveryMs ?? 60_000)) {
      last.held++;
      return;
    }
    const held = last?.held ? ` (${last.held} more like it since the last warning)` : '';
    this.warned.set(kind, { at: now, held: 0 });
    this.options.logger?.warn(`${message}${held}`);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function subjectOf(data: unknown): string | undefined {
  const subject = typeof data === 'object' && data !== null ? (data as { subject?: unknown }).subject : undefined;
  return typeof subject === 'string' ? subject : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Waits `ms`, or less when the watch stops (`signal`): never rejects. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => undefined);
}
