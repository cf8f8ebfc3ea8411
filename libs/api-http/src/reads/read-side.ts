import { Inject, Injectable, Logger, type OnModuleDestroy, Optional } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { FEED_NOTIFIER, type FeedNotifier, PROJECTION_STORE, type ProjectionStore, ReadSideWait } from '@catalyse/projections';

/** How long a read made too early waits for the projector (the `minRevision` of single reads says 2 s to clients). */
export const READ_SIDE_WAIT_MS = 2000;

/**
 * The api's one wait for the read side (`ReadSideWait`): single reads with `?minRevision=` and the access facts only
 * the read models hold share its reads of the projector's checkpoint, however many requests wait at once.
 */
@Injectable()
export class ApiReadSide implements OnModuleDestroy {
  private readonly logger = new Logger('ApiReadSide');
  private readonly wait: ReadSideWait;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(PROJECTION_STORE) readModels: ProjectionStore,
    @Optional() @Inject(FEED_NOTIFIER) notifier?: FeedNotifier,
  ) {
    this.wait = new ReadSideWait(events, readModels, {
      ...(notifier ? { notifier } : {}),
      onError: (error) => this.logger.warn(`waiting for the read side failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  /** True once the projector reached the log's head as it is now; false after `READ_SIDE_WAIT_MS`. */
  caughtUp(): Promise<boolean> {
    return this.wait.caughtUp(READ_SIDE_WAIT_MS);
  }

  /**
   * True once the projector reached `position` (a write's own, as its command answered it), however far other writes
   * move the log's head meanwhile; false after `timeoutMs` or when the app closes.
   */
  reached(position: bigint, timeoutMs: number): Promise<boolean> {
    return this.wait.reached(position, timeoutMs);
  }

  onModuleDestroy(): void {
    this.wait.close();
  }
}
