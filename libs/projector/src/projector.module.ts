import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type BeforeApplicationShutdown, type DynamicModule, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { KeyStoreErasures, PERSONAL_DATA, type PersonalDataEventStore } from '@catalyse/personal-data';
import { FEED_NOTIFIER, type FeedNotifier, PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { REPORT_STORE, type ReportStore } from '@catalyse/reports';
import { Projector, type ProjectorOptions } from './projector';

/** Optional `ProjectorOptions` (without the logger), e.g. through `ProjectorModule.forRoot`. */
export const PROJECTOR_OPTIONS = 'catalyse.ProjectorOptions';

@Injectable()
export class ProjectorLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly projector: Projector) {}

  /** Starts following the log (in the background: catching up does not delay the boot). */
  async onApplicationBootstrap(): Promise<void> {
    await this.projector.start();
  }

  /** Lets the batch in progress commit, then stops, before the stores are closed. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.projector.stop();
  }
}

/** Who holds the lease: readable in logs (host and pid), unique per process start. */
export function projectorHolderId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/** With the lease on by default: a second projector process on the same store waits as standby. */
function createProjector(
  events: EventStore,
  store: ProjectionStore,
  notifier: FeedNotifier,
  options?: Omit<ProjectorOptions, 'logger'>,
  personal?: PersonalDataEventStore,
  reports?: ReportStore,
): Projector {
  // Erasures are carried through by the projector that holds the lease (the one writer of the read models),
  // in the kept reports too when this process has the report store.
  // The names others wrote are rewritten in the log too, read and written through the personal-data layer (`personal`:
  // opened, not upcast), so a message sealed under its author's key is sealed again once redacted.
  const erasures = personal
    ? new KeyStoreErasures(personal.inner, personal.keys, reports ? [reports] : [], { log: personal, logger: new Logger('Erasures') })
    : undefined;
  return new Projector(events, store, notifier, {
    lease: { holder: projectorHolderId() },
    ...(erasures ? { erasures } : {}),
    ...options,
    logger: new Logger('Projector'),
  });
}

/**
 * Runs the projector in a Nest application. Needs the `EVENT_STORE`,
 * `PROJECTION_STORE` and `FEED_NOTIFIER` providers (a global storage module);
 * exports `Projector` (status, waitForPosition).
 */
@Module({
  providers: [
    {
      provide: Projector,
      inject: [
        EVENT_STORE,
        PROJECTION_STORE,
        FEED_NOTIFIER,
        { token: PROJECTOR_OPTIONS, optional: true },
        { token: PERSONAL_DATA, optional: true },
        { token: REPORT_STORE, optional: true },
      ],
      useFactory: createProjector,
    },
    ProjectorLifecycle,
  ],
  exports: [Projector],
})
export class ProjectorModule {
  static forRoot(options: Omit<ProjectorOptions, 'logger'>): DynamicModule {
    return { module: ProjectorModule, providers: [{ provide: PROJECTOR_OPTIONS, useValue: options }], exports: [Projector] };
  }
}
