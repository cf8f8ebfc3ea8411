import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CommandHandler } from '@catalyse/commands';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { FEED_NOTIFIER, type FeedNotifier, InProcessFeedNotifier, PollingFeedNotifier, RedisFeedNotifier } from '@catalyse/notifier';
import { PROJECTION_STORE, type ProjectionStore } from '@catalyse/projections';
import { PostgresProjectionStore } from '@catalyse/projection-store-postgres';
import { SqliteProjectionStore } from '@catalyse/projection-store-sqlite';
import { type CatalyseConfig, ConfigError } from './config';
import { openEventStore } from './open-event-store';

export const CATALYSE_CONFIG = 'catalyse.Config';

/**
 * How feed updates reach the hub: `in-process` when the projector runs in the
 * same process (all-in-one); `cross-process` when they are separate services:
 * Redis pub/sub when `REDIS_URL` is set (with a slow poll of the read models
 * behind it for what Redis loses), else polling the read models.
 */
export type NotifierMode = 'in-process' | 'cross-process';

/** The safety net behind Redis notifications: how often the read models are polled (ms). */
export const REDIS_FALLBACK_POLL_MS = 2000;

export interface StorageRole {
  readonly notifier: NotifierMode;
  /** `write` for the process that runs the projector; `read` for an api or hub beside it. */
  readonly readModels: 'write' | 'read';
}

export const READ_MODELS_FILE = 'read-models.db';

@Injectable()
class StorageLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Storage');
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(PROJECTION_STORE) private readonly readModels: ProjectionStore,
    @Inject(FEED_NOTIFIER) private readonly notifier: FeedNotifier,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.notifier.close();
    await this.events.close();
    await this.readModels.close();
    this.logger.log('stores closed');
  }
}


/** Opens the event store, the read-model store and the notifier chosen by configuration. */
@Global()
@Module({})
export class StorageModule {
  static forRoot(config: CatalyseConfig, role: StorageRole): DynamicModule {
    return {
      module: StorageModule,
      providers: [
        { provide: CATALYSE_CONFIG, useValue: config },
        {
          provide: EVENT_STORE,
          useFactory: (): Promise<EventStore> => openEventStore(config),
        },
        {
          provide: PROJECTION_STORE,
          useFactory: async (): Promise<ProjectionStore> => {
            // Read models live beside the events on a server whenever one is configured.
            if (config.databaseUrl) return PostgresProjectionStore.open({ connectionString: config.databaseUrl, readOnly: role.readModels === 'read' });
            if (config.eventStore !== 'sqlite') {
              throw new ConfigError(`EVENT_STORE=${config.eventStore} needs DATABASE_URL for the read models: services in several processes must share them`);
            }
            mkdirSync(config.dataDir, { recursive: true });
            return SqliteProjectionStore.open({ file: join(config.dataDir, READ_MODELS_FILE), readOnly: role.readModels === 'read' });
          },
        },
        {
          provide: FEED_NOTIFIER,
          inject: [PROJECTION_STORE],
          useFactory: (store: ProjectionStore): FeedNotifier => {
            if (role.notifier === 'in-process') return new InProcessFeedNotifier();
            if (config.redisUrl) {
              return new RedisFeedNotifier({ url: config.redisUrl, fallback: new PollingFeedNotifier(store, REDIS_FALLBACK_POLL_MS) });
            }
            return new PollingFeedNotifier(store, config.pollIntervalMs);
          },
        },
        { provide: CommandHandler, inject: [EVENT_STORE], useFactory: (store: EventStore) => new CommandHandler(store) },
        StorageLifecycle,
      ],
      exports: [CATALYSE_CONFIG, EVENT_STORE, PROJECTION_STORE, FEED_NOTIFIER, CommandHandler],
    };
  }
}
