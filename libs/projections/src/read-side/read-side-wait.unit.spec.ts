import type { FeedNotifier, FeedUpdate } from '../feed-notifier';
import { LIVE_PROJECTOR, ReadSideWait } from './read-side-wait';

/** A log head and the live projector's checkpoint moved by hand, counting the checkpoint's reads. */
function readSide(head: bigint, checkpoint: bigint) {
  const state = { head, checkpoint, checkpointReads: 0, projectorsRead: new Set<string>() };
  const readCheckpoint = async (projector: string): Promise<bigint> => {
    state.checkpointReads++;
    state.projectorsRead.add(projector);
    return state.checkpoint;
  };
  return { state, log: { headPosition: async () => state.head }, readModels: { getCheckpoint: readCheckpoint } };
}

/** A notifier whose subscribers are called by hand. */
function handNotifier() {
  const listeners = new Set<(updates: readonly FeedUpdate[]) => void>();
  const notifier: FeedNotifier = {
    publish: async (updates) => listeners.forEach((listener) => listener(updates)),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => undefined,
  };
  return { notifier, listeners };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('ReadSideWait', () => {
  it('answers at once, reading the live projector once, when the checkpoint is at the head', async () => {
    const { state, log, readModels } = readSide(42n, 42n);
    const wait = new ReadSideWait(log, readModels, { pollMs: 10_000 });
    await expect(wait.caughtUp(5000)).resolves.toBe(true);
    expect(state.checkpointReads).toBe(1);
    expect([...state.projectorsRead]).toEqual([LIVE_PROJECTOR]);
    wait.close();
  });

  it('waits for the head as it was when asked, woken by the notifier, not for writes after it', async () => {
    const { state, log, readModels } = readSide(10n, 5n);
    const { notifier } = handNotifier();
    const wait = new ReadSideWait(log, readModels, { notifier, pollMs: 10_000 });
    let answer: boolean | undefined;
    const waiting = wait.caughtUp(5000).then((reached) => (answer = reached));
    await sleep(5);
    expect(answer).toBeUndefined();
    state.head = 20n; // written after the question: not waited for
    state.checkpoint = 10n;
    await notifier.publish([]);
    await waiting;
    expect(answer).toBe(true);
    wait.close();
  });

  it('reached: waits for a given position only, however far the head moves meanwhile', async () => {
    const { state, log, readModels } = readSide(10n, 5n);
    const { notifier } = handNotifier();
    const wait = new ReadSideWait(log, readModels, { notifier, pollMs: 10_000 });
    let answer: boolean | undefined;
    const waiting = wait.reached(8n, 5000).then((reached) => (answer = reached));
    await sleep(5);
    expect(answer).toBeUndefined();
    state.head = 50n; // other writes keep the head moving: not waited for
    state.checkpoint = 8n;
    await notifier.publish([]);
    await waiting;
    expect(answer).toBe(true);
    await expect(wait.caughtUp(20)).resolves.toBe(false); // the head (50) is not reached
    wait.close();
    await expect(wait.reached(1n, 5000)).resolves.toBe(false); // closed: answers at once
  });

  it('polls when no notification comes, and gives up after its timeout', async () => {
    const { state, log, readModels } = readSide(10n, 0n);
    const wait = new ReadSideWait(log, readModels, { pollMs: 5 });
    const started = Date.now();
    await expect(wait.caughtUp(60)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect(state.checkpointReads).toBeGreaterThan(2);
    state.checkpoint = 10n;
    await expect(wait.caughtUp(5000)).resolves.toBe(true);
    wait.close();
  });

  it('listens to the notifier only while someone waits', async () => {
    const { state, log, readModels } = readSide(10n, 0n);
    const { notifier, listeners } = handNotifier();
    const wait = new ReadSideWait(log, readModels, { notifier, pollMs: 10_000 });
    expect(listeners.size).toBe(0);
    const first = wait.caughtUp(5000);
    const second = wait.caughtUp(5000);
    await sleep(5);
    expect(listeners.size).toBe(1);
    state.checkpoint = 10n;
    await notifier.publish([]);
    await expect(Promise.all([first, second])).resolves.toEqual([true, true]);
    expect(listeners.size).toBe(0);
    wait.close();
  });

  it('answers false, and reports it, when the log’s head cannot be read', async () => {
    const errors: unknown[] = [];
    const wait = new ReadSideWait(
      { headPosition: () => Promise.reject(new Error('event store down')) },
      { getCheckpoint: async () => 0n },
      { onError: (error) => errors.push(error) },
    );
    await expect(wait.caughtUp(5000)).resolves.toBe(false);
    expect(errors.map((e) => (e as Error).message)).toEqual(['event store down']);
  });

  it('stops listening to the notifier and answers its waiters false once closed', async () => {
    const { log, readModels } = readSide(10n, 0n);
    const { notifier, listeners } = handNotifier();
    const wait = new ReadSideWait(log, readModels, { notifier, pollMs: 10_000 });
    const waiting = wait.caughtUp(5000);
    await sleep(5);
    expect(listeners.size).toBe(1);
    wait.close();
    await expect(waiting).resolves.toBe(false);
    expect(listeners.size).toBe(0);
  });
});
