import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { FEED_NOTIFIER, type FeedNotifier, PROJECTION_STORE, type ProjectionStore, ReadSideWait } from '@catalyse/projections';
import { AppError } from '@catalyse/protocol';
import { HUB_OPTIONS, type ResolvedHubOptions } from '../hub.options';

/**
 * The refusals that may come from a read side behind the log: the room or partnership not projected yet, or the
 * member, partner or catalyseur not yet added to it.
 */
const WAITED_FOR: ReadonlySet<string> = new Set(['NOT_FOUND', 'FORBIDDEN']);

/**
 * Read-your-writes for the hub's access checks, which read the read models: a
 * client that has just created a room or proposed a partnership over HTTP and
 * joins it at once must not hear `NOT_FOUND` because the projector is a few
 * milliseconds behind (nor a member added a moment ago `FORBIDDEN`). A check
 * that fails with `NOT_FOUND` or `FORBIDDEN` reads the log's head
 * (after the request arrived: at or past every write its client was answered
 * for), waits at most `readSideWaitMs` for the projector's checkpoint to reach
 * it (not at all when it is there already), then runs once more: that answer
 * is final. A room nobody created costs two small reads and a second check,
 * not a wait, unless the read side is behind; waits share one `ReadSideWait`.
 * Without an `EVENT_STORE` the head is unknown and the first answer stands.
 */
@Injectable()
export class ReadYourWrites implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('ReadYourWrites');
  private readSide: ReadSideWait | undefined;

  constructor(
    @Inject(PROJECTION_STORE) private readonly store: ProjectionStore,
    @Inject(FEED_NOTIFIER) private readonly notifier: FeedNotifier,
    @Inject(HUB_OPTIONS) private readonly options: ResolvedHubOptions,
    @Optional() @Inject(EVENT_STORE) private readonly events?: EventStore,
  ) {}

  onModuleInit(): void {
    const events = this.events;
    if (!events) return;
    this.readSide = new ReadSideWait(events, this.store, {
      notifier: this.notifier,
      onError: (error) => this.logger.warn(`waiting for the read side failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  onModuleDestroy(): void {
    this.readSide?.close();
  }

  /** Runs `check`; after a `NOT_FOUND` or `FORBIDDEN`, once more when the read side has reached the log's head (at once if it is there; at most `readSideWaitMs`). */
  async check(check: () => Promise<void>): Promise<void> {
    try {
      await check();
    } catch (error) {
      if (!(error instanceof AppError) || !WAITED_FOR.has(error.code) || !this.readSide) throw error;
      await this.readSide.caughtUp(this.options.readSideWaitMs);
      // Also when nothing was waited for: the projector may have committed between the first check and the checkpoint's read.
      await check();
    }
  }
}
