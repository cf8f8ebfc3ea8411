import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type CatalyseConfig, JobsModule, StorageModule } from '@catalyse/runtime';
import { ProjectorModule, RebuildJobModule } from '../index';

/** The projector and its rebuild jobs on `config`'s data folder, composed as the all-in-one has them (in process). */
export async function startRebuildApp(config: CatalyseConfig): Promise<INestApplicationContext> {
  @Module({
    imports: [
      StorageModule.forRoot(config, { notifier: 'in-process', readModels: 'write' }),
      ProjectorModule,
      JobsModule.forRoot(config),
      RebuildJobModule.forProjector(ProjectorModule),
    ],
  })
  class RebuildApp {}
  const app = await NestFactory.createApplicationContext(RebuildApp, { logger: false });
  await app.init();
  return app;
}

/** Reads until `done` says so, or `ms` passed: the last value read. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
