import {
  ANY_FEED_KINDS,
  AppError,
  type ClientToServerEvents,
  type HubRequestEvent,
  type HubRequestSender,
  FEED_KINDS,
  HTTP_STATUS_OF,
  HUB_EVENTS,
  type JoinRequest,
  type JoinResult,
  parseRoomKey,
  type PostRequest,
  type PostResult,
  type RequestOf,
  type ResultOf,
  type RoomAck,
  ROOM_ID_MAX_LENGTH,
  ROOM_ID_PATTERN,
  ROOM_KEY_PATTERN,
  ROOM_KEY_RULE,
  roomKey,
  sendRequest,
  type ServerToClientEvents,
  SINGLETON_FEEDS,
  type SyncRequest,
  type SyncResult,
  type TypingRequest,
} from './index';

describe('room keys', () => {
  it.each([
    ['network', { kind: 'network' }],
    ['ops', { kind: 'ops' }],
    ['partnership:flda-ardeche', { kind: 'partnership', id: 'flda-ardeche' }],
    ['territory:alsace', { kind: 'territory', id: 'alsace' }],
    ['room:2f1c_9.a~b', { kind: 'room', id: '2f1c_9.a~b' }],
  ])('parses %s', (key, expected) => {
    expect(parseRoomKey(key)).toEqual(expected);
  });

  it.each(['', 'partnership', 'partnership:', 'unknown:x', 'room:a b', 'room:<script>', `room:${'x'.repeat(101)}`, 'network:x'])('refuses %j', (key) => {
    expect(parseRoomKey(key)).toBeUndefined();
  });
});

describe('room keys derive from the lists of feed kinds', () => {
  it('lists every kind once, as a plain word (safe inside the pattern)', () => {
    expect(ANY_FEED_KINDS).toEqual([...FEED_KINDS, ...SINGLETON_FEEDS]);
    expect(new Set(ANY_FEED_KINDS).size).toBe(ANY_FEED_KINDS.length);
    for (const kind of ANY_FEED_KINDS) expect(kind).toMatch(/^[a-z]+$/);
  });

  it.each(FEED_KINDS)('%s:{id} round-trips through roomKey and parseRoomKey', (kind) => {
    const key = roomKey(kind, 'a-Z_0.9~');
    expect(key).toBe(`${kind}:a-Z_0.9~`);
    expect(ROOM_KEY_PATTERN.test(key)).toBe(true);
    expect(parseRoomKey(key)).toEqual({ kind, id: 'a-Z_0.9~' });
    // The id follows the id rule, whatever the kind.
    expect(parseRoomKey(roomKey(kind, 'x'.repeat(ROOM_ID_MAX_LENGTH)))).toEqual({ kind, id: 'x'.repeat(ROOM_ID_MAX_LENGTH) });
    expect(parseRoomKey(roomKey(kind, 'x'.repeat(ROOM_ID_MAX_LENGTH + 1)))).toBeUndefined();
    expect(parseRoomKey(roomKey(kind, 'a:b'))).toBeUndefined();
    // A kind of feed about one thing is never a key alone.
    expect(parseRoomKey(kind)).toBeUndefined();
  });

  it.each(SINGLETON_FEEDS)('%s round-trips through roomKey and parseRoomKey, and takes no id', (kind) => {
    expect(roomKey(kind)).toBe(kind);
    expect(parseRoomKey(roomKey(kind))).toEqual({ kind });
    expect(parseRoomKey(`${kind}:x`)).toBeUndefined();
  });

  it('accepts exactly the kinds of the lists', () => {
    const listed = new Set<string>(ANY_FEED_KINDS);
    const accepted = (kind: string): boolean => ROOM_KEY_PATTERN.test(kind) || ROOM_KEY_PATTERN.test(`${kind}:x`);
    for (const kind of listed) expect(accepted(kind)).toBe(true);
    // Near misses of each listed kind: other case, one letter more or less.
    for (const kind of listed) {
      for (const near of [kind.toUpperCase(), `${kind}s`, kind.slice(1), kind.slice(0, -1)]) {
        if (!listed.has(near)) expect(accepted(near)).toBe(false);
      }
    }
  });

  it('ids follow ROOM_ID_PATTERN', () => {
    for (const id of ['a', 'A-z_0.9~', 'x'.repeat(ROOM_ID_MAX_LENGTH)]) expect(ROOM_ID_PATTERN.test(id)).toBe(true);
    for (const id of ['', 'a b', 'a:b', 'é', '.', '..', '...', 'x'.repeat(ROOM_ID_MAX_LENGTH + 1)]) expect(ROOM_ID_PATTERN.test(id)).toBe(false);
    // Names every object has: ids become keys of objects in the read models.
    for (const id of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype']) expect(ROOM_ID_PATTERN.test(id)).toBe(false);
    for (const id of ['constructors', 'my-constructor', 'Constructor', 'tostring']) expect(ROOM_ID_PATTERN.test(id)).toBe(true);
    expect(ROOM_KEY_PATTERN.test('partnership:constructor')).toBe(false);
    expect(ROOM_KEY_PATTERN.test('partnership:constructor-1')).toBe(true);
  });

  it('the rule in words names every kind and the id rule', () => {
    for (const kind of ANY_FEED_KINDS) expect(ROOM_KEY_RULE).toContain(kind);
    expect(ROOM_KEY_RULE).toContain(`{${FEED_KINDS.join('|')}}:{id}`);
    expect(ROOM_KEY_RULE).toContain(`1 to ${ROOM_ID_MAX_LENGTH}`);
  });
});

/** Compile-time equality of two types (a mismatch fails the type-check of this file). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

describe('hub event maps', () => {
  it('names every event of the maps in HUB_EVENTS, once', () => {
    type Named = (typeof HUB_EVENTS)[keyof typeof HUB_EVENTS];
    const unnamed: Same<Exclude<keyof ClientToServerEvents | keyof ServerToClientEvents, Named>, never> = true;
    expect(unnamed).toBe(true);
    expect(new Set(Object.values(HUB_EVENTS)).size).toBe(Object.values(HUB_EVENTS).length);
  });

  it('derives the request and the ack data of each client event from the map', () => {
    const join: Same<RequestOf<'room:join'>, JoinRequest> & Same<ResultOf<'room:join'>, JoinResult> = true;
    const sync: Same<RequestOf<'room:sync'>, SyncRequest> & Same<ResultOf<'room:sync'>, SyncResult> = true;
    const post: Same<RequestOf<'room:post'>, PostRequest> & Same<ResultOf<'room:post'>, PostResult> = true;
    const typing: Same<RequestOf<'presence:typing'>, TypingRequest> & Same<ResultOf<'presence:typing'>, RoomAck> = true;
    expect([join, sync, post, typing]).toEqual([true, true, true, true]);
  });
});

describe('sendRequest', () => {
  it('emits each client event of the protocol with its payload and ack callback, unchanged', () => {
    const sent: unknown[][] = [];
    const socket: HubRequestSender = { emit: (...args: unknown[]) => sent.push(args) };
    const ack = (): void => undefined;
    const requests: { readonly [E in HubRequestEvent]: RequestOf<E> } = {
      [HUB_EVENTS.join]: { room: 'network' },
      [HUB_EVENTS.sync]: { room: 'network', since: { epoch: 1, seq: 2 } },
      [HUB_EVENTS.post]: { room: 'room:a', clientMsgId: 'c-1', text: 'hello' },
      [HUB_EVENTS.leave]: { room: 'ops' },
      [HUB_EVENTS.typing]: { room: 'room:a' },
    };
    sendRequest(socket, HUB_EVENTS.join, requests[HUB_EVENTS.join], ack);
    sendRequest(socket, HUB_EVENTS.sync, requests[HUB_EVENTS.sync], ack);
    sendRequest(socket, HUB_EVENTS.post, requests[HUB_EVENTS.post], ack);
    sendRequest(socket, HUB_EVENTS.leave, requests[HUB_EVENTS.leave], ack);
    sendRequest(socket, HUB_EVENTS.typing, requests[HUB_EVENTS.typing], ack);
    expect(sent).toEqual(Object.entries(requests).map(([event, payload]) => [event, payload, ack]));
  });
});

describe('errors', () => {
  it('maps each code to its HTTP status once', () => {
    expect(HTTP_STATUS_OF.RULE_VIOLATED).toBe(422);
    expect(HTTP_STATUS_OF.CONFLICT).toBe(409);
    expect(new AppError('CONFLICT', 'stale', { currentRevision: '4' }).toBody()).toEqual({ code: 'CONFLICT', message: 'stale', currentRevision: '4' });
  });
});
