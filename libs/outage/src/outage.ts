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

export interface OutageWords {
  /** The line when the dependency goes, given the first failure's reason: `job queue: Redis unreachable (…), retrying`. */
  readonly down: (reason: string) => string;
  /** The line when it is back: `job queue: Redis reachable again`. */
  readonly back: string;
}

/**
 * One line when a dependency becomes unreachable and one when it is back, not one per failed retry (a stack per
 * reconnection attempt buried the outage). Several sources of failure (the connections of one client) make one
 * outage: it starts with the first that fails and ends when the last of them recovers.
 */
export class Outage {
  private readonly failing = new Set<unknown>();

  constructor(
    private readonly words: OutageWords,
    private readonly log: OutageLog = stderrOutageLog,
  ) {}

  /** Whether a source is failing now. */
  get down(): boolean {
    return this.failing.size > 0;
  }

  /** A source failed; the outage's first failure is said. */
  failed(error: unknown, source: unknown = this): void {
    if (this.failing.size === 0) this.log.warn(this.words.down(reasonOf(error)));
    this.failing.add(source);
  }

  /** A source works; the outage's end is said when it was the last one failing. */
  recovered(source: unknown = this): void {
    if (this.failing.delete(source) && this.failing.size === 0) this.log.log(this.words.back);
  }

  /** Forgets every failure without a word (the client closes: its connections' errors are no outage). */
  clear(): void {
    this.failing.clear();
  }
}

/** An error's message, read by its shape (errors of Node's core are not `instanceof Error` in every realm). */
function reasonOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
