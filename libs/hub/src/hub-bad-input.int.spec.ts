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
    expect(ack).toEqual({ ok: false, error: { code: 'VALIDATION', message: `${HUB_EVENTS.join} expects an object payload` } });
    await stillServed();
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
