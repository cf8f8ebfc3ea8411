import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { configureHttpApp } from '@catalyse/api-http';
import { configureHubApp } from '@catalyse/hub';
import { projectorHolderId } from '@catalyse/projector';
import { closeOnSignals, listeningPort, loadConfig, lockDataFolder, runService, SERVICE_START_OPTIONS, signingSecret } from '@catalyse/runtime';
import { AllInOneModule } from './app.module';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // This process owns DATA_DIR until it ends (a second one stops here); earlier runs are dead, their lease is taken over at once.
  const holder = projectorHolderId();
  const folder = lockDataFolder(config.dataDir, holder);
  const secret = signingSecret(config);
  const app = await NestFactory.create(AllInOneModule.register(config, secret, { holder, takeOverFrom: folder.deadHolders }), SERVICE_START_OPTIONS);
  app.useLogger(app.get(Logger));
  configureHttpApp(app, {
    corsOrigins: config.corsOrigins,
    ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
    // The console it serves opens its socket there rather than on this origin (HUB_URL, the hubs on their own).
    ...(config.hubUrl ? { hubUrl: config.hubUrl } : {}),
  });
  configureHubApp(app, { corsOrigins: config.corsOrigins, ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}) });
  closeOnSignals(app, 'all-in-one');
  await app.listen(config.port, config.host);
  // Only once it listens: a start that fails says its one line, without the start-up logs before it.
  app.flushLogs();
  // The port listened on (PORT=0 lets the system choose one).
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${listeningPort(app)}`;
  process.stdout.write(
    [
      // Read by the person who typed `npm start`: in French, as the console and the ops CLI.
      `Catalyse est en service sur ${url} (données dans ${config.dataDir})`,
      `  console    ${url}/   (connexion par jeton, ou par lien : DATA_DIR=${config.dataDir} npm run ops -- token --sub <id> --role operator --link ${url})`,
      `  API        ${url}/api   (OpenAPI : ${url}/api/docs)`,
      `  hub        socket.io sur ${url} (le jeton dans auth.token de la connexion)`,
      `  un jeton : DATA_DIR=${config.dataDir} npm run ops -- token --sub <id> --role catalyseur|partner|operator [--org <organisation>]`,
      '',
    ].join('\n'),
  );
}

runService('all-in-one', bootstrap);
