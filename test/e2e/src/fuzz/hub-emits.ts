import { HUB_EVENTS, type HubRequestEvent } from '@catalyse/protocol';
import { mutate } from './hostile';
import type { World } from './openapi';
import type { Prng } from './prng';

/** Every client → server event of the hub protocol. */
export const HUB_REQUEST_EVENTS: readonly HubRequestEvent[] = [HUB_EVENTS.join, HUB_EVENTS.sync, HUB_EVENTS.post, HUB_EVENTS.leave, HUB_EVENTS.typing];

/** Events no handler listens to (nothing answers them: they are sent without an ack). */
const UNKNOWN_EVENTS = ['room:unknown', 'room:entry', 'presence:diff', 'constructor', '__proto__', 'toString'];

/** One generated emit, as sent. */
export interface FuzzEmit {
  readonly index: number;
  /** Which of the suite's sockets sends it. */
  readonly socket: number;
  readonly event: string;
  readonly args: readonly unknown[];
  /** Whether an ack callback goes with it (every request is acked when it has one). */
  readonly withAck: boolean;
}

// JSON.stringify in socket.io-client recurses: 1,500 levels still fit its stack, and are far above the hub's limit.
// Strings stay under the 64 KB message limit (a larger message closes the connection, tested in libs/hub).
const LIMITS = { maxDepth: 1500, maxString: 12_000 };
const MAX_BYTES = 60 * 1024;

/** A valid payload of `event` (the access table may still refuse it, or the room not exist). */
function validPayload(rng: Prng, event: HubRequestEvent, world: World, index: number): Record<string, unknown> {
  const room = rng.pick(world.roomKeys);
  const since = { epoch: rng.int(0, 3), seq: rng.int(0, 50) };
  switch (event) {
    case HUB_EVENTS.join:
      return rng.chance(0.5) ? { room } : { room, since };
    case HUB_EVENTS.sync:
      return { room, since };
    case HUB_EVENTS.post:
      return { room, clientMsgId: `fz-${index}`, text: rng.pick(['Bonjour à tous', 'Compte rendu du COPIL', '🦄', 'x']) };
    default:
      return { room };
  }
}

/** One emit: a valid payload mutated most of the time, an odd argument list sometimes, an unknown event rarely. */
export function generateEmit(rng: Prng, index: number, world: World, sockets: number): FuzzEmit {
  const socket = rng.int(0, sockets - 1);
  if (rng.chance(0.03)) return { index, socket, event: rng.pick(UNKNOWN_EVENTS), args: [{ room: rng.pick(world.roomKeys) }], withAck: false };
  const event = rng.pick(HUB_REQUEST_EVENTS);
  const withAck = rng.chance(0.97);
  const valid = validPayload(rng, event, world, index);
  const roll = rng.next();
  if (roll < 0.05) return { index, socket, event, args: rng.pick([[], [valid, valid], ['room'], [null], [[valid]], [42]]), withAck };
  const args = [roll < 0.2 ? valid : mutate(rng, valid, LIMITS)];
  // Long strings may add up above the message limit (mutations work in place): one instead, just below it.
  if (Buffer.byteLength(JSON.stringify(args) ?? '') > MAX_BYTES)
    return { index, socket, event, args: [{ room: 'room:fz-agora', text: 'x'.repeat(MAX_BYTES - 200) }], withAck };
  return { index, socket, event, args, withAck };
}
