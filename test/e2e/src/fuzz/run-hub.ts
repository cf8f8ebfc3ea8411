import { io, type Socket } from 'socket.io-client';
import { type FuzzEmit, generateEmit } from './hub-emits';
import type { World } from './openapi';
import type { Prng } from './prng';

/** A socket of the suite: who it is (the `sub` of its token) and its connection. */
export interface FuzzSocket {
  readonly sub: string;
  readonly socket: Socket;
}

/** What the hub answered: acks by code, the posts it accepted or refused, the failures (INTERNAL, no ack, a dropped socket). */
export interface HubOutcome {
  readonly byCode: Readonly<Record<string, number>>;
  /** `sub\nclientMsgId` of posts acked ok, or sent without an ack (they may have been carried out). */
  readonly maybePosted: ReadonlySet<string>;
  /** `sub\nclientMsgId` of posts acked with an error. */
  readonly refusedPosts: ReadonlySet<string>;
  readonly failures: readonly string[];
}

interface Ack {
  readonly ok: boolean;
  readonly error?: { readonly code?: string; readonly message?: string };
}

const ACK_TIMEOUT_MS = 15_000;
/** The hub answers at most 100 requests per socket per second: each socket waits this long between two emits. */
const PACE_MS = 10;

/** Connects a real socket.io client (websocket, no reconnection: a dropped socket is a failure). */
export async function connectFuzzSocket(url: string, sub: string, token: string): Promise<FuzzSocket> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return { sub, socket };
}

export function describeEmit(emit: FuzzEmit, sub: string): string {
  const args = JSON.stringify(emit.args) ?? '';
  return `#${emit.index} ${emit.event} from ${sub}${emit.withAck ? '' : ' (no ack)'}: ${args.length} chars ${args.slice(0, 300)}`;
}

/** Sends `count` generated emits over the sockets (each socket one at a time, paced), waiting for every ack. */
export async function runHub(rng: Prng, sockets: readonly FuzzSocket[], world: World, count: number): Promise<HubOutcome> {
  const emits = Array.from({ length: count }, (_, index) => generateEmit(rng, index, world, sockets.length));
  const byCode: Record<string, number> = {};
  const maybePosted = new Set<string>();
  const refusedPosts = new Set<string>();
  const failures: string[] = [];
  const dropped = sockets.map(() => false);
  sockets.forEach(({ socket, sub }, i) =>
    socket.on('disconnect', (reason) => {
      dropped[i] = true;
      failures.push(`the socket of ${sub} was disconnected: ${reason}`);
    }),
  );

  await Promise.all(
    sockets.map(async ({ socket, sub }, i) => {
      for (const emit of emits.filter((e) => e.socket === i)) {
        if (dropped[i]) return;
        const started = Date.now();
        const post = emit.event === 'room:post' ? postKey(sub, emit.args[0]) : undefined;
        if (!emit.withAck) {
          socket.emit(emit.event, ...emit.args);
          if (post) maybePosted.add(post);
        } else {
          const ack = await emitWithAck(socket, emit);
          if (ack === undefined) {
            failures.push(`${describeEmit(emit, sub)} → no ack in ${ACK_TIMEOUT_MS} ms`);
            continue;
          }
          const code = ack.ok ? 'ok' : (ack.error?.code ?? 'no code');
          byCode[code] = (byCode[code] ?? 0) + 1;
          if (!ack.ok && (code === 'INTERNAL' || typeof ack.error?.message !== 'string')) failures.push(`${describeEmit(emit, sub)} → ${JSON.stringify(ack)}`);
          if (post) (ack.ok ? maybePosted : refusedPosts).add(post);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, PACE_MS - (Date.now() - started))));
      }
    }),
  );
  return { byCode, maybePosted, refusedPosts, failures };
}

function emitWithAck(socket: Socket, emit: FuzzEmit): Promise<Ack | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ACK_TIMEOUT_MS);
    socket.emit(emit.event, ...emit.args, (ack: Ack) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

/** `sub\nclientMsgId` of a post payload whose clientMsgId is a string (only those can be stored). */
function postKey(sub: string, payload: unknown): string | undefined {
  const clientMsgId = (payload as { clientMsgId?: unknown } | null | undefined)?.clientMsgId;
  return typeof clientMsgId === 'string' ? `${sub}\n${clientMsgId}` : undefined;
}
