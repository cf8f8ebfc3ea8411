import { readyBatches } from './ready-batches';

/** An async iterator fed by hand: `push` makes items available, `end` finishes it. */
function channel<T>(): { iterator: AsyncIterator<T>; push: (...items: T[]) => void; end: () => void; asked: () => number } {
  const items: T[] = [];
  let done = false;
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let asked = 0;
  const settle = (): void => {
    if (!waiting) return;
    const resolve = waiting;
    if (items.length > 0) {
      waiting = undefined;
      resolve({ done: false, value: items.shift() as T });
    } else if (done) {
      waiting = undefined;
      resolve({ done: true, value: undefined });
    }
  };
  return {
    iterator: {
      next: () => {
        asked++;
        return new Promise((resolve) => {
          waiting = resolve;
          settle();
        });
      },
    },
    push: (...more) => {
      items.push(...more);
      settle();
    },
    end: () => {
      done = true;
      settle();
    },
    asked: () => asked,
  };
}

describe('readyBatches', () => {
  it('batches what is ready at once, at most max, and waits for the first item of each batch', async () => {
    const source = channel<number>();
    const batches = readyBatches(source.iterator, 3, new AbortController().signal);
    source.push(1, 2, 3, 4, 5);
    expect((await batches.next()).value).toEqual([1, 2, 3]);
    expect((await batches.next()).value).toEqual([4, 5]);
    const later = batches.next();
    await new Promise((resolve) => setTimeout(resolve, 10));
    source.push(6);
    expect((await later).value).toEqual([6]);
    source.push(7);
    source.end();
    expect((await batches.next()).value).toEqual([7]);
    expect((await batches.next()).done).toBe(true);
  });

  it('asks the iterator for more only once the batch before was taken', async () => {
    const source = channel<number>();
    source.push(1, 2, 3, 4);
    const batches = readyBatches(source.iterator, 2, new AbortController().signal);
    expect((await batches.next()).value).toEqual([1, 2]);
    const askedAfterFirst = source.asked();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(source.asked()).toBe(askedAfterFirst);
    expect((await batches.next()).value).toEqual([3, 4]);
  });

  it('ends when the signal aborts while waiting for the next item', async () => {
    const source = channel<number>();
    const abort = new AbortController();
    const batches = readyBatches(source.iterator, 10, abort.signal);
    const waiting = batches.next();
    abort.abort();
    expect(await waiting).toEqual({ done: true, value: undefined });
  });
});
