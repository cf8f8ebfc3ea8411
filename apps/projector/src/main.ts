import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { closeOnSignals, listeningPort, describeStorage, loadConfig, runService, SERVICE_START_OPTIONS, signingSecret } from '@catalyse/runtime';
import { ProjectorAppModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(ProjectorAppModule.register(config, signingSecret(config)), SERVICE_START_OPTIONS);
  app.useLogger(app.get(Logger));
  // Only /api/health (readiness and liveness probes) and /api/metrics (Prometheus).
  app.setGlobalPrefix('api');
  closeOnSignals(app, 'projector');
  await app.listen(config.port, config.host);
  // Only once it listens: a start that fails says its one line, without the start-up logs before it.
  app.flushLogs();
  process.stdout.write(`catalyse projector : en service (données : ${describeStorage(config)} ; santé et métriques sur le port ${listeningPort(app)})\n`);
}

runService('projector', bootstrap);
