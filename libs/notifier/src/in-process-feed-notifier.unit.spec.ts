import type { FeedUpdate } from './notifier';
import { InProcessFeedNotifier } from './in-process-feed-notifier';

const updates: FeedUpdate[] = [
  { room: 'room:copil', epoch: 1, head: 12 },
  { room: 'territory:charenton', epoch: 1, head: 3 },
];

describe('InProcessFeedNotifier', () => {
  it('delivers synchronously to every subscriber, in subscription order', () => {
    const notifier = new InProcessFeedNotifier();
    const seen: string[] = [];
    notifier.subscribe((u) => seen.push(`a:${u.length}`));
    notifier.subscribe((u) => seen.push(`b:${u[0]?.head}`));
    void notifier.publish(updates);
    // Not awaited: delivery already happened inside the call.
    expect(seen).toEqual(['a:2', 'b:12']);
  });

  it('a throwing listener is reported, never breaks the publisher nor the other listeners', async () => {
    const errors: unknown[] = [];
    const notifier = new InProcessFeedNotifier((error) => errors.push(error));
    const seen: FeedUpdate[][] = [];
    notifier.subscribe(() => {
      throw new Error('hub handler bug');
    });
    notifier.subscribe((u) => seen.push([...u]));
    await expect(notifier.publish(updates)).resolves.toBeUndefined();
    expect(seen).toEqual([updates]);
    expect(errors).toEqual([new Error('hub handler bug')]);
  });

  it('survives an error reporter that throws too', async () => {
    const notifier = new InProcessFeedNotifier(() => {
      throw new Error('reporter down');
    });
    let delivered = 0;
    notifier.subscribe(() => {
      throw new Error('listener down');
    });
    notifier.subscribe(() => delivered++);
    await expect(notifier.publish(updates)).resolves.toBeUndefined();
    expect(delivered).toBe(1);
  });

  it('unsubscribes; the same function subscribed twice is two subscriptions', async () => {
    const notifier = new InProcessFeedNotifier();
    let calls = 0;
    const listener = (): void => {
      calls++;
    };
    const first = notifier.subscribe(listener);
    notifier.subscribe(listener);
    await notifier.publish(updates);
    expect(calls).toBe(2);
    first();
    first();
    await notifier.publish(updates);
    expect(calls).toBe(3);
  });

  it('subscribing or unsubscribing during a delivery takes effect at the next one', async () => {
    const notifier = new InProcessFeedNotifier();
    const seen: string[] = [];
    let unsubscribeB: () => void = () => undefined;
    notifier.subscribe(() => {
      seen.push('a');
      unsubscribeB();
      notifier.subscribe(() => seen.push('c'));
    });
    unsubscribeB = notifier.subscribe(() => seen.push('b'));
    await notifier.publish(updates);
    expect(seen).toEqual(['a', 'b']);
  });

  it('publishes nothing for an empty batch and nothing after close', async () => {
    const notifier = new InProcessFeedNotifier();
    let calls = 0;
    notifier.subscribe(() => calls++);
    await notifier.publish([]);
    await notifier.close();
    await notifier.publish(updates);
    notifier.subscribe(() => calls++);
    await notifier.publish(updates);
    expect(calls).toBe(0);
  });

  it('passes on what its fallback observes (another process writing), starting it with the first subscription, and closes it', async () => {
    const fallback = new InProcessFeedNotifier();
    const notifier = new InProcessFeedNotifier(undefined, { fallback });
    const seen: FeedUpdate[][] = [];
    await fallback.publish(updates); // before anyone subscribed: not passed on
    notifier.subscribe((u) => seen.push([...u]));
    notifier.subscribe(() => undefined); // the fallback is subscribed once, not per listener
    await fallback.publish([{ room: 'network', epoch: 2, head: 0 }]);
    await notifier.publish(updates);
    expect(seen).toEqual([[{ room: 'network', epoch: 2, head: 0 }], updates]);
    await notifier.close();
    await fallback.publish(updates);
    expect(seen).toHaveLength(2);
    let afterClose = 0;
    fallback.subscribe(() => afterClose++);
    await fallback.publish(updates);
    expect(afterClose).toBe(0); // closed with it
  });
});
