import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MemoryRateLimitStore, RATE_LIMIT_STORE, type RateLimitStore, RedisRateLimitStore } from '@catalyse/rate-limits';
import type { CatalyseConfig } from './config';

/** The rate-limit store of configuration: Redis when `REDIS_URL` is set (shared by every api and hub instance), else memory. */
export function openRateLimitStore(config: Pick<CatalyseConfig, 'redisUrl'>, log?: (line: string) => void): RateLimitStore {
  return config.redisUrl ? new RedisRateLimitStore({ url: config.redisUrl, ...(log ? { log } : {}) }) : new MemoryRateLimitStore();
}

@Injectable()
class RateLimitStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * Provides the app's `RATE_LIMIT_STORE` (global), where `ApiHttpModule` and
 * `HubModule` count each client's budget: one store per process, so the
 * all-in-one's api and hub count together; in Redis when scaled out.
 */
@Global()
@Module({})
export class RateLimitModule {
  static forRoot(config: CatalyseConfig): DynamicModule {
    const logger = new Logger('RateLimits');
    return {
      module: RateLimitModule,
      providers: [{ provide: RATE_LIMIT_STORE, useFactory: () => openRateLimitStore(config, (line) => logger.warn(line)) }, RateLimitStoreLifecycle],
      exports: [RATE_LIMIT_STORE],
    };
  }
}
