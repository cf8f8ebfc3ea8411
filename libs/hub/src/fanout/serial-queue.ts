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
