/**
 * The all-in-one as its main.ts starts it (HTTP and hub on one port), in the
 * test process on a free loopback port and a fresh data folder, for the app's
 * int specs. `env` adds to (or overrides) the test defaults.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@catalyse/api-http';
import { loadOrCreateSecret } from '@catalyse/auth';
import { configureHubApp } from '@catalyse/hub';
import { loadConfig } from '@catalyse/runtime';
import { freePort } from '@catalyse/test-servers';
import { AllInOneModule } from '../app.module';

export interface TestAllInOne {
  readonly app: INestApplication;
  readonly url: string;
  readonly dataDir: string;
  /** Closes the app and removes its data folder. */
  close(): Promise<void>;
}

export async function startAllInOne(env: Readonly<Record<string, string>> = {}): Promise<TestAllInOne> {
  const dataDir = mkdtempSync(join(tmpdir(), 'catalyse-all-in-one-'));
  const port = await freePort();
  const config = loadConfig({
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'silent',
    SQLITE_SYNCHRONOUS: 'NORMAL',
    HTTP_RATE_LIMIT_PER_MINUTE: '100000',
    ...env,
  });
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(AllInOneModule.register(config, loadOrCreateSecret(config.dataDir, undefined)), { logger: false });
    configureHttpApp(app, { consoleDir: false });
    configureHubApp(app);
    await app.listen(config.port, config.host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const started = app;
  return {
    app: started,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    close: async () => {
      await started.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
