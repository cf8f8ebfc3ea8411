import { MESSAGE_MAX_LENGTH, textLength } from '@catalyse/domain';
import { type ErrorBody, HUB_EVENTS, HUB_MAX_MESSAGE_BYTES, type JoinRequest, type PostRequest, type RoomKey } from '@catalyse/protocol';
import type { FailedPostError } from './outbox';

/**
 * What socket.io adds around a request's JSON once encoded: the packet types (`4` for engine.io, `2` for an event)
 * and the ack id (digits), with room to spare.
 */
const PACKET_OVERHEAD_BYTES = 32;

/** How many bytes a `room:post` takes on the wire (within `PACKET_OVERHEAD_BYTES`). */
export function postPacketBytes(request: PostRequest): number {
  return new TextEncoder().encode(JSON.stringify([HUB_EVENTS.post, request])).length + PACKET_OVERHEAD_BYTES;
}

/**
 * How many bytes the largest `room:join` (or `room:sync`, the same fields) of a room takes on the wire: with a `since`
 * whose epoch and seq are as long as numbers get. A room's other requests (`room:leave`, typing) are smaller.
 */
export function joinPacketBytes(room: RoomKey): number {
  const request: JoinRequest = { room, since: { epoch: Number.MAX_SAFE_INTEGER, seq: Number.MAX_SAFE_INTEGER } };
  return new TextEncoder().encode(JSON.stringify([HUB_EVENTS.join, request])).length + PACKET_OVERHEAD_BYTES;
}

/**
 * Why the hub could never let this room in, or undefined: a key so long that a join's packet is larger than the hub's
 * `HUB_MAX_MESSAGE_BYTES` would not be answered at all, the hub closing the connection at the transport instead, then
 * again at each rejoin of every room: refused `PAYLOAD_TOO_LARGE` by the client, never sent.
 */
export function joinFault(room: RoomKey): ErrorBody | undefined {
  const bytes = joinPacketBytes(room);
  if (bytes <= HUB_MAX_MESSAGE_BYTES) return undefined;
  return {
    code: 'PAYLOAD_TOO_LARGE',
    message: `the room key takes ${bytes} bytes in a ${HUB_EVENTS.join} once encoded: the hub takes at most ${HUB_MAX_MESSAGE_BYTES}; the room is not joined`,
  };
}

/**
 * Why the hub would refuse this post whatever the moment, as it would say it, or undefined. Checked before a post is
 * kept (and on the posts an older client left in the storage): a text longer than `MESSAGE_MAX_LENGTH` (counted as the
 * hub counts, `textLength`) is refused `VALIDATION` as the hub words it; a post whose packet is larger than the hub's
 * `HUB_MAX_MESSAGE_BYTES` (a long room key, say) would not be answered at all, the hub closing the connection at the
 * transport instead, then again at each reconnect: refused `PAYLOAD_TOO_LARGE`.
 */
export function postFault(request: PostRequest): ErrorBody | undefined {
  if (textLength(request.text) > MESSAGE_MAX_LENGTH) {
    const message = `text must be shorter than or equal to ${MESSAGE_MAX_LENGTH} characters`;
    return { code: 'VALIDATION', message: `invalid ${HUB_EVENTS.post} payload: text: ${message}`, details: [{ field: 'text', messages: [message] }] };
  }
  const bytes = postPacketBytes(request);
  if (bytes > HUB_MAX_MESSAGE_BYTES) {
    return { code: 'PAYLOAD_TOO_LARGE', message: `the post takes ${bytes} bytes once encoded: the hub takes at most ${HUB_MAX_MESSAGE_BYTES}` };
  }
  return undefined;
}

/**
 * A post sent, then its connection closed by the transport before any answer, this many times in a row: given up. Five,
 * not fewer: a flaky network may close a connection while a post is in flight once or twice, a packet the hub cannot take
 * closes it every time, at once.
 */
export const MAX_CLOSES_PER_POST = 5;

/**
 * Why a post was given up after its connection closed each time it was sent: `UNANSWERED`, not a refusal. The hub may
 * have stored it before a close (its entry then reaches the room, and the post leaves `failed()`).
 */
export function closedEachTime(closes: number): FailedPostError {
  return {
    code: 'UNANSWERED',
    message: `the connection closed each time this post was sent (${closes} times in a row), before any answer: it is not sent again, and may have been posted`,
  };
}
