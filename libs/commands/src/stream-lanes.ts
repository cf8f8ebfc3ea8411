import { AppError } from '@catalyse/protocol';

/** A command waiting for its stream's turn. */
interface Waiting {
  readonly since: number;
  readonly start: () => Promise<void>;
}

/** The commands of one busy stream: whether one runs, and those waiting, in order. */
interface Lane {
  running: boolean;
  readonly waiting: Waiting[];
}

/**
 * The commands of each stream, one after the other (`CommandHandler`), what waits bounded. Each append waits for its
 * commit, so a stream takes a few hundred commands a second: beyond, commands would queue without limit (in memory,
 * each waiting for minutes, still appended long after their clients gave up). A stream whose queue is full
 * (`maxWaiting`) or whose oldest waiting command has waited more than `maxWaitMs` refuses new ones at once,
 * RATE_LIMITED with a `retryAfterMs` (429 and `Retry-After` over HTTP; the hub's ack): the client asks again, with
 * its same key, a moment later. Other streams are not affected.
 */
export class StreamLanes {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly maxWaiting: number,
    private readonly maxWaitMs: number,
  ) {}

  /** Commands of `stream` waiting for their turn (the running one aside). */
  waitingOn(stream: string): number {
    return this.lanes.get(stream)?.waiting.length ?? 0;
  }

  /**
   * Runs `work` once every earlier command of `stream` has settled; refused at once when the stream has too much
   * waiting. `signal` aborted before its turn: dropped (UNAVAILABLE), `work` never runs; once started it runs to its end.
   */
  run<T>(stream: string, signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    let lane = this.lanes.get(stream);
    const oldest = lane?.waiting[0];
    if (lane && (lane.waiting.length >= this.maxWaiting || (oldest !== undefined && performance.now() - oldest.since > this.maxWaitMs))) {
      return Promise.reject(busy(stream, lane.waiting.length));
    }
    if (signal?.aborted) return Promise.reject(abandoned(stream));
    if (!lane) this.lanes.set(stream, (lane = { running: false, waiting: [] }));
    const current = lane;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        const index = current.waiting.indexOf(waiting);
        if (index < 0) return;
        current.waiting.splice(index, 1);
        reject(abandoned(stream));
      };
      const waiting: Waiting = {
        since: performance.now(),
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          // A `work` throwing before its promise would leave the lane running for ever: taken as a rejection.
          return Promise.resolve().then(work).then(resolve, reject);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      current.waiting.push(waiting);
      this.next(stream, current);
    });
  }

  /** Starts the next waiting command of a lane that runs none; forgets the lane once it is empty. */
  private next(stream: string, lane: Lane): void {
    if (lane.running) return;
    const waiting = lane.waiting.shift();
    if (!waiting) {
      if (this.lanes.get(stream) === lane) this.lanes.delete(stream);
      return;
    }
    lane.running = true;
    void waiting.start().finally(() => {
      lane.running = false;
      this.next(stream, lane);
    });
  }
}

/** A command refused because its stream has too much waiting; jittered so that those refused together do not come back in step. */
function busy(stream: string, waiting: number): AppError {
  const retryAfterMs = 500 + Math.floor(Math.random() * 1000);
  return new AppError('RATE_LIMITED', `${stream} is busy (${waiting} commands waiting for it); nothing was written, retry in ${retryAfterMs} ms`, {
    retryAfterMs,
  });
}

/** A command dropped before its turn because its caller gave up (`CommandContext.signal`). */
function abandoned(stream: string): AppError {
  return new AppError('UNAVAILABLE', `the request was abandoned before its turn on ${stream}; nothing was written`);
}
