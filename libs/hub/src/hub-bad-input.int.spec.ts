/**
 * Bad input never crashes the hub and never reaches the stores: each refusal
 * is an error ack with a code and a readable message, and the same connection
 * keeps being served.
 *
 * What is sent here is ill-typed on purpose (wrong shapes, unknown events, no
 * ack callback): it goes through the test client's `untyped` socket and
 * `requestRaw`, the one place where the protocol's types are set aside.
 */
import { HUB_EVENTS, MAX_PAYLOAD_DEPTH } from '@catalyse/protocol';
import { HubHarness } from './testing/hub-harness';
import type { TestClient } from './testing/test-client';

// jest's per-project testTimeout is not applied (it is a global option): set it here.
jest.setTimeout(30_000);

describe('hub bad input (real Nest app, SQLite, projector)', () => {
  let hub: HubHarness;
  let client: TestClient;
  const ROOM = 'room:agora';

  beforeAll(async () => {
    hub = await HubHarness.start();
    await hub.openRoom('agora', 'alice');
    client = await hub.connect({ sub: 'alice', role: 'catalyseur' });
  });

  afterAll(async () => {
    await hub?.close();
  });

  /** The connection still works: a valid join is answered. */
  const stillServed = async (who: TestClient = client): Promise<void> => {
    expect(await who.tryJoin(ROOM)).toMatchObject({ ok: true, data: { room: ROOM } });
  };

  it.each([
    ['a missing room', HUB_EVENTS.join, {}, 'room'],
    ['an unknown field', HUB_EVENTS.join, { room: ROOM, surprise: true }, 'surprise'],
    ['an unknown field in since', HUB_EVENTS.join, { room: ROOM, since: { epoch: 1, seq: 0, extra: 1 } }, 'since.extra'],
    ['a negative seq', HUB_EVENTS.join, { room: ROOM, since: { epoch: 1, seq: -1 } }, 'since.seq'],
    ['a fractional epoch', HUB_EVENTS.join, { room: ROOM, since: { epoch: 1.5, seq: 0 } }, 'since.epoch'],
    ['since as a string', HUB_EVENTS.join, { room: ROOM, since: '1:0' }, 'since'],
    ['an invalid room key', HUB_EVENTS.join, { room: 'room:<script>' }, 'room'],
    ['an unknown room kind', HUB_EVENTS.join, { room: 'kitchen:1' }, 'room'],
    ['a room that is not a string', HUB_EVENTS.join, { room: 42 }, 'room'],
    ['a sync without since', HUB_EVENTS.sync, { room: ROOM }, 'since'],
    ['a post without text', HUB_EVENTS.post, { room: ROOM, clientMsgId: 'x-1' }, 'text'],
    ['a post without clientMsgId', HUB_EVENTS.post, { room: ROOM, text: 'hello' }, 'clientMsgId'],
    ['a blank post', HUB_EVENTS.post, { room: ROOM, clientMsgId: 'x-2', text: '   ' }, 'text'],
    ['a post of 4001 characters', HUB_EVENTS.post, { room: ROOM, clientMsgId: 'x-3', text: 'é'.repeat(4001) }, 'text'],
    ['a clientMsgId with spaces', HUB_EVENTS.post, { room: ROOM, clientMsgId: 'a b', text: 'hello' }, 'clientMsgId'],
    ['a post with an unknown field', HUB_EVENTS.post, { room: ROOM, clientMsgId: 'x-4', text: 'hello', authorId: 'bob' }, 'authorId'],
    ['a leave of an invalid room', HUB_EVENTS.leave, { room: '' }, 'room'],
  ])('refuses %s with VALIDATION naming the field', async (_what, event, payload, field) => {
    const ack = await client.requestRaw(event, [payload]);
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(`invalid ${event} payload`) } });
    expect(ack.ok ? [] : (ack.error.details ?? []).map((d) => d.field)).toContain(field);
    await stillServed();
  });

  it.each([
    ['a string', ['hello']],
    ['a number', [42]],
    ['null', [null]],
    ['an array', [[{ room: ROOM }]]],
    ['two arguments', [{ room: ROOM }, { room: ROOM }]],
    ['no payload at all', []],
  ])('refuses %s as payload', async (_what, args) => {
    const ack = await client.requestRaw(HUB_EVENTS.join, args);
    expect(ack).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: `${HUB_EVENTS.join} expects one object as its payload, then the ack (no other argument)` },
    });
    await stillServed();
  });

  /** Every client → server event the gateway handles. */
  const CLIENT_EVENTS = [HUB_EVENTS.join, HUB_EVENTS.sync, HUB_EVENTS.post, HUB_EVENTS.leave, HUB_EVENTS.typing] as const;
  /** Binary payloads (sent as socket.io attachments: the server gets a Buffer) and arrays are no objects. */
  const NOT_OBJECTS: readonly [string, () => unknown][] = [
    ['a Buffer', () => Buffer.from('abc')],
    ['a Uint8Array', () => new Uint8Array([1, 2, 3])],
    ['an ArrayBuffer', () => new Uint8Array([1, 2, 3]).buffer],
    ['an empty Buffer', () => Buffer.alloc(0)],
    ['an array', () => [{ room: ROOM }]],
    ['an empty array', () => []],
  ];

  // A client of their own: these many requests would take the shared client past its requests per second.
  it.each(CLIENT_EVENTS)('refuses binary data and arrays as the payload of %s as no object, and keeps serving the socket', async (event) => {
    const own = await hub.connect({ sub: `binary-${event.replace(':', '-')}`, role: 'catalyseur' });
    for (const [what, payload] of NOT_OBJECTS) {
      const ack = await own.requestRaw(event, [payload()]);
      expect({ what, ack }).toEqual({
        what,
        ack: { ok: false, error: { code: 'VALIDATION', message: `${event} expects one object as its payload, then the ack (no other argument)` } },
      });
      await stillServed(own);
    }
  });

  it.each([
    ['the room', HUB_EVENTS.join, { room: Buffer.from(ROOM) }, 'room'],
    ['since', HUB_EVENTS.join, { room: ROOM, since: Buffer.from('1:0') }, 'since'],
    ['since of a sync', HUB_EVENTS.sync, { room: ROOM, since: new Uint8Array([1, 0]) }, 'since'],
    ['the text of a post', HUB_EVENTS.post, { room: ROOM, clientMsgId: 'bin-1', text: Buffer.from('hello') }, 'text'],
    ['the room of a typing', HUB_EVENTS.typing, { room: new Uint8Array([1]).buffer }, 'room'],
  ])('refuses binary data in %s (%s) with VALIDATION naming the field', async (_what, event, payload, field) => {
    const own = await hub.connect({ sub: 'binary-fields', role: 'catalyseur' });
    const ack = await own.requestRaw(event, [payload]);
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(`invalid ${event} payload: ${field}: `) } });
    expect(ack.ok ? [] : (ack.error.details ?? []).map((d) => d.field)).toEqual([field]);
    await stillServed(own);
    expect((await hub.feed(ROOM)).some((e) => (e.data as { clientMsgId?: string }).clientMsgId === 'bin-1')).toBe(false);
  });

  /** `depth` levels of arrays: 2.6 KB for 1,300 of them, which overflowed the validators' recursion. */
  const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

  it.each([
    ['the room', HUB_EVENTS.join, { room: nested(1300) }, 'room'],
    ['since', HUB_EVENTS.join, { room: ROOM, since: nested(1300) }, 'since'],
    ['an unknown field', HUB_EVENTS.sync, { room: ROOM, since: { epoch: 1, seq: 0 }, extra: { a: nested(2000) } }, 'extra'],
    ['the text of a post', HUB_EVENTS.post, { room: ROOM, clientMsgId: 'deep-1', text: nested(1300) }, 'text'],
    ['the room of a leave', HUB_EVENTS.leave, { room: nested(MAX_PAYLOAD_DEPTH) }, 'room'],
    ['the room of a typing', HUB_EVENTS.typing, { room: nested(1300) }, 'room'],
  ])('refuses a payload nested too deep in %s (%s) with VALIDATION before validating it', async (_what, event, payload, field) => {
    const ack = await client.requestRaw(event, [payload]);
    expect(ack).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: `${event} payload is nested deeper than ${MAX_PAYLOAD_DEPTH} levels (in ${field})`,
        details: [{ field, messages: [`${field} is nested deeper than ${MAX_PAYLOAD_DEPTH} levels`] }],
      },
    });
    await stillServed();
    expect((await hub.feed(ROOM)).some((e) => (e.data as { clientMsgId?: string }).clientMsgId === 'deep-1')).toBe(false);
  });

  it.each([
    // class-transformer took an own `constructor` for the class to build: INTERNAL before.
    ['constructor in the room', HUB_EVENTS.post, { room: { constructor: 1e308 }, clientMsgId: 'proto-1', text: 'x' }, 'room.constructor'],
    ['constructor in since', HUB_EVENTS.join, { room: ROOM, since: { constructor: {} } }, 'since.constructor'],
    ['constructor in a list', HUB_EVENTS.leave, { room: [{ constructor: 'x' }] }, 'room.0.constructor'],
    ['a top-level constructor', HUB_EVENTS.join, { room: ROOM, constructor: { prototype: 1 } }, 'constructor'],
    ['__proto__', HUB_EVENTS.sync, JSON.parse(`{"room": "${ROOM}", "since": {"epoch": 1, "seq": 0}, "__proto__": {"x": 1}}`), '__proto__'],
    ['prototype', HUB_EVENTS.typing, { room: ROOM, prototype: null }, 'prototype'],
  ])('refuses a prototype key (%s) as the unknown field it is', async (_what, event, payload, field) => {
    const ack = await client.requestRaw(event, [payload]);
    const key = field.split('.').at(-1) ?? field;
    expect(ack).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        message: `invalid ${event} payload: ${field}: property ${key} should not exist`,
        details: [{ field, messages: [`property ${key} should not exist`] }],
      },
    });
    await stillServed();
  });

  it.each([
    ['an epoch given as a string', HUB_EVENTS.join, { room: ROOM, since: { epoch: '1', seq: 0 } }, 'since.epoch', 'epoch must be an integer number'],
    ['an epoch given as true', HUB_EVENTS.join, { room: ROOM, since: { epoch: true, seq: 0 } }, 'since.epoch', 'epoch must be an integer number'],
    ['a seq given as a string', HUB_EVENTS.sync, { room: ROOM, since: { epoch: 1, seq: '0' } }, 'since.seq', 'seq must be an integer number'],
    ['a seq given as true', HUB_EVENTS.sync, { room: ROOM, since: { epoch: 1, seq: true } }, 'since.seq', 'seq must be an integer number'],
    ['a negative seq', HUB_EVENTS.join, { room: ROOM, since: { epoch: 1, seq: -1 } }, 'since.seq', 'seq must not be less than 0'],
    ['a text that is a number', HUB_EVENTS.post, { room: ROOM, clientMsgId: 'type-1', text: 42 }, 'text', 'text must be a string'],
    ['a clientMsgId that is a number', HUB_EVENTS.post, { room: ROOM, clientMsgId: 7, text: 'hello' }, 'clientMsgId', 'clientMsgId must be a string'],
  ])('says the type of a field first (%s), in one message', async (_what, event, payload, field, message) => {
    const ack = await client.requestRaw(event, [payload]);
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: [{ field, messages: [message] }] } });
    await stillServed();
  });

  it('validates a payload nested exactly to the limit as usual', async () => {
    const ack = await client.requestRaw(HUB_EVENTS.join, [{ room: nested(MAX_PAYLOAD_DEPTH - 1) }]);
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringContaining(`invalid ${HUB_EVENTS.join} payload`) } });
  });

  it('accepts a post of exactly 4000 characters', async () => {
    expect(await client.post(ROOM, 'x-max', 'é'.repeat(4000))).toMatchObject({ ok: true });
  });

  it('tolerates requests without an ack callback', async () => {
    client.untyped.emit(HUB_EVENTS.join, { room: ROOM });
    client.untyped.emit(HUB_EVENTS.join, 'not an object');
    client.untyped.emit(HUB_EVENTS.post, { room: ROOM, clientMsgId: 'no-ack', text: 'fire and forget' });
    client.untyped.emit(HUB_EVENTS.leave, { room: 'network' });
    client.untyped.emit('room:unknown-event', { room: ROOM });
    await stillServed();
    // The post without ack was still carried out.
    await client.waitFor(() => client.entries(ROOM).some((e) => (e.data as { clientMsgId?: string }).clientMsgId === 'no-ack'), 'the post without ack');
  });

  /** The answer to an unknown event: it names the event and the events there are. */
  const unknownEvent = (shown: string) => ({
    ok: false,
    error: { code: 'VALIDATION', message: `unknown event ${shown}; the events are ${CLIENT_EVENTS.join(', ')}` },
  });

  it.each([
    ['an event of no one', 'room:nothing', [{}]],
    ['an event without payload', 'room:nothing', []],
    ['an event with two payloads', 'hello', [{ room: ROOM }, 'x']],
    ['an event of the server to the clients', HUB_EVENTS.entry, [{ room: ROOM }]],
    ['an event with a binary payload', 'room:upload', [Buffer.from('abc')]],
  ])('answers %s (%s) asking for an ack with VALIDATION naming it, and keeps serving the socket', async (_what, event, args) => {
    const own = await hub.connect({ sub: 'unknown-events', role: 'catalyseur' });
    expect(await own.requestRaw(event, args)).toEqual(unknownEvent(event));
    await stillServed(own);
  });

  it('answers an unknown event named by a number, and shortens a long name', async () => {
    const own = await hub.connect({ sub: 'unknown-events', role: 'catalyseur' });
    expect(await own.requestRaw(42 as unknown as string, [{}])).toEqual(unknownEvent('42'));
    expect(await own.requestRaw(`room:${'x'.repeat(5000)}`, [{}])).toEqual(unknownEvent(`room:${'x'.repeat(59)}…`));
    await stillServed(own);
  });

  it('ignores an unknown event without an ack callback, and keeps serving the socket', async () => {
    const own = await hub.connect({ sub: 'unknown-events', role: 'catalyseur' });
    for (let i = 0; i < 20; i++) own.untyped.emit('room:nothing', { i });
    own.untyped.emit('room:nothing');
    await stillServed(own);
    // Not counted against its requests: a whole second's worth of requests is still served.
    const acks = await Promise.all(Array.from({ length: 99 }, () => own.request(HUB_EVENTS.leave, { room: ROOM })));
    expect(acks.filter((a) => !a.ok)).toEqual([]);
  });

  it('counts unknown events asking for an ack against the requests of the socket', async () => {
    const noisy = await hub.connect({ sub: 'noisy-unknown', role: 'catalyseur' });
    const acks = await Promise.all(Array.from({ length: 130 }, () => noisy.requestRaw('room:nothing', [{}])));
    expect(acks.filter((a) => !a.ok && a.error.code === 'VALIDATION')).toHaveLength(100);
    expect(acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toHaveLength(30);
  });

  it('closes a connection that sends a message larger than 64 KB, and keeps serving the others', async () => {
    const flooder = await hub.connect({ sub: 'flooder', role: 'catalyseur' });
    flooder.untyped.emit(HUB_EVENTS.post, { room: ROOM, clientMsgId: 'huge', text: 'x'.repeat(100_000) });
    await flooder.waitForDisconnect();
    await stillServed();
    const other = await hub.connect({ sub: 'bob', role: 'catalyseur' });
    await stillServed(other);
    expect((await hub.feed(ROOM)).some((e) => (e.data as { clientMsgId?: string }).clientMsgId === 'huge')).toBe(false);
  });

  it('limits the requests of a socket per second', async () => {
    const noisy = await hub.connect({ sub: 'noisy', role: 'catalyseur' });
    const acks = await Promise.all(Array.from({ length: 130 }, () => noisy.request(HUB_EVENTS.leave, { room: ROOM })));
    expect(acks.filter((a) => a.ok)).toHaveLength(100);
    expect(acks.filter((a) => !a.ok && a.error.code === 'RATE_LIMITED')).toHaveLength(30);
  });
});
