import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { configureHttpApp } from '@catalyse/api-http';
import { closeOnSignals, listeningPort, loadConfig, runService, SERVICE_START_OPTIONS, signingSecret } from '@catalyse/runtime';
import { ApiAppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(ApiAppModule.register(config, signingSecret(config)), SERVICE_START_OPTIONS);
  app.useLogger(app.get(Logger));
  configureHttpApp(app, {
    corsOrigins: config.corsOrigins,
    ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
    // The console it serves opens its socket there rather than on this origin (HUB_URL, the hubs on their own).
    ...(config.hubUrl ? { hubUrl: config.hubUrl } : {}),
  });
  closeOnSignals(app, 'api');
  await app.listen(config.port, config.host);
  // Only once it listens: a start that fails says its one line, without the start-up logs before it.
  app.flushLogs();
  process.stdout.write(`catalyse api : en service sur le port ${listeningPort(app)} (API sous /api, console sous /)\n`);
}

runService('api', bootstrap);
