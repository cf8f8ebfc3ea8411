import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { configureHubApp } from '@catalyse/hub';
import { closeOnSignals, listeningPort, loadConfig, runService, SERVICE_START_OPTIONS, signingSecret } from '@catalyse/runtime';
import { HubAppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(HubAppModule.register(config, signingSecret(config)), SERVICE_START_OPTIONS);
  app.useLogger(app.get(Logger));
  // Same paths as the api behind one front: /api/health, /api/metrics (socket.io keeps /socket.io/).
  app.setGlobalPrefix('api');
  configureHubApp(app, { corsOrigins: config.corsOrigins, ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}) });
  closeOnSignals(app, 'hub');
  await app.listen(config.port, config.host);
  // Only once it listens: a start that fails says its one line, without the start-up logs before it.
  app.flushLogs();
  process.stdout.write(`catalyse hub : en service sur le port ${listeningPort(app)}\n`);
}

runService('hub', bootstrap);
