import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadOrCreateSecret } from '@catalyse/auth';
import { closeOnSignals, loadConfig } from '@catalyse/runtime';
import { ProjectorAppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(ProjectorAppModule.register(config, loadOrCreateSecret(config.dataDir, config.jwtSecret)), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // Only /api/health (readiness and liveness probes) and /api/metrics (Prometheus).
  app.setGlobalPrefix('api');
  closeOnSignals(app, 'projector');
  await app.listen(config.port, config.host);
  process.stdout.write(`catalyse projector running on ${config.dataDir}, health and metrics on port ${config.port}\n`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`catalyse projector: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
