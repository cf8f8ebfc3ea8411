import { SerialQueue } from './serial-queue';

describe('SerialQueue', () => {
  it('runs tasks one at a time, in order, even when they finish at different speeds', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task = (name: string, ticks: number) => async (): Promise<string> => {
      log.push(`start ${name}`);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([queue.run(task('a', 5)), queue.run(task('b', 0)), queue.run(task('c', 2))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('goes on after a failed task and says when it is idle', async () => {
    let idle = 0;
    const queue = new SerialQueue(() => idle++);
    const failed = queue.run(async () => {
      throw new Error('boom');
    });
    const next = queue.run(async () => 'next');
    expect(queue.idle).toBe(false);
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
    await queue.run(async () => undefined);
    expect(queue.idle).toBe(true);
    expect(idle).toBeGreaterThanOrEqual(1);
  });
});
