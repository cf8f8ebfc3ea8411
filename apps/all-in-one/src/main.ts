import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { configureHttpApp } from '@catalyse/api-http';
import { loadOrCreateSecret } from '@catalyse/auth';
import { configureHubApp } from '@catalyse/hub';
import { projectorHolderId } from '@catalyse/projector';
import { closeOnSignals, DataFolderBusyError, loadConfig, lockDataFolder } from '@catalyse/runtime';
import { AllInOneModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // This process owns DATA_DIR until it ends (a second one stops here); earlier runs are dead, their lease is taken over at once.
  const holder = projectorHolderId();
  const folder = lockDataFolder(config.dataDir, holder);
  const secret = loadOrCreateSecret(config.dataDir, config.jwtSecret);
  const app = await NestFactory.create(AllInOneModule.register(config, secret, { holder, takeOverFrom: folder.deadHolders }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureHttpApp(app, { corsOrigins: config.corsOrigins, ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}) });
  configureHubApp(app, { corsOrigins: config.corsOrigins, ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}) });
  closeOnSignals(app, 'all-in-one');
  await app.listen(config.port, config.host);
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  process.stdout.write(
    [
      `Catalyse is running on ${url} (data in ${config.dataDir})`,
      `  console    ${url}/   (sign in with a token, or a link: npm run ops -- token --sub <id> --role operator --link)`,
      `  API        ${url}/api   (OpenAPI: ${url}/api/docs)`,
      `  hub        socket.io on ${url} (token in the handshake's auth.token)`,
      `  a token:   DATA_DIR=${config.dataDir} npm run ops -- token --sub <id> --role catalyseur|partner|operator [--org <orgId>]`,
      '',
    ].join('\n'),
  );
}

bootstrap().catch((error: unknown) => {
  if (error instanceof DataFolderBusyError) {
    process.stderr.write(`catalyse : ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`catalyse: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
