/**
 * The work a CommandHandler accepts per stream, on a real SQLite event store whose appends to one stream can be held
 * (as a slow disk holds a busy room's commits): beyond the bound, new commands of that stream are refused at once
 * with a retryable RATE_LIMITED; those accepted are appended once each, in order; a command whose caller gave up
 * before its turn is not appended; other streams go on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PostMessage, roomDecider, roomStream } from '@catalyse/domain';
import type { EventStore } from '@catalyse/event-store';
import { SqliteEventStore } from '@catalyse/event-store-sqlite';
import { CommandHandler, type CommandContext, type CommandHandlerOptions } from './command-handler';
import { errorBodyOf } from './error-body';

const AT = '2026-03-12T09:00:00.000Z';
const context = (key: string, extra: Partial<CommandContext> = {}): CommandContext => ({
  actor: 'cat-1',
  correlationId: `corr-${key}`,
  occurredAt: AT,
  idempotencyKey: `post:cat-1:${key}`,
  ...extra,
});
const post = (clientMsgId: string): PostMessage => ({
  type: 'PostMessage',
  data: { messageId: `m-${clientMsgId}`, clientMsgId, authorId: 'cat-1', text: `message ${clientMsgId}`, postedAt: AT },
});

/** An event store whose appends to `held` wait for `release` (each append, once started). */
function holding(store: EventStore, held: string): { store: EventStore; release(): void; appendsStarted(): number } {
  let gate: { promise: Promise<void>; open(): void } | undefined;
  let started = 0;
  const hold = (): void => {
    let open = (): void => undefined;
    const promise = new Promise<void>((resolve) => (open = resolve));
    gate = { promise, open };
  };
  hold();
  const proxy = new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== 'append' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return async (stream: string, ...rest: unknown[]) => {
        if (stream === held) {
          started++;
          await gate?.promise;
        }
        return (value as (...args: unknown[]) => unknown).call(target, stream, ...rest);
      };
    },
  });
  return { store: proxy, release: () => gate?.open(), appendsStarted: () => started };
}

describe('CommandHandler: the work accepted per stream', () => {
  const roomId = 'atelier-saturé';
  const stream = roomStream(roomId);
  let dir: string;
  let sqlite: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-lanes-'));
    sqlite = SqliteEventStore.open({ file: join(dir, 'events.db') });
    await new CommandHandler(sqlite).handle(
      roomDecider,
      stream,
      { type: 'OpenRoom', data: { roomId, kind: 'experimentation', subject: 'x', title: 'Atelier', access: 'open', openedBy: 'cat-1', openedAt: AT } },
      context('open', { idempotencyKey: undefined }),
    );
  });
  afterEach(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const handlerOn = (store: EventStore, options: CommandHandlerOptions): CommandHandler => new CommandHandler(store, options);
  const postedIds = async (): Promise<string[]> =>
    (await sqlite.readStream(stream, { from: 0n, direction: 'forwards', limit: 1000 }))
      .filter((event) => event.type === 'MessagePosted')
      .map((event) => (event.data as { clientMsgId: string }).clientMsgId);

  it('refuses at once, RATE_LIMITED with retryAfterMs, the commands beyond maxWaitingPerStream; appends the others once each, in order', async () => {
    const held = holding(sqlite, stream);
    const handler = handlerOn(held.store, { maxWaitingPerStream: 3 });
    const outcomes = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((id) =>
      handler.handle(roomDecider, stream, post(id), context(id)).then(
        () => 'ok',
        (error: unknown) => errorBodyOf(error),
      ),
    );
    // p1 runs (its append held), p2–p4 wait; p5 and p6 are answered now, without waiting for the room.
    const refusals = await Promise.all(outcomes.slice(4));
    for (const refusal of refusals) {
      expect(refusal).toEqual({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^room-.* is busy \(3 commands waiting for it\); nothing was written, retry in \d+ ms$/),
        retryAfterMs: expect.any(Number),
      });
      const retryAfterMs = typeof refusal === 'object' ? (refusal.retryAfterMs ?? 0) : 0;
      expect(retryAfterMs).toBeGreaterThanOrEqual(500);
      expect(retryAfterMs).toBeLessThan(1500);
    }
    expect(handler.waitingOn(stream)).toBe(3);
    held.release();
    expect(await Promise.all(outcomes.slice(0, 4))).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(await postedIds()).toEqual(['p1', 'p2', 'p3', 'p4']);
    // Room again once the queue went down: the refused one, retried with its key, is appended once.
    await handler.handle(roomDecider, stream, post('p5'), context('p5'));
    await handler.handle(roomDecider, stream, post('p5'), context('p5'));
    expect(await postedIds()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(handler.waitingOn(stream)).toBe(0);
  });

  it('refuses new commands while the oldest waiting one has waited longer than maxStreamWaitMs', async () => {
    const held = holding(sqlite, stream);
    const handler = handlerOn(held.store, { maxWaitingPerStream: 100, maxStreamWaitMs: 100 });
    const first = handler.handle(roomDecider, stream, post('a1'), context('a1'));
    const second = handler.handle(roomDecider, stream, post('a2'), context('a2'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(handler.handle(roomDecider, stream, post('a3'), context('a3')).catch((error: unknown) => errorBodyOf(error))).resolves.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: expect.any(Number),
    });
    held.release();
    await Promise.all([first, second]);
    expect(await postedIds()).toEqual(['a1', 'a2']);
  });

  it('drops a command whose caller gave up before its turn (UNAVAILABLE, nothing written); one already running goes on', async () => {
    const held = holding(sqlite, stream);
    const handler = handlerOn(held.store, {});
    const running = new AbortController();
    const waiting = new AbortController();
    const first = handler.handle(roomDecider, stream, post('b1'), context('b1', { signal: running.signal }));
    const second = handler.handle(roomDecider, stream, post('b2'), context('b2', { signal: waiting.signal })).catch((error: unknown) => errorBodyOf(error));
    const third = handler.handle(roomDecider, stream, post('b3'), context('b3'));
    for (let i = 0; held.appendsStarted() < 1 && i < 500; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(held.appendsStarted()).toBe(1);
    running.abort();
    waiting.abort();
    expect(await second).toEqual({ code: 'UNAVAILABLE', message: expect.stringContaining('abandoned before its turn') });
    expect(handler.waitingOn(stream)).toBe(1);
    held.release();
    await Promise.all([first, third]);
    expect(await postedIds()).toEqual(['b1', 'b3']);
    // Already given up: refused before it queues.
    await expect(handler.handle(roomDecider, stream, post('b4'), context('b4', { signal: waiting.signal }))).rejects.toThrow('abandoned');
  });

  it('keeps other streams going while one is full', async () => {
    const held = holding(sqlite, stream);
    const handler = handlerOn(held.store, { maxWaitingPerStream: 2 });
    const busy = ['c1', 'c2', 'c3'].map((id) => handler.handle(roomDecider, stream, post(id), context(id)));
    await expect(handler.handle(roomDecider, stream, post('c4'), context('c4'))).rejects.toThrow('is busy');
    const other = roomStream('atelier-calme');
    const started = performance.now();
    await handler.handle(
      roomDecider,
      other,
      {
        type: 'OpenRoom',
        data: { roomId: 'atelier-calme', kind: 'experimentation', subject: 'y', title: 'Calme', access: 'open', openedBy: 'cat-1', openedAt: AT },
      },
      context('calm', { idempotencyKey: undefined }),
    );
    expect(performance.now() - started).toBeLessThan(5000);
    held.release();
    await Promise.all(busy);
  });
});
