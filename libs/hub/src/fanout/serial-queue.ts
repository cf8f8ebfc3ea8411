/**
 * Runs tasks one after the other, in the order they were queued (a promise
 * chain). A failed task does not stop the ones after it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** @param onIdle called when the last queued task has settled. */
  constructor(private readonly onIdle: () => void = () => undefined) {}

  get idle(): boolean {
    return this.pending === 0;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.settled(),
      () => this.settled(),
    );
    return result;
  }

  private settled(): void {
    this.pending--;
    if (this.pending === 0) this.onIdle();
  }
}

/** A failed delivery tried again with a growing delay: 100 ms, doubling up to 5 s; the shortest again after a success. */
export class DeliveryRetry {
  static readonly MIN_MS = 100;
  static readonly MAX_MS = 5000;
  private timer: NodeJS.Timeout | undefined;
  private delayMs = DeliveryRetry.MIN_MS;

  /** Runs `again` after the current delay, unless a retry is planned already. */
  later(again: () => void): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      again();
    }, this.delayMs);
    this.timer.unref();
    this.delayMs = Math.min(DeliveryRetry.MAX_MS, this.delayMs * 2);
  }

  succeeded(): void {
    this.delayMs = DeliveryRetry.MIN_MS;
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
