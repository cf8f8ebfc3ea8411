import { type Ack, type ErrorBody, HUB_EVENTS, type JoinResult, type RoomKey } from '@catalyse/protocol';
import { Backoff } from './backoff';
import type { HubSocket } from './catalyse-hub';
import { HubRoom, type RoomHost } from './hub-room';

/**
 * A room on a host whose timers and answers the test holds: each `room:join` waits in `joins` for the test to answer
 * it, each wait the room asks for is recorded in `waits` and run when the test says.
 */
function hosted(random: () => number): {
  room: HubRoom;
  host: { connection: number };
  joins: ((answer: Ack<JoinResult>) => void)[];
  waits: { readonly ms: number | undefined; readonly work: () => void }[];
} {
  const joins: ((answer: Ack<JoinResult>) => void)[] = [];
  const waits: { readonly ms: number | undefined; readonly work: () => void }[] = [];
  const socket = {
    emit: (event: string, _payload: unknown, ack: (answer: Ack<JoinResult>) => void) => {
      if (event === HUB_EVENTS.join) joins.push(ack);
    },
  } as unknown as HubSocket;
  const host: RoomHost & { connection: number } = {
    online: true,
    connection: 1,
    socket,
    request: (send, onAck) => send(onAck),
    later: (work, ms) => {
      waits.push({ ms, work });
      return undefined as unknown as ReturnType<typeof setTimeout>;
    },
    forget: () => undefined,
    pendingOf: () => [],
    failedOf: () => [],
    enqueue: () => {
      throw new Error('no post in these tests');
    },
  };
  return { room: new HubRoom(host, 'room:hall', 'all', new Backoff({ random })), host, joins, waits };
}

const unavailable: ErrorBody = { code: 'UNAVAILABLE', message: 'presence is unavailable for a moment: join room:hall again' };
const joined: JoinResult = { room: 'room:hall' as RoomKey, epoch: 1, head: 0, entries: [], snapshot: true, presence: ['cat-ada'] };

describe('HubRoom asked to join again after a refusal for a while', () => {
  it('waits longer at each UNAVAILABLE in a row (full jitter up to 250 ms doubling to 10 s), and the shortest again after a join', () => {
    const { room, joins, waits } = hosted(() => 0.999_999);
    room.join();
    for (let i = 0; i < 8; i++) {
      joins.at(-1)?.({ ok: false, error: unavailable });
      waits.at(-1)?.work(); // the wait is over: the room asks again
    }
    expect(joins).toHaveLength(9);
    expect(waits.map((wait) => wait.ms)).toEqual([249, 499, 999, 1999, 3999, 7999, 9999, 9999]);

    joins.at(-1)?.({ ok: true, data: joined });
    expect(room.presence()).toEqual(['cat-ada']);
    // A later connection refused again (the store down once more) starts from the shortest wait.
    room.offline();
    room.join();
    joins.at(-1)?.({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
    expect(waits.at(-1)?.ms).toBe(249);
  });

  it('drops a retry planned on an older connection: the next connection joins by itself, once', () => {
    const { room, host, joins, waits } = hosted(() => 0.5);
    room.join();
    joins.at(-1)?.({ ok: false, error: unavailable });
    // The connection goes and comes back before the wait is over: the room joins again on the new one.
    room.offline();
    host.connection++;
    room.join();
    expect(joins).toHaveLength(2);
    waits.at(-1)?.work(); // the old connection's retry fires late
    expect(joins).toHaveLength(2);
  });

  it('draws each wait at random within its window (clients refused together do not come back together)', () => {
    const draws = [0.1, 0.9, 0.5];
    const { room, joins, waits } = hosted(() => draws.shift() ?? 0);
    room.join();
    for (let i = 0; i < 3; i++) {
      joins.at(-1)?.({ ok: false, error: unavailable });
      waits.at(-1)?.work();
    }
    expect(waits.map((wait) => wait.ms)).toEqual([25, 450, 500]);
  });

  it('waits what the hub said for a RATE_LIMITED with retryAfterMs, without lengthening its own backoff', () => {
    const { room, joins, waits } = hosted(() => 0.999_999);
    room.join();
    joins.at(-1)?.({ ok: false, error: unavailable });
    waits.at(-1)?.work();
    joins.at(-1)?.({ ok: false, error: { code: 'RATE_LIMITED', message: 'too many joins', retryAfterMs: 1_200 } });
    waits.at(-1)?.work();
    joins.at(-1)?.({ ok: false, error: unavailable });
    expect(waits.map((wait) => wait.ms)).toEqual([249, 1_200, 499]);
  });

  it('does not ask again a room refused for good', async () => {
    const { room, joins, waits } = hosted(() => 0.5);
    room.join();
    joins.at(-1)?.({ ok: false, error: { code: 'FORBIDDEN', message: 'not a member' } });
    expect(waits).toEqual([]);
    await expect(room.ready()).rejects.toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});

describe('HubRoom answered in an earlier epoch than the one it holds', () => {
  const entry = (epoch: number, seq: number) => ({
    room: 'room:hall' as RoomKey,
    epoch,
    seq,
    position: String(seq),
    at: '2026-12-06T10:00:00Z',
    kind: 'MessagePosted',
    data: { text: `n°${seq}` },
  });

  it('takes the hub’s epoch when no reset came meanwhile (the read side recreated or restored): one join, not a loop', () => {
    const { room, joins } = hosted(() => 0.5);
    room.join();
    joins.at(-1)?.({ ok: true, data: { ...joined, epoch: 3, head: 2, entries: [entry(3, 1), entry(3, 2)] } });
    expect(room.epoch()).toBe(3);
    room.offline();
    room.join();
    joins.at(-1)?.({ ok: true, data: { ...joined, epoch: 1, head: 1, entries: [entry(1, 1)] } });
    expect(joins).toHaveLength(2);
    expect(room.epoch()).toBe(1);
    expect(room.entries().map((e) => [e.epoch, e.seq])).toEqual([[1, 1]]);
  });

  it('joins again when a reset to a later epoch came during the join (its answer is from before it)', () => {
    const { room, joins } = hosted(() => 0.5);
    room.join();
    joins.at(-1)?.({ ok: true, data: { ...joined, epoch: 1 } });
    room.offline();
    room.join();
    room.resetNotice(2);
    joins.at(-1)?.({ ok: true, data: { ...joined, epoch: 1 } });
    expect(joins).toHaveLength(3);
    joins.at(-1)?.({ ok: true, data: { ...joined, epoch: 2 } });
    expect(room.epoch()).toBe(2);
  });

  it('a reset to an earlier epoch outside a join (the socket unsubscribed) resets and joins again', () => {
    const { room, joins } = hosted(() => 0.5);
    room.join();
    joins.at(-1)?.({ ok: true, data: { ...joined, epoch: 4, head: 1, entries: [entry(4, 1)] } });
    room.resetNotice(2);
    expect(room.epoch()).toBe(2);
    expect(room.entries()).toEqual([]);
    expect(joins).toHaveLength(2);
  });
});
