import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { CommandHandler, deterministicUuid, errorBodyOf } from '@catalyse/commands';
import { clientMsgIdReused, type PostMessage, roomDecider, roomStream } from '@catalyse/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@catalyse/event-store';
import { waitForFeedEntry } from '@catalyse/notifier';
import { FEED_NOTIFIER, type FeedNotifier, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { type CommandMetrics, commandOutcomeOf } from '@catalyse/metrics';
import { AppError, HTTP_STATUS_OF, parseRoomKey, type PostResult, type Principal, type RoomKey } from '@catalyse/protocol';
import { HUB_COMMAND_HANDLER, HUB_COMMAND_METRICS, HUB_OPTIONS, type ResolvedHubOptions } from '../hub.options';

interface PostedData {
  readonly messageId?: unknown;
  readonly clientMsgId?: unknown;
  readonly authorId?: unknown;
  readonly text?: unknown;
}

const MESSAGE_POSTED = 'MessagePosted';
const SCAN_PAGE = 500;

/**
 * `room:post`: the message becomes a `MessagePosted` event of the room's stream
 * (a retry with the same clientMsgId and text posts once; another text is `CONFLICT`), and the ack waits until the
 * projector has put it into the `room:{id}` feed, so it can carry its seq
 * (woken by the notifier's updates for that room, with a timeout).
 *
 * Timed like the api's commands (`catalyse_command_duration_seconds{aggregate="room", command="PostMessage"}`):
 * load, decide, append; the wait for the feed is the fan-out's, not the command's.
 */
@Injectable()
export class PostService {
  constructor(
    @Inject(HUB_COMMAND_HANDLER) private readonly commands: CommandHandler,
    @Inject(PROJECTION_STORE) private readonly store: ProjectionStore,
    @Inject(FEED_NOTIFIER) private readonly notifier: FeedNotifier,
    @Inject(HUB_OPTIONS) private readonly options: ResolvedHubOptions,
    @Inject(HUB_COMMAND_METRICS) private readonly metrics: CommandMetrics,
    @Optional() @Inject(EVENT_STORE) private readonly events?: EventStore,
  ) {}

  /** `signal`: aborted when the client went away; a post still waiting for its room's turn is then not appended. */
  async post(principal: Principal, room: RoomKey, clientMsgId: string, text: string, signal?: AbortSignal): Promise<PostResult> {
    const parsed = parseRoomKey(room);
    if (parsed?.kind !== 'room') {
      throw new AppError('VALIDATION', `messages are posted in rooms (room:{id}); ${room} is a feed`);
    }
    const roomId = parsed.id;
    const stream = roomStream(roomId);
    // The same (room, author, clientMsgId) always names the same message.
    const messageId = deterministicUuid(`hub-post\n${roomId}\n${principal.sub}\n${clientMsgId}`);
    const now = new Date().toISOString();
    const command: PostMessage = { type: 'PostMessage', data: { messageId, clientMsgId, authorId: principal.sub, text, postedAt: now } };
    const { result, original } = await this.timed(command, async () => {
      const result = await this.commands.handle(roomDecider, stream, command, {
        actor: principal.sub,
        correlationId: randomUUID(),
        occurredAt: now,
        idempotencyKey: `post:${principal.sub}:${clientMsgId}`,
        ...(signal ? { signal } : {}),
      });
      if (result.events.length > 0) return { result, original: undefined };
      // A retry writes nothing: answered with the original post, if it holds the same text. The key is the clientMsgId,
      // so a retry found by it skips the decider: its text is compared here, as the decider compares it (refused the
      // same, `CONFLICT`), rather than a new text silently dropped.
      const original = isPostOf(result.original, principal.sub, clientMsgId) ? result.original : await this.findOriginal(stream, principal.sub, clientMsgId);
      const firstText = (original?.data as PostedData | undefined)?.text;
      if (typeof firstText === 'string' && firstText !== text.trim()) throw clientMsgIdReused(clientMsgId);
      return { result, original };
    });
    const position = original?.position ?? result.position;
    const entry = await waitForFeedEntry(this.store, this.notifier, room, position, { timeoutMs: this.options.postAckTimeoutMs });
    if (!entry) {
      throw new AppError('UNAVAILABLE', `the message is stored but not yet in the ${room} feed; retry with the same clientMsgId for its seq`);
    }
    const data = (entry.data ?? {}) as PostedData;
    return {
      room,
      messageId: typeof data.messageId === 'string' ? data.messageId : messageId,
      epoch: entry.epoch,
      seq: entry.seq,
      position: entry.position,
    };
  }

  /** Runs the command, observing its latency by outcome (the outcome its error answers, as the HTTP edge counts it). */
  private async timed<T>(command: PostMessage, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let status = 200;
    try {
      return await run();
    } catch (error) {
      status = HTTP_STATUS_OF[errorBodyOf(error)?.code ?? 'INTERNAL'];
      throw error;
    } finally {
      this.metrics.observe({ aggregate: 'room', command: command.type, outcome: commandOutcomeOf(status) }, (performance.now() - started) / 1000);
    }
  }

  /** The author's earlier `MessagePosted` with this clientMsgId (scanning the stream backwards), if the store is there. */
  private async findOriginal(stream: string, authorId: string, clientMsgId: string): Promise<RecordedEvent | undefined> {
    if (!this.events) return undefined;
    let from: bigint | 'end' = 'end';
    for (;;) {
      const page = await this.events.readStream(stream, { from, direction: 'backwards', limit: SCAN_PAGE });
      const found = page.find((event) => isPostOf(event, authorId, clientMsgId));
      if (found) return found;
      const oldest = page.at(-1);
      if (page.length < SCAN_PAGE || !oldest || oldest.revision === 0n) return undefined;
      from = oldest.revision - 1n;
    }
  }
}

/** A `MessagePosted` of `authorId` with `clientMsgId`. */
function isPostOf(event: RecordedEvent | undefined, authorId: string, clientMsgId: string): event is RecordedEvent {
  if (event?.type !== MESSAGE_POSTED) return false;
  const data = event.data as PostedData;
  return data.authorId === authorId && data.clientMsgId === clientMsgId;
}
