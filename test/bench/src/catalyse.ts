import 'reflect-metadata';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@catalyse/api-http';
import { configureHubApp } from '@catalyse/hub';
import { loadOrCreateSecret, TokenService } from '@catalyse/auth';
import { roomKey } from '@catalyse/protocol';
import { type CatalyseConfig, loadConfig } from '@catalyse/runtime';
import { expectStatus, freePort, HttpClient, tempDataDir } from '@catalyse/testing';

/**
 * The all-in-one app (api + projector + hub on the embedded SQLite stores)
 * started inside the bench process, exactly as `npm start` composes it, so
 * that its heap can be measured.
 *
 * `AllInOneModule` is loaded at run time from beside this file's build output:
 * a test project may not import an app at compile time (module boundaries).
 */
interface AllInOneModuleClass {
  register(config: CatalyseConfig, secret: string): DynamicModule;
}

function loadAllInOneModule(): AllInOneModuleClass {
  const load = createRequire(__filename);
  const module = load(join(__dirname, '..', '..', '..', 'apps', 'all-in-one', 'src', 'app.module')) as { AllInOneModule: AllInOneModuleClass };
  return module.AllInOneModule;
}

export interface RunningCatalyse {
  readonly url: string;
  readonly tokens: TokenService;
  readonly config: CatalyseConfig;
  /** An HTTP client acting as `sub` (a catalyseur). */
  as(sub: string): HttpClient;
  /** Opens an open theme room through HTTP; returns its hub room key `room:{id}`. */
  openRoom(title: string): Promise<string>;
  /** A provider of the app (e.g. `PROJECTION_STORE`), for a part that stages data or reads the feeds beside the api. */
  get<T>(token: string): T;
  close(): Promise<void>;
}

/** `dataDir`: start on a data folder that already holds stores (kept when the app closes); default a fresh one, removed. */
export async function startCatalyse(options: { readonly dataDir?: string } = {}): Promise<RunningCatalyse> {
  const data = options.dataDir ? { dir: options.dataDir, remove: () => undefined } : tempDataDir('catalyse-bench-');
  const port = await freePort();
  const config = loadConfig({
    DATA_DIR: data.dir,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'silent',
    // The bench posts from one address for many users: keep the limiter in the path, out of the way.
    HTTP_RATE_LIMIT_PER_MINUTE: '10000000',
  });
  const secret = loadOrCreateSecret(config.dataDir, undefined);
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(loadAllInOneModule().register(config, secret), { logger: false });
    configureHttpApp(app);
    configureHubApp(app);
    await app.listen(config.port, config.host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    data.remove();
    throw error;
  }
  const running = app;
  const url = `http://${config.host}:${config.port}`;
  const tokens = new TokenService(secret);
  const as = (sub: string): HttpClient => new HttpClient(url, tokens.sign({ sub, role: 'catalyseur' }));
  return {
    url,
    tokens,
    config,
    as,
    openRoom: async (title) => {
      const response = await as('bench-poster').post<{ id: string }>('/api/rooms', { kind: 'theme', subject: 'bench', title, access: 'open' });
      return roomKey('room', expectStatus(response, 201).id);
    },
    get: <T>(token: string): T => running.get<T>(token),
    close: async () => {
      try {
        await running.close();
      } finally {
        data.remove();
      }
    },
  };
}
