import { setMaxListeners } from 'node:events';
import { Inject, Logger, UseFilters } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { AccessPolicy, TokenService } from '@catalyse/auth';
import { type AckCallback, AppError, HUB_EVENTS, type JoinResult, type TypingNotice } from '@catalyse/protocol';
import { SlowReaders } from '../backpressure/slow-readers';
import { FanoutService } from '../fanout/fanout.service';
import { HUB_OPTIONS, MAX_MESSAGE_BYTES, type ResolvedHubOptions } from '../hub.options';
import { PresenceService } from '../presence/presence.service';
import { PostService } from '../posting/post.service';
import { ReadYourWrites } from '../read-side/read-your-writes';
import { ackError, ackOk, ANSWERED, asAck, respond } from './ack';
import { ExpiredSessions } from './expired-sessions';
import { handshakeAuth, principalOf } from './handshake';
import { HubExceptionFilter } from './hub-exception.filter';
import type { HubServer, HubSocket } from './hub-socket';
import { validateRequest } from './payload-validation';
import { OpenSockets } from './open-sockets';
import { type PresenceTurn, PresenceTurns } from './presence-turns';
import { HubRateLimits } from './rate-limits';
import { Revocations } from './revocations';
import { TypingRelay } from './typing-relay';

/**
 * The hub protocol (`@catalyse/protocol`) on the default socket.io namespace,
 * sharing the Nest app's HTTP server. Thin: each handler validates, checks
 * access and hands over to the fan-out, presence or posting; every outcome is
 * an ack of the type the protocol gives the event.
 *
 * Nest hands the server, the sockets, the payloads and the ack callbacks
 * untyped: the server and sockets are typed here with the protocol's event
 * maps (`HubServer`, `HubSocket`), the payloads are validated (clients cannot
 * be trusted) and the ack callbacks are typed by `respond`.
 */
@UseFilters(new HubExceptionFilter())
@WebSocketGateway({ maxHttpBufferSize: MAX_MESSAGE_BYTES, serveClient: false })
export class HubGateway implements OnGatewayInit<HubServer>, OnGatewayConnection<HubSocket>, OnGatewayDisconnect<HubSocket> {
  private io!: HubServer;
  private readonly logger = new Logger('HubGateway');
  /** The client → server events this gateway handles: those of its `@SubscribeMessage` handlers. */
  private readonly handled: readonly string[] = handledEvents(HubGateway.prototype);
  /**
   * Per socket, the rooms it has a join or a leave of in flight (see `Intent`): what its last request of each asked
   * for. Dropped once nothing is in flight (a socket that only follows rooms holds none: `socket.rooms` says which).
   */
  private readonly intents = new WeakMap<HubSocket, Map<string, Intent>>();
  /** Per socket and room, its requests' presence operations in the order the requests came (`PresenceTurns`). */
  private readonly turns = new PresenceTurns();
  /** Which typing notices go out (`typingRelayMs`). */
  private readonly typing: TypingRelay;
  /** Per socket that posted, aborted when it disconnects (`goneSignal`). */
  private readonly gone = new WeakMap<HubSocket, AbortController>();
  /** One listener for every socket (socket.io calls it with the socket as `this`): answers unknown events. */
  private readonly onAnyEvent = unknownEventListener(new Set(this.handled), (socket, event, ack) => this.answerUnknown(socket, event, ack));

  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(AccessPolicy) private readonly access: AccessPolicy,
    private readonly fanout: FanoutService,
    private readonly presence: PresenceService,
    private readonly posts: PostService,
    private readonly limits: HubRateLimits,
    private readonly revocations: Revocations,
    private readonly readYourWrites: ReadYourWrites,
    private readonly expiredSessions: ExpiredSessions,
    private readonly slowReaders: SlowReaders,
    private readonly openSockets: OpenSockets,
    @Inject(HUB_OPTIONS) private readonly options: ResolvedHubOptions,
  ) {
    this.typing = new TypingRelay(options.typingRelayMs);
  }

  afterInit(server: HubServer): void {
    this.io = server;
    server.use(handshakeAuth(this.tokens, this.limits, this.openSockets));
    this.fanout.attach(server);
    this.revocations.attach(server);
    this.expiredSessions.attach(server);
    this.presence.attach(server, this.options.presenceSweepMs);
  }

  /** socket.io hands every incoming event to `onAny` listeners, handled ones included (before their handler). */
  handleConnection(socket: HubSocket): void {
    socket.onAny(this.onAnyEvent);
    this.openSockets.connected(socket);
  }

  handleDisconnect(socket: HubSocket): void {
    this.openSockets.release(socket);
    this.gone.get(socket)?.abort();
    this.presence.disconnected(socket.id).catch((error: unknown) => this.logger.error(`presence cleanup failed: ${String(error)}`));
    this.limits.forget(socket.id).catch(() => undefined);
  }

  /** `room:join {room, since?}` → JoinResult; then live `room:entry` in seq order. */
  @SubscribeMessage(HUB_EVENTS.join)
  onJoin(@ConnectedSocket() socket: HubSocket, @MessageBody() body: unknown, @Ack() ack: unknown): Promise<void> {
    return respond(HUB_EVENTS.join, this.bounded(socket, ack), async (reply) => {
      await this.limits.request(socket.id, principalOf(socket));
      const { room, since } = validateRequest(HUB_EVENTS.join, body);
      // A join ack holds up to `joinAckMaxEntries` entries: not for a client that does not read what it was sent.
      this.slowReaders.admit(socket, `room:join ${room}`);
      // Counted and claimed in one step (no await between): joins sent together cannot all pass the bound.
      const intent = this.claim(socket, room);
      const request = ++intent.requests;
      intent.last = { request, wants: 'pending' };
      intent.pending++;
      const turn = this.turns.take(socket, room);
      let joined = false;
      try {
        // Access is judged before the socket is subscribed: a revocation emitted in between is caught up with there.
        joined = await this.revocations.whileJoining(socket, room, () => this.joinClaimed(socket, room, since, reply, turn));
      } finally {
        turn.done();
        intent.pending--;
        if (intent.last.request === request) intent.last = { request, wants: joined ? 'in' : 'out' };
        await this.settle(socket, room, intent);
      }
      return ANSWERED;
    });
  }

  /** The join itself, once its room is claimed: access, presence, then the fan-out (which acks). True once answered. */
  private async joinClaimed(
    socket: HubSocket,
    room: string,
    since: { readonly epoch: number; readonly seq: number } | undefined,
    reply: AckCallback<JoinResult> | undefined,
    turn: PresenceTurn,
  ): Promise<boolean> {
    const principal = principalOf(socket);
    await this.readYourWrites.check(() => this.access.assertCanRead(principal, room));
    // After the presence operations of the socket's earlier requests of the room (a leave sent just before this join
    // removes it from presence before this join adds it), and before those of its later ones (until it is answered).
    await turn.ready;
    const entered = await this.presence.enter(socket, room, principal.sub);
    let answered = false;
    try {
      const cursor = since ? { epoch: since.epoch, seq: since.seq } : undefined;
      const joined = await this.fanout.join(socket, room, cursor, (feed) => {
        // Inside the fan-out's step: the ack leaves before any live entry.
        // Joins sent together were all admitted on arrival: the bound is judged again as each ack is written.
        this.slowReaders.admit(socket, `room:join ${room}`);
        answered = true;
        const result: JoinResult = { ...feed, presence: entered.present };
        ackOk(reply, result);
        this.slowReaders.check(socket);
        this.revocations.servedToJoiner(feed.entries);
        this.presence.announce(socket, room, principal.sub, entered);
      });
      if (!joined) await this.presence.abandon(socket, room);
      return joined && answered;
    } catch (error) {
      if (!answered) {
        await this.presence.abandon(socket, room);
        throw error;
      }
      this.logger.error(`join ${room} failed after its ack: ${error instanceof Error ? error.message : String(error)}`);
      return true;
    } finally {
      turn.done();
    }
  }

  /**
   * Once a join of the room is over: the socket ends as its last request of the room asked. A leave (or a join
   * refused) sent after a join that was still waiting ran before that join was queued; the join subscribed the socket
   * anyway, so it is left now, behind the join in the room's queue. A join still waiting settles it when it ends.
   */
  private async settle(socket: HubSocket, room: string, intent: Intent): Promise<void> {
    // Its presence removal takes the place of a request made now: after the earlier ones', before a later join's.
    const turn = intent.last.wants === 'out' && socket.rooms.has(room) ? this.turns.take(socket, room) : undefined;
    try {
      if (turn) {
        await this.fanout.leave(socket, room);
        await turn.ready;
        await this.presence.leave(socket, room);
      }
    } catch (error) {
      this.logger.error(`leaving ${room} again after a join failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      turn?.done();
      this.forgetIfIdle(socket, room, intent);
    }
  }

  /** `room:sync {room, since}` → the entries after since, one page (`more` when more follow). */
  @SubscribeMessage(HUB_EVENTS.sync)
  onSync(@ConnectedSocket() socket: HubSocket, @MessageBody() body: unknown, @Ack() ack: unknown): Promise<void> {
    return respond(HUB_EVENTS.sync, this.bounded(socket, ack), async (reply) => {
      await this.limits.request(socket.id, principalOf(socket));
      const { room, since } = validateRequest(HUB_EVENTS.sync, body);
      await this.readYourWrites.check(() => this.access.assertCanRead(principalOf(socket), room));
      // A page is up to `syncPageSize` entries (2 MB of long messages): one read and written at a time per socket,
      // refused while the client has not read what it was sent (`SlowReaders.answerInTurn`).
      await this.slowReaders.answerInTurn(socket, `room:sync ${room}`, async () => {
        ackOk(reply, await this.fanout.sync(socket, room, { epoch: since.epoch, seq: since.seq }, this.options.syncPageSize));
      });
      return ANSWERED;
    });
  }

  /** `room:post {room, clientMsgId, text}` → PostResult once the message is in the room's feed. */
  @SubscribeMessage(HUB_EVENTS.post)
  onPost(@ConnectedSocket() socket: HubSocket, @MessageBody() body: unknown, @Ack() ack: unknown): Promise<void> {
    return respond(HUB_EVENTS.post, this.bounded(socket, ack), async () => {
      await this.limits.request(socket.id, principalOf(socket));
      const { room, clientMsgId, text } = validateRequest(HUB_EVENTS.post, body);
      const principal = principalOf(socket);
      await this.limits.post(principal);
      await this.readYourWrites.check(() => this.access.assertCanPost(principal, room));
      // A post still waiting for its room's turn when its client goes away is not appended: unanswered, it is not
      // known to the client as posted, and the client's outbox posts it again (same clientMsgId) once reconnected.
      return this.posts.post(principal, room, clientMsgId, text, this.goneSignal(socket));
    });
  }

  /** Aborted once the socket disconnects: its posts still waiting for their turn are dropped (one signal for all of them). */
  private goneSignal(socket: HubSocket): AbortSignal {
    let gone = this.gone.get(socket);
    if (!gone) {
      gone = new AbortController();
      // Each post waiting for its turn listens to it: as many as the socket's requests allow.
      setMaxListeners(0, gone.signal);
      this.gone.set(socket, gone);
    }
    if (!socket.connected) gone.abort();
    return gone.signal;
  }

  /** `room:leave {room}` → `{room}`; no more entries or presence of that room. */
  @SubscribeMessage(HUB_EVENTS.leave)
  onLeave(@ConnectedSocket() socket: HubSocket, @MessageBody() body: unknown, @Ack() ack: unknown): Promise<void> {
    return respond(HUB_EVENTS.leave, this.bounded(socket, ack), async () => {
      await this.limits.request(socket.id, principalOf(socket));
      const { room } = validateRequest(HUB_EVENTS.leave, body);
      const intent = this.intentOf(socket, room);
      intent.last = { request: ++intent.requests, wants: 'out' };
      // Counted out of the bound at once (`followed`): a join of another room sent with this leave passes.
      intent.leaving++;
      const turn = this.turns.take(socket, room);
      try {
        await this.fanout.leave(socket, room);
        // In the order of the socket's requests of the room: never after the `enter` of a join sent after this leave.
        await turn.ready;
        await this.presence.leave(socket, room);
      } finally {
        turn.done();
        intent.leaving--;
        this.forgetIfIdle(socket, room, intent);
      }
      return { room };
    });
  }

  /**
   * The socket's intent for a room, once the bound allows it (VALIDATION otherwise: leave one first). A room already
   * followed or being joined is joined again freely.
   */
  private claim(socket: HubSocket, room: string): Intent {
    if (!socket.rooms.has(room) && !this.intents.get(socket)?.has(room) && this.followed(socket) >= this.options.maxRoomsPerSocket) {
      throw new AppError('VALIDATION', `a connection follows at most ${this.options.maxRoomsPerSocket} rooms at once: leave one before joining ${room}`);
    }
    return this.intentOf(socket, room);
  }

  /**
   * The rooms a socket counts against the bound: those it is in (a revocation or a leave takes it out), but those its
   * last request left, and those a join of which still waits.
   */
  private followed(socket: HubSocket): number {
    const rooms = this.intents.get(socket);
    let count = 0;
    for (const room of socket.rooms) if (room !== socket.id && rooms?.get(room)?.last.wants !== 'out') count++;
    for (const [room, intent] of rooms ?? []) if (intent.pending > 0 && !socket.rooms.has(room)) count++;
    return count;
  }

  private intentOf(socket: HubSocket, room: string): Intent {
    let rooms = this.intents.get(socket);
    if (!rooms) this.intents.set(socket, (rooms = new Map()));
    let intent = rooms.get(room);
    if (!intent) rooms.set(room, (intent = { requests: 0, pending: 0, leaving: 0, last: { request: 0, wants: 'out' } }));
    return intent;
  }

  /** Drops a room's intent once no join nor leave of it is in flight (its last request has been carried out). */
  private forgetIfIdle(socket: HubSocket, room: string, intent: Intent): void {
    if (intent.pending > 0 || intent.leaving > 0) return;
    const rooms = this.intents.get(socket);
    if (rooms?.get(room) !== intent) return;
    rooms.delete(room);
    if (rooms.size === 0) this.intents.delete(socket);
  }

  /**
   * Volatile `presence:typing {room}` → `presence:typing {room, who}` to the others in the room. Access is judged
   * again, as for a sync or a post: a socket stays in a room until a revocation the node heard takes it out, and the
   * node hears them a moment after they are written (a departure from `network`, a release from the partnership's
   * feed, each followed by the node: `Revocations`). No wait for the read side: the join already waited for it,
   * so a refusal read now is final.
   */
  @SubscribeMessage(HUB_EVENTS.typing)
  onTyping(@ConnectedSocket() socket: HubSocket, @MessageBody() body: unknown, @Ack() ack: unknown): Promise<void> {
    return respond(HUB_EVENTS.typing, this.bounded(socket, ack), async () => {
      await this.limits.request(socket.id, principalOf(socket));
      const { room } = validateRequest(HUB_EVENTS.typing, body);
      if (!socket.rooms.has(room)) throw new AppError('FORBIDDEN', `join ${room} before typing in it`);
      const principal = principalOf(socket);
      await this.access.assertCanRead(principal, room);
      if (this.typing.relays(socket, room)) {
        const notice: TypingNotice = { room, who: principal.sub };
        socket.to(room).volatile.emit(HUB_EVENTS.typing, notice);
      }
      return { room };
    });
  }

  /**
   * An event no handler takes, sent with an ack callback: a VALIDATION error
   * naming it and the events there are, counted against the socket's requests
   * like any request (a RATE_LIMITED ack past them). Without a callback it is ignored.
   */
  private async answerUnknown(socket: HubSocket, event: string, ack: AckCallback<never>): Promise<void> {
    try {
      await this.limits.request(socket.id, principalOf(socket));
      throw new AppError('VALIDATION', `unknown event ${shortened(event)}; the events are ${this.handled.join(', ')}`);
    } catch (error) {
      ackError(this.bounded(socket, ack), error, 'unknown event');
    }
  }

  /**
   * The socket's ack callback (when it asked for one), followed by the check of what waits for the socket and its
   * person's sockets (`SlowReaders.answered`): every answer, an error's included, counts against the buffer limits.
   */
  private bounded<T>(socket: HubSocket, ack: unknown): AckCallback<T> | undefined {
    const callback = asAck<T>(ack);
    if (!callback) return undefined;
    return (response) => {
      callback(response);
      this.slowReaders.answered(socket);
    };
  }
}

/**
 * A socket's requests of one room while one is in flight: joins and leaves, numbered in the order they came, how
 * many joins and leaves still run, and what the last one asked for (`pending` while that join waits; `in` once it was answered; `out` for a leave
 * or a join refused). The last request wins, whatever order the joins end in (`settle`).
 */
interface Intent {
  requests: number;
  pending: number;
  /** Leaves of the room still running. */
  leaving: number;
  last: { readonly request: number; readonly wants: 'in' | 'out' | 'pending' };
}

/** The events of a gateway's `@SubscribeMessage` handlers, in their order (Nest's metadata of each method). */
function handledEvents(prototype: object): string[] {
  return Object.getOwnPropertyNames(prototype).flatMap((name) => {
    const method: unknown = Object.getOwnPropertyDescriptor(prototype, name)?.value;
    const event: unknown = typeof method === 'function' ? Reflect.getMetadata(MESSAGE_METADATA, method) : undefined;
    return typeof event === 'string' ? [event] : [];
  });
}

/** At most 64 characters of a name the client chose (up to a whole message long). */
function shortened(event: string): string {
  return event.length <= 64 ? event : `${event.slice(0, 64)}…`;
}

/**
 * The `onAny` listener: socket.io calls it with the event's name, its
 * arguments and, last, the ack callback when the client asked for one (a
 * client's arguments are data: never a function).
 */
function unknownEventListener(
  handled: ReadonlySet<string>,
  answer: (socket: HubSocket, event: string, ack: AckCallback<never>) => Promise<void>,
): (this: HubSocket, event: unknown, ...args: unknown[]) => void {
  return function (this: HubSocket, event: unknown, ...args: unknown[]): void {
    const name = String(event);
    if (handled.has(name)) return;
    const ack = asAck<never>(args.at(-1));
    if (ack) void answer(this, name, ack);
  };
}
