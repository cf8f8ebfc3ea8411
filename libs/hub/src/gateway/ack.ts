import type { Ack } from '@catalyse/protocol';
import { toErrorBody } from './socket-errors';

/** The ack callback socket.io hands a handler, when the client asked for one. */
export type AckFn = (response: Ack<unknown>) => void;

export function asAck(candidate: unknown): AckFn | undefined {
  return typeof candidate === 'function' ? (candidate as AckFn) : undefined;
}

/** Answers a successful request (a missing callback is tolerated). */
export function ackOk<T>(ack: AckFn | undefined, data: T): void {
  ack?.({ ok: true, data });
}

/** Answers a refused request with its coded error (a missing callback is tolerated). */
export function ackError(ack: AckFn | undefined, error: unknown, event: string): void {
  ack?.({ ok: false, error: toErrorBody(error, event) });
}

/**
 * Runs a handler's work and answers with its result or its coded error: a
 * handler never throws out. `work` may answer itself (returning `undefined`
 * after calling `answered`), e.g. when the ack must leave at an exact point.
 */
export async function respond<T>(event: string, ack: AckFn | undefined, work: () => Promise<T | typeof ANSWERED>): Promise<void> {
  try {
    const result = await work();
    if (result !== ANSWERED) ackOk(ack, result);
  } catch (error) {
    ackError(ack, error, event);
  }
}

/** Returned by a `respond` work that has already sent its ack. */
export const ANSWERED: unique symbol = Symbol('answered');
