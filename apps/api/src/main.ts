import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { configureHttpApp } from '@catalyse/api-http';
import { loadOrCreateSecret } from '@catalyse/auth';
import { closeOnSignals, loadConfig } from '@catalyse/runtime';
import { ApiAppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(ApiAppModule.register(config, loadOrCreateSecret(config.dataDir, config.jwtSecret)), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttpApp(app, { corsOrigins: config.corsOrigins, ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}) });
  closeOnSignals(app, 'api');
  await app.listen(config.port, config.host);
  process.stdout.write(`catalyse api listening on port ${config.port} (API at /api, the console at /)\n`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`catalyse api: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
