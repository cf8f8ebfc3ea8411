import { type AckCallback, type ClientToServerEvents, HUB_EVENTS, type HubRequestEvent, type RequestOf, type ResultOf } from './hub';

/**
 * What `sendRequest` needs of a client socket. socket.io-client's
 * `Socket<ServerToClientEvents, ClientToServerEvents>` is one.
 */
export interface HubRequestSender {
  emit<E extends HubRequestEvent>(event: E, ...args: Parameters<ClientToServerEvents[E]>): unknown;
}

/** One typed `emit` per client → server event: the compiler checks the table is complete and right. */
const SEND: { readonly [E in HubRequestEvent]: (socket: HubRequestSender, payload: RequestOf<E>, ack: AckCallback<ResultOf<E>>) => void } = {
  [HUB_EVENTS.join]: (socket, payload, ack) => socket.emit(HUB_EVENTS.join, payload, ack),
  [HUB_EVENTS.sync]: (socket, payload, ack) => socket.emit(HUB_EVENTS.sync, payload, ack),
  [HUB_EVENTS.post]: (socket, payload, ack) => socket.emit(HUB_EVENTS.post, payload, ack),
  [HUB_EVENTS.leave]: (socket, payload, ack) => socket.emit(HUB_EVENTS.leave, payload, ack),
  [HUB_EVENTS.typing]: (socket, payload, ack) => socket.emit(HUB_EVENTS.typing, payload, ack),
};

/**
 * Sends a request of the protocol with its ack callback, for a client that
 * wraps requests in one generic method (`request<E>(event: E, payload)`):
 * socket.io's typed `emit` wants the event name written out (with a type
 * parameter its argument list stays a deferred type the compiler cannot
 * check), so this goes through one written-out `emit` per event.
 */
export function sendRequest<E extends HubRequestEvent>(socket: HubRequestSender, event: E, payload: RequestOf<E>, ack: AckCallback<ResultOf<E>>): void {
  SEND[event](socket, payload, ack);
}
