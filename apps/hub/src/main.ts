import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadOrCreateSecret } from '@catalyse/auth';
import { configureHubApp } from '@catalyse/hub';
import { closeOnSignals, loadConfig } from '@catalyse/runtime';
import { HubAppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(HubAppModule.register(config, loadOrCreateSecret(config.dataDir, config.jwtSecret)), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Same paths as the api behind one front: /api/health, /api/metrics (socket.io keeps /socket.io/).
  app.setGlobalPrefix('api');
  configureHubApp(app, { corsOrigins: config.corsOrigins, ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}) });
  closeOnSignals(app, 'hub');
  await app.listen(config.port, config.host);
  process.stdout.write(`catalyse hub listening on port ${config.port}\n`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`catalyse hub: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
