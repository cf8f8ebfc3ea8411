/** Where the lines go (Nest's `Logger` fits). */
export interface PresenceFailureLog {
  error(line: string): void;
  log(line: string): void;
}

/** At most one line of summary per this long while the presence store keeps failing. */
export const PRESENCE_FAILURE_SUMMARY_MS = 30_000;

/** An outage ends at the first call the store answers once none failed for this long. */
export const PRESENCE_FAILURE_QUIET_MS = 10_000;

/**
 * The presence store's failures, told without flooding the log. While the store is away (Redis down), every diff
 * window of every room with a change to tell fails and is tried again with the next one, every `presenceDiffMs`: a
 * line each was hundreds of lines a second on a busy node. Here an outage says the first failure of each kind (adding,
 * removing, reading, telling) as it comes, then at most one summary each `summaryMs` with how many failed since, and
 * one line when the store answers again, with the count of the whole outage. It ends at a call the store answers once
 * no call failed for `quietMs` (10 s), not at the first: in a partial outage (reads answered, writes refused) the
 * successes and failures alternate, and each failure would start a new outage with its first lines again.
 */
export class PresenceFailures {
  /** Kinds of failure said in this outage (none: the store answers). */
  private readonly said = new Set<string>();
  private failures = 0;
  private untold = 0;
  private since = 0;
  private lastLineAt = 0;
  private lastFailureAt = 0;

  constructor(
    private readonly log: PresenceFailureLog,
    private readonly summaryMs = PRESENCE_FAILURE_SUMMARY_MS,
    private readonly now: () => number = Date.now,
    private readonly quietMs = PRESENCE_FAILURE_QUIET_MS,
  ) {}

  /** Whether an outage is under way (a call failed, and none answered since after `quietMs` without failure). */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** A call to the store failed: `kind` groups the calls (`adding`), `what` names this one (`adding bob to room:x`). */
  failed(kind: string, what: string, error: unknown): void {
    const now = this.now();
    if (this.failures === 0) this.since = now;
    this.failures++;
    this.lastFailureAt = now;
    const line = `${what} failed: ${reasonOf(error)}`;
    if (!this.said.has(kind)) {
      this.said.add(kind);
      this.lastLineAt = now;
      this.log.error(this.failures === 1 ? line : `${line} (${this.failures} presence failures since ${new Date(this.since).toISOString()})`);
      return;
    }
    this.untold++;
    if (now - this.lastLineAt < this.summaryMs) return;
    this.log.error(`${this.untold} more presence failures in the last ${Math.round((now - this.lastLineAt) / 1000)} s; the latest: ${line}`);
    this.untold = 0;
    this.lastLineAt = now;
  }

  /**
   * The store answered: the end of an outage is said once, with how many calls failed during it, when no call failed
   * for `quietMs` (until then, an answer says nothing: other calls may still be refused).
   */
  succeeded(): void {
    if (this.failures === 0) return;
    const now = this.now();
    if (now - this.lastFailureAt < this.quietMs) return;
    this.log.log(
      `the presence store answers again: ${this.failures} presence failure(s) in ${Math.round((now - this.since) / 1000)} s, ${this.untold} of them not logged`,
    );
    this.failures = 0;
    this.untold = 0;
    this.said.clear();
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
