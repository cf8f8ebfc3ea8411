import { CheckpointWatch } from './checkpoint-watch';

/** A checkpoint to move by hand, counting its reads and how many run at once. */
function fakeCheckpoint(initial: bigint) {
  const state = { checkpoint: initial, reads: 0, running: 0, mostAtOnce: 0 };
  const read = async (): Promise<bigint> => {
    state.reads++;
    state.running++;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
    await new Promise((resolve) => setTimeout(resolve, 2));
    state.running--;
    return state.checkpoint;
  };
  return { state, read };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('CheckpointWatch', () => {
  it('answers at once when the checkpoint is there already', async () => {
    const { state, read } = fakeCheckpoint(10n);
    const watch = new CheckpointWatch(read, 1000);
    await expect(watch.reached(10n, 5000)).resolves.toBe(true);
    expect(state.reads).toBe(1);
  });

  it('shares one read at a time among many waiters, woken by the notifier or the poll', async () => {
    const { state, read } = fakeCheckpoint(0n);
    const watch = new CheckpointWatch(read, 50);
    const waits = Array.from({ length: 200 }, (_, i) => watch.reached(BigInt(1 + (i % 2)), 5000));
    await sleep(20);
    state.checkpoint = 1n;
    watch.wake();
    await sleep(20);
    state.checkpoint = 2n;
    // No wake: the shared poll finds it.
    await expect(Promise.all(waits)).resolves.toEqual(waits.map(() => true));
    expect(state.mostAtOnce).toBe(1);
    expect(state.reads).toBeLessThan(20);
    // Nobody waits: nothing is read any more.
    const reads = state.reads;
    await sleep(120);
    watch.wake();
    expect(state.reads).toBe(reads);
  });

  it('answers false after the timeout, and on close', async () => {
    const { read } = fakeCheckpoint(0n);
    const watch = new CheckpointWatch(read, 10);
    await expect(watch.reached(5n, 30)).resolves.toBe(false);
    const waiting = watch.reached(5n, 60_000);
    watch.close();
    await expect(waiting).resolves.toBe(false);
  });

  it('survives a failed read: the next poll reads again', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const watch = new CheckpointWatch(
      async () => {
        if (fail) {
          fail = false;
          throw new Error('database gone');
        }
        return 3n;
      },
      10,
      (error) => errors.push(error),
    );
    await expect(watch.reached(3n, 5000)).resolves.toBe(true);
    expect(errors).toHaveLength(1);
  });
});
