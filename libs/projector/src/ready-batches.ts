const NOT_READY = Symbol('not ready');

/**
 * What an iterator has ready at once, in batches of at most `max`: a batch
 * starts with the next item (waiting for it), then takes every item already
 * available before the event loop turns, never waiting for more — latency
 * first. The catch-up pages of a subscription make full batches; a live
 * append, a batch of its few events. Ends when the iterator ends or `signal`
 * aborts (the item being waited for is abandoned). The iterator is asked for
 * its next item only once the consumer took the batch before.
 */
export async function* readyBatches<T>(iterator: AsyncIterator<T>, max: number, signal: AbortSignal): AsyncGenerator<T[]> {
  const aborted = new Promise<IteratorResult<T>>((resolve) => {
    if (signal.aborted) resolve({ done: true, value: undefined });
    else signal.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true });
  });
  let pending: Promise<IteratorResult<T>> | undefined;
  try {
    for (;;) {
      const first = await Promise.race([pending ?? iterator.next(), aborted]);
      pending = undefined;
      if (first.done) return;
      const batch: T[] = [first.value];
      let ended = false;
      while (batch.length < max) {
        const next = iterator.next();
        const ready = await readyNow(next);
        if (ready === NOT_READY) {
          pending = next;
          break;
        }
        if (ready.done) {
          ended = true;
          break;
        }
        batch.push(ready.value);
      }
      yield batch;
      if (ended) return;
    }
  } finally {
    // An abandoned `next()` may still settle: never let it become an unhandled rejection.
    pending?.catch(() => undefined);
  }
}

/** The promise's outcome if it settles before the event loop turns (already available), else NOT_READY. */
function readyNow<T>(promise: Promise<T>): Promise<T | typeof NOT_READY> {
  return new Promise((resolve, reject) => {
    const timer = setImmediate(() => resolve(NOT_READY));
    promise.then(
      (value) => {
        clearImmediate(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearImmediate(timer);
        reject(error);
      },
    );
  });
}
