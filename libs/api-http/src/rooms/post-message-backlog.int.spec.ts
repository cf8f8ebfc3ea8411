/**
 * `POST /api/rooms/{id}/post-message` past what the room's stream takes (real HTTP, real SQLite, the command handler
 * bounded low): the excess is answered at once, 429 with `Retry-After`, nothing written; what was accepted is in the
 * room's stream once each. Appends are slowed down (a slow disk) so that the posts sent together wait for their turn.
 */
import { Global, Module } from '@nestjs/common';
import { CommandHandler } from '@catalyse/commands';
import { roomStream } from '@catalyse/domain';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, startApi } from '../test-support/api-harness';

const WAITING = 2;
const POSTS = 40;

/** Appends held while `gate.closed` (a disk that stalls): what is sent meanwhile waits for its stream's turn. */
const gate = { closed: false, waiters: [] as (() => void)[] };

/** An event store whose appends take 20 ms more, as on a slow disk (a room's stream takes about 50 posts a second), and wait while the gate is closed. */
function slowAppends(store: EventStore): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property !== 'append') return value.bind(target);
      return async (...args: unknown[]) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (gate.closed) await new Promise<void>((resolve) => gate.waiters.push(resolve));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** The command handler of the app (the api takes the one the root provides), on slow appends, bounded to `WAITING` per stream. */
@Global()
@Module({
  providers: [
    {
      provide: CommandHandler,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new CommandHandler(slowAppends(store), { maxWaitingPerStream: WAITING }),
    },
  ],
  exports: [CommandHandler],
})
class BoundedCommands {}

describe('HTTP post-message into a room whose stream has too much waiting', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ imports: [BoundedCommands] });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers the excess 429 RATE_LIMITED with Retry-After at once, and appends each accepted post once', async () => {
    const cata = api.token({ sub: 'cata-1', role: 'catalyseur' });
    const opened = await api.request<{ id: string }>('POST', '/api/rooms', {
      token: cata,
      body: { kind: 'theme', subject: 'numerique', title: 'Numérique', access: 'open' },
    });
    expect(opened.status).toBe(201);
    const roomId = opened.body.id;

    const answers = await Promise.all(
      Array.from({ length: POSTS }, async (_, i) => {
        const started = performance.now();
        const answer = await api.request<{ code?: string; message?: string }>('POST', `/api/rooms/${roomId}/post-message`, {
          token: cata,
          body: { clientMsgId: `h-${i}`, text: `Message ${i}` },
        });
        return { i, answer, ms: performance.now() - started };
      }),
    );
    const accepted = answers.filter(({ answer }) => answer.status === 200);
    const refused = answers.filter(({ answer }) => answer.status !== 200);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const { answer, ms } of refused) {
      expect(answer.status).toBe(429);
      expect(answer.body).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^room-.* is busy \(\d+ commands waiting for it\); nothing was written, retry in \d+ ms$/),
      });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(ms).toBeLessThan(5000);
    }

    const events = await api.app.get<EventStore>(EVENT_STORE).readStream(roomStream(roomId), { from: 0n, direction: 'forwards', limit: 1000 });
    const posted = events.filter((e) => e.type === 'MessagePosted').map((e) => (e.data as { clientMsgId: string }).clientMsgId);
    expect(posted.sort()).toEqual(accepted.map(({ i }) => `h-${i}`).sort());
  });

  it('drops a post whose client went away while it waited for its turn: nothing written for no one', async () => {
    const cata = api.token({ sub: 'cata-2', role: 'catalyseur' });
    const opened = await api.request<{ id: string }>('POST', '/api/rooms', {
      token: cata,
      body: { kind: 'theme', subject: 'velo', title: 'Vélo', access: 'open' },
    });
    expect(opened.status).toBe(201);
    const roomId = opened.body.id;
    const handler = api.app.get(CommandHandler);
    gate.closed = true;
    const post = (clientMsgId: string, signal?: AbortSignal) =>
      fetch(`${api.url}/api/rooms/${roomId}/post-message`, {
        method: 'POST',
        headers: { authorization: `Bearer ${cata}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMsgId, text: clientMsgId }),
        ...(signal ? { signal } : {}),
      });
    const first = post('kept');
    const leaving = new AbortController();
    const abandoned = post('abandoned', leaving.signal).catch((error: unknown) => error);
    // The second waits for the first's turn (held at the gate), then its client goes away.
    for (let i = 0; handler.waitingOn(roomStream(roomId)) < 1; i++) {
      if (i === 500) throw new Error('the second post never waited');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    try {
      leaving.abort();
      expect(((await abandoned) as { name?: string }).name).toBe('AbortError');
      // Dropped from the stream's queue once the server saw the connection close, before its turn came.
      for (let i = 0; handler.waitingOn(roomStream(roomId)) > 0; i++) {
        if (i === 500) throw new Error('the abandoned post is still waiting');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      gate.closed = false;
      for (const release of gate.waiters.splice(0)) release();
    }
    expect((await first).status).toBe(200);
    const events = await api.app.get<EventStore>(EVENT_STORE).readStream(roomStream(roomId), { from: 0n, direction: 'forwards', limit: 100 });
    expect(events.filter((e) => e.type === 'MessagePosted').map((e) => (e.data as { clientMsgId: string }).clientMsgId)).toEqual(['kept']);
  });
});
