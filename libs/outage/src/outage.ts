/** Where a process says that a dependency became unreachable and that it is back (Nest's `Logger` fits). */
export interface OutageLog {
  warn(line: string): void;
  log(line: string): void;
}

/** Both lines on stderr, for code used without a logger. */
export const stderrOutageLog: OutageLog = {
  warn: (line) => process.stderr.write(`${line}\n`),
  log: (line) => process.stderr.write(`${line}\n`),
};

/** An outage's numbers, handed to its words (times in ms, as `now` gives them). */
export interface OutageCounts {
  /** Failures since the outage began, the one being told included. */
  readonly failures: number;
  /**
   * Failures no line told: in `more`, those since the line before (the one being told included); in `back`, those
   * since the last line of the outage.
   */
  readonly untold: number;
  /** When the outage began. */
  readonly since: number;
  /** When the line before was said. */
  readonly lastLineAt: number;
  readonly now: number;
}

export interface OutageWords {
  /**
   * The line when the dependency goes, given the first failure's reason: `job queue: Redis unreachable (…), retrying`.
   * With kinds of failure (`failed(error, source, kind)`), also the line of each kind's first failure in the outage.
   */
  readonly down: (reason: string, outage: OutageCounts) => string;
  /** The line when it is back: `job queue: Redis reachable again`, or made of the outage's numbers. */
  readonly back: string | ((outage: OutageCounts) => string);
  /**
   * The summary said at most once per `summaryMs` while failures go on, given the latest one's reason. Without it,
   * the failures after the first of each kind are only counted.
   */
  readonly more?: (reason: string, outage: OutageCounts) => string;
}

export interface OutageOptions {
  /**
   * An outage ends at a recovery once no failure came for this long (default 0: at the recovery of the last failing
   * source). For a dependency that answers some calls and refuses others (a partial outage), whose successes and
   * failures alternate: each failure would start a new outage with its first line again.
   */
  readonly quietMs?: number;
  /** At most one summary (`words.more`) per this long (default 30 s). */
  readonly summaryMs?: number;
  /** The clock (tests). */
  readonly now?: () => number;
}

/** At most one summary per this long, by default. */
export const OUTAGE_SUMMARY_MS = 30_000;

/**
 * One line when a dependency becomes unreachable and one when it is back, not one per failed retry (a stack per
 * reconnection attempt buried the outage). Several sources of failure (the connections of one client) make one
 * outage: it starts with the first that fails and ends when the last of them recovers (and, with `quietMs`, once
 * none failed for that long). In between, the first failure of each kind is said (calls that fail for different
 * reasons: writes refused, reads answered), then at most a summary per `summaryMs` when the words have one; every
 * failure is counted, and the counts are handed to the words.
 */
export class Outage {
  private readonly failing = new Set<unknown>();
  /** Kinds of failure said in this outage. */
  private readonly said = new Set<string | undefined>();
  private readonly quietMs: number;
  private readonly summaryMs: number;
  private readonly now: () => number;
  private failures = 0;
  private untold = 0;
  private since = 0;
  private lastLineAt = 0;
  private lastFailureAt = 0;

  constructor(
    private readonly words: OutageWords,
    private readonly log: OutageLog = stderrOutageLog,
    options: OutageOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 0;
    this.summaryMs = options.summaryMs ?? OUTAGE_SUMMARY_MS;
    this.now = options.now ?? Date.now;
  }

  /** Whether an outage is under way (a source failed, and its end was not said). */
  get down(): boolean {
    return this.failures > 0;
  }

  /**
   * A source failed; the outage's first failure is said, and the first of each `kind` (none: one kind). The later
   * ones are counted, and summed up now and then when the words have a summary.
   */
  failed(error: unknown, source: unknown = this, kind?: string): void {
    const now = this.now();
    // Every source had recovered, the last ones within the quiet period, and nothing failed since for longer: that
    // outage was over (no later call came to say so). Said now, and this failure starts another.
    if (this.failures > 0 && this.failing.size === 0 && now - this.lastFailureAt >= this.quietMs) this.end(this.lastFailureAt + this.quietMs);
    if (this.failures === 0) this.since = now;
    this.failures++;
    this.untold++;
    this.lastFailureAt = now;
    this.failing.add(source);
    const reason = reasonOf(error);
    if (!this.said.has(kind)) {
      this.said.add(kind);
      this.say(this.words.down(reason, this.counts(now)), now);
      return;
    }
    const more = this.words.more;
    if (more && now - this.lastLineAt >= this.summaryMs) this.say(more(reason, this.counts(now)), now);
  }

  /**
   * A source works; the outage's end is said when it was the last one failing and, with `quietMs`, no failure came
   * for that long (until then, a recovery says nothing: other calls may still be refused; a later one ends it).
   */
  recovered(source: unknown = this): void {
    this.failing.delete(source);
    if (this.failures === 0 || this.failing.size > 0) return;
    const now = this.now();
    if (this.quietMs > 0 && now - this.lastFailureAt < this.quietMs) return;
    this.end(now);
  }

  /** Says the outage is over (at `now`: when it was known to be), and forgets it. */
  private end(now: number): void {
    const back = this.words.back;
    this.log.log(typeof back === 'string' ? back : back(this.counts(now)));
    this.forget();
  }

  /** Forgets every failure without a word (the client closes: its connections' errors are no outage). */
  clear(): void {
    this.failing.clear();
    this.forget();
  }

  private say(line: string, now: number): void {
    this.log.warn(line);
    this.untold = 0;
    this.lastLineAt = now;
  }

  private counts(now: number): OutageCounts {
    return { failures: this.failures, untold: this.untold, since: this.since, lastLineAt: this.lastLineAt, now };
  }

  private forget(): void {
    this.failures = 0;
    this.untold = 0;
    this.said.clear();
  }
}

/** An error's message, read by its shape (errors of Node's core are not `instanceof Error` in every realm). */
export function reasonOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
