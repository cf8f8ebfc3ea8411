import type { AckCallback, HubRequestEvent, ResultOf } from '@catalyse/protocol';
import { toErrorBody } from './socket-errors';

/**
 * The ack callback socket.io hands a handler, when the client asked for one.
 * Nest hands it untyped: this is where it gets its type (the boundary). What
 * the callback carries back is our own answer, so only its presence is checked.
 */
export function asAck<T>(candidate: unknown): AckCallback<T> | undefined {
  return typeof candidate === 'function' ? (candidate as AckCallback<T>) : undefined;
}

/** Answers a successful request (a missing callback is tolerated). */
export function ackOk<T>(ack: AckCallback<T> | undefined, data: T): void {
  ack?.({ ok: true, data });
}

/** Answers a refused request with its coded error (a missing callback is tolerated). */
export function ackError<T>(ack: AckCallback<T> | undefined, error: unknown, event: string): void {
  ack?.({ ok: false, error: toErrorBody(error, event) });
}

/**
 * Runs a handler's work and answers with its result (of the type the protocol
 * gives the event's ack) or its coded error: a handler never throws out.
 * `work` gets the typed callback and may answer itself (returning `ANSWERED`),
 * e.g. when the ack must leave at an exact point.
 */
export async function respond<E extends HubRequestEvent>(
  event: E,
  ack: unknown,
  work: (reply: AckCallback<ResultOf<E>> | undefined) => Promise<ResultOf<E> | typeof ANSWERED>,
): Promise<void> {
  const reply = asAck<ResultOf<E>>(ack);
  try {
    const result = await work(reply);
    if (result !== ANSWERED) ackOk(reply, result);
  } catch (error) {
    ackError(reply, error, event);
  }
}

/** Returned by a `respond` work that has already sent its ack. */
export const ANSWERED: unique symbol = Symbol('answered');
