import { type DynamicModule, Module } from '@nestjs/common';
import { ApiHttpModule } from '@catalyse/api-http';
import { AuthModule } from '@catalyse/auth';
import { HubModule } from '@catalyse/hub';
import { Projector, ProjectorModule } from '@catalyse/projector';
import { type CatalyseConfig, loggingModule, MetricsModule, StorageModule } from '@catalyse/runtime';

/** api + projector + hub in one process, on the embedded stores (`npm start`). */
@Module({})
export class AllInOneModule {
  static register(config: CatalyseConfig, secret: string): DynamicModule {
    return {
      module: AllInOneModule,
      imports: [
        loggingModule(config, 'all-in-one'),
        StorageModule.forRoot(config, { notifier: 'in-process', readModels: 'write' }),
        AuthModule.forSecret(secret),
        MetricsModule,
        ProjectorModule,
        ApiHttpModule.forRoot({
          httpRateLimitPerMinute: config.httpRateLimitPerMinute,
          projector: { module: ProjectorModule, token: Projector },
        }),
        HubModule.forRoot({ postsPerSecond: config.hubPostsPerSecond }),
      ],
    };
  }
}
