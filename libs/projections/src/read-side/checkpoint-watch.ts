interface Waiter {
  readonly position: bigint;
  readonly resolve: (reached: boolean) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Waits for the projector's committed checkpoint to reach a position, however
 * many wait together: one read of the checkpoint at a time, shared by every
 * waiter, made when someone starts waiting, when `wake` is called (the feed
 * notifier: the projector publishes after a commit) and every `pollMs` while
 * anyone waits (a batch that touched no feed is not announced). Nothing runs
 * while nobody waits.
 */
export class CheckpointWatch {
  private readonly waiters = new Set<Waiter>();
  private poll: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private readAgain = false;

  constructor(
    private readonly readCheckpoint: () => Promise<bigint>,
    private readonly pollMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** True once the checkpoint is at or past `position` (read now, not remembered), false after `timeoutMs`. */
  reached(position: bigint, timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { position, resolve, timer: setTimeout(() => this.settle(waiter, false), timeoutMs) };
      this.waiters.add(waiter);
      this.poll ??= setInterval(() => this.wake(), this.pollMs);
      this.wake();
    });
  }

  /** Reads the checkpoint again if anyone waits (after the read in progress, which may predate the news). */
  wake(): void {
    if (this.waiters.size === 0) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.read().finally(() => (this.reading = undefined));
  }

  /** Answers every waiter `false` (the hub is closing). */
  close(): void {
    for (const waiter of this.waiters) this.settle(waiter, false);
  }

  private async read(): Promise<void> {
    do {
      this.readAgain = false;
      let checkpoint: bigint;
      try {
        checkpoint = await this.readCheckpoint();
      } catch (error) {
        // The next poll tries again; a waiter's timeout bounds it.
        this.onError(error);
        return;
      }
      for (const waiter of this.waiters) if (checkpoint >= waiter.position) this.settle(waiter, true);
    } while (this.readAgain && this.waiters.size > 0);
  }

  private settle(waiter: Waiter, reached: boolean): void {
    if (!this.waiters.delete(waiter)) return;
    clearTimeout(waiter.timer);
    if (this.waiters.size === 0 && this.poll) {
      clearInterval(this.poll);
      this.poll = undefined;
    }
    waiter.resolve(reached);
  }
}
