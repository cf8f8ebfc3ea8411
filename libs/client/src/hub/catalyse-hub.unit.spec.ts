import type { io as realIo } from 'socket.io-client';
import { type Ack, type ErrorBody, HUB_EVENTS, type JoinResult, type PostResult, type RoomKey } from '@catalyse/protocol';
import { CatalyseHub, type CatalyseHubOptions } from './catalyse-hub';

/** What the hub was asked, each with the ack the test answers. */
interface Asked {
  readonly event: string;
  readonly payload: { readonly room?: string; readonly clientMsgId?: string; readonly text?: string };
  readonly ack: (answer: Ack<unknown>) => void;
}

/**
 * A `CatalyseHub` on a connection the test holds (a stand-in for socket.io-client's socket: the subject is the
 * outbox's schedule, not the transport), its timers jest's: each wait the hub asks for is read from `setTimeout`.
 */
function held(options: Partial<CatalyseHubOptions> = {}): {
  hub: CatalyseHub;
  asked: Asked[];
  connect(): void;
  disconnect(): void;
  posts(): Asked[];
  waits(): number[];
} {
  const asked: Asked[] = [];
  const handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  const socket = {
    connected: false,
    on(event: string, handler: (...args: unknown[]) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return socket;
    },
    emit(event: string, payload: Asked['payload'], ack: Asked['ack']) {
      asked.push({ event, payload, ack });
      return socket;
    },
    removeAllListeners: () => handlers.clear(),
    disconnect: () => undefined,
    connect: () => undefined,
  };
  const fire = (event: string, ...args: unknown[]): void => {
    for (const handler of handlers.get(event) ?? []) handler(...args);
  };
  const setTimeoutSpy = jest.spyOn(globalThis, 'setTimeout');
  const hub = new CatalyseHub({
    url: 'http://hub.test',
    token: 't',
    io: (() => socket) as unknown as typeof realIo,
    ackTimeoutMs: 3_600_000, // an hour: told apart from the retries' waits
    ...options,
  });
  return {
    hub,
    asked,
    connect: () => {
      socket.connected = true;
      fire('connect');
    },
    disconnect: () => {
      socket.connected = false;
      fire('disconnect', 'transport close');
    },
    posts: () => asked.filter((request) => request.event === HUB_EVENTS.post),
    waits: () => setTimeoutSpy.mock.calls.map(([, ms]) => ms ?? 0).filter((ms) => ms !== 3_600_000),
  };
}

const unavailable: ErrorBody = { code: 'UNAVAILABLE', message: 'the event store is unavailable for a moment' };
const joined: JoinResult = { room: 'room:hall' as RoomKey, epoch: 1, head: 0, entries: [], snapshot: true, presence: [] };
const accepted: PostResult = { room: 'room:hall' as RoomKey, messageId: 'm-1', epoch: 1, seq: 1, position: '1' };

describe('CatalyseHub posting again a post the hub refused for a while', () => {
  let hub: CatalyseHub | undefined;

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    hub?.close();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  /** A hub online in `room:hall`, joined. */
  function online(options: Partial<CatalyseHubOptions> = {}): ReturnType<typeof held> & { post(text: string): void } {
    const client = held(options);
    hub = client.hub;
    client.connect();
    const room = client.hub.room('room:hall');
    client.asked.find((request) => request.event === HUB_EVENTS.join)?.ack({ ok: true, data: joined });
    return { ...client, post: (text) => void room.post(text) };
  }

  it('waits longer at each refusal in a row (full jitter up to 250 ms doubling to 10 s), and the shortest again once a post is accepted', () => {
    const { posts, waits, post } = online({ postBackoff: { random: () => 0.999_999 } });
    post('bonjour');
    for (let i = 0; i < 8; i++) {
      posts().at(-1)?.ack({ ok: false, error: unavailable });
      jest.advanceTimersByTime(waits().at(-1) ?? 0); // the wait is over: the post goes again
    }
    expect(posts()).toHaveLength(9);
    expect(posts().every((request) => request.payload.text === 'bonjour')).toBe(true); // the same post, its same clientMsgId
    expect(new Set(posts().map((request) => request.payload.clientMsgId)).size).toBe(1);
    expect(waits()).toEqual([249, 499, 999, 1999, 3999, 7999, 9999, 9999]);

    posts().at(-1)?.ack({ ok: true, data: accepted });
    post('encore');
    posts()
      .at(-1)
      ?.ack({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
    expect(waits().at(-1)).toBe(249);
  });

  it('draws each wait at random within its window: clients refused together do not post again together', () => {
    const draws = [0.1, 0.9, 0.5];
    const { posts, waits, post } = online({ postBackoff: { random: () => draws.shift() ?? 0 } });
    post('bonjour');
    for (let i = 0; i < 3; i++) {
      posts().at(-1)?.ack({ ok: false, error: unavailable });
      jest.advanceTimersByTime(waits().at(-1) ?? 0);
    }
    expect(waits()).toEqual([25, 450, 500]);
  });

  it('waits what the hub said for a RATE_LIMITED with retryAfterMs, without lengthening its own backoff', () => {
    const { posts, waits, post } = online({ postBackoff: { random: () => 0.999_999 } });
    post('bonjour');
    posts().at(-1)?.ack({ ok: false, error: unavailable });
    jest.advanceTimersByTime(249);
    posts()
      .at(-1)
      ?.ack({ ok: false, error: { code: 'RATE_LIMITED', message: 'too many posts', retryAfterMs: 1_200 } });
    jest.advanceTimersByTime(1_200);
    posts()
      .at(-1)
      ?.ack({ ok: false, error: { code: 'RATE_LIMITED', message: 'too many posts' } });
    expect(waits()).toEqual([249, 1_200, 499]);
    expect(posts()).toHaveLength(3);
  });

  it('takes retryDelayMs, when given, as the longest first wait', () => {
    const { posts, waits, post } = online({ retryDelayMs: 40, postBackoff: { random: () => 0.999_999 } });
    post('bonjour');
    for (let i = 0; i < 3; i++) {
      posts().at(-1)?.ack({ ok: false, error: unavailable });
      jest.advanceTimersByTime(waits().at(-1) ?? 0);
    }
    expect(waits()).toEqual([39, 79, 159]);
  });

  it('sends a refused post once after a reconnection, not again when the wait of the connection before ends', () => {
    const { posts, waits, post, connect, disconnect, asked } = online({ postBackoff: { random: () => 0.999_999 } });
    post('bonjour');
    posts().at(-1)?.ack({ ok: false, error: unavailable });
    expect(waits()).toEqual([249]);
    disconnect();
    connect(); // the outbox goes at once on the new connection
    asked
      .filter((request) => request.event === HUB_EVENTS.join)
      .at(-1)
      ?.ack({ ok: true, data: joined });
    expect(posts()).toHaveLength(2);
    jest.advanceTimersByTime(10_000);
    expect(posts()).toHaveLength(2);
  });
});
