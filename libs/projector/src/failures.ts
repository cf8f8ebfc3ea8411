/**
 * The projector's failures since its last committed batch: the last error, and since when they keep coming (an
 * episode). A batch that keeps failing fails again after each backoff and its own attempt; once no failure came for
 * `gapMs` the episode is over (its subscription resumed with nothing to fold: no batch committed to clear the error),
 * so `failingSince` is no longer said, and a failure long after starts a new episode rather than looking as old as
 * the first. Health judges a projector stuck by it (`ProjectorStatus.failingSince`).
 */
export class Failures {
  private lastError: string | undefined;
  private since: number | undefined;
  private lastAt = 0;

  constructor(private readonly gapMs: number) {}

  failed(error: unknown, now = Date.now()): string {
    this.lastError = error instanceof Error ? error.message : String(error);
    if (this.since === undefined || now - this.lastAt > this.gapMs) this.since = now;
    this.lastAt = now;
    return this.lastError;
  }

  /** A batch committed: nothing fails any more. */
  cleared(): void {
    this.lastError = undefined;
    this.since = undefined;
  }

  /** `lastError` until a batch commits; `failingSince` (ISO) while the episode goes on. */
  status(now = Date.now()): { readonly lastError?: string; readonly failingSince?: string } {
    if (this.lastError === undefined) return {};
    const ongoing = this.since !== undefined && now - this.lastAt <= this.gapMs;
    return { lastError: this.lastError, ...(ongoing ? { failingSince: new Date(this.since ?? now).toISOString() } : {}) };
  }
}
