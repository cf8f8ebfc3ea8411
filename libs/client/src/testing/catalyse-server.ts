import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiHttpModule, configureHttpApp } from '@catalyse/api-http';
import { AuthModule, loadOrCreateSecret, TokenService } from '@catalyse/auth';
import { configureHubApp, HubModule, type PresenceStore } from '@catalyse/hub';
import { Projector, ProjectorModule, RebuildJobModule } from '@catalyse/projector';
import type { Principal } from '@catalyse/protocol';
import { RemindersModule } from '@catalyse/reminders';
import { ReportWorkerModule } from '@catalyse/reports';
import { type CatalyseConfig, JobsModule, loadConfig, loggingModule, MetricsModule, ReportStoreModule, StorageModule } from '@catalyse/runtime';
import { freePort } from '@catalyse/test-servers';

/**
 * A real Catalyse in this process, composed as the all-in-one app is (api +
 * projector + hub + jobs on the embedded SQLite stores in a temporary
 * `DATA_DIR`), on a free loopback port. A lib may not import an app, so the
 * composition is repeated here (the same modules, in the same order).
 */
@Module({})
class ClientTestApp {
  static register(config: CatalyseConfig, secret: string, presenceStore?: PresenceStore): DynamicModule {
    return {
      module: ClientTestApp,
      imports: [
        loggingModule(config, 'client-int'),
        StorageModule.forRoot(config, { notifier: 'in-process', readModels: 'write' }),
        AuthModule.forSecret(secret, config),
        MetricsModule,
        ProjectorModule,
        ApiHttpModule.forRoot({
          httpRateLimitPerMinute: config.httpRateLimitPerMinute,
          timeZone: config.timeZone,
          projector: { module: ProjectorModule, token: Projector },
        }),
        HubModule.forRoot({
          ...config.hub,
          requestsPerMinute: config.httpRateLimitPerMinute,
          ...(presenceStore ? { presenceStore } : {}),
        }),
        JobsModule.forRoot(config),
        RebuildJobModule.forProjector(ProjectorModule),
        ReportStoreModule.forRoot(config),
        ReportWorkerModule.forRoot({ timeZone: config.timeZone }),
        RemindersModule.forRoot({ windowDays: config.reminderWindowDays, timeZone: config.timeZone, scanEveryMs: config.reminderScanMs }),
      ],
    };
  }
}

/**
 * A hub node alone (as apps/hub composes it): the same stores as a running
 * Catalyse (its `DATA_DIR`), notified by polling its read models, with its own
 * socket.io server. With the all-in-one beside it, the two are two hub nodes
 * of one deployment: a client can move from one to the other.
 */
@Module({})
class HubNodeTestApp {
  static register(config: CatalyseConfig, secret: string): DynamicModule {
    return {
      module: HubNodeTestApp,
      imports: [
        loggingModule(config, 'client-int-hub'),
        StorageModule.forRoot(config, { notifier: 'cross-process', readModels: 'read' }),
        AuthModule.forSecret(secret, config),
        MetricsModule,
        HubModule.forRoot({
          ...config.hub,
          requestsPerMinute: config.httpRateLimitPerMinute,
        }),
      ],
    };
  }
}

export interface TestHubNode {
  readonly url: string;
  /** Stops the node (its clients lose their connection). */
  close(): Promise<void>;
}

export interface TestCatalyse {
  readonly url: string;
  readonly dataDir: string;
  /** A token of this Catalyse's secret, valid a working day or `expiresInSeconds`. */
  token(principal: Principal, expiresInSeconds?: number): string;
  close(): Promise<void>;
}

const testConfig = (dataDir: string, port: number, env: Record<string, string>): CatalyseConfig =>
  loadConfig({
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'silent',
    SQLITE_SYNCHRONOUS: 'NORMAL',
    HTTP_RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });

/** Where a Catalyse runs: by default a new temporary `DATA_DIR` (removed on close) and a free port. */
export interface TestCatalyseOptions {
  /** A `DATA_DIR` the caller owns (kept on close: the same data can be started again, or copied). */
  readonly dataDir?: string;
  readonly port?: number;
  /** Where the hub keeps presence (in memory by default; a `RedisPresenceStore` to stop its Redis under the hub). */
  readonly presenceStore?: PresenceStore;
}

export async function startCatalyse(env: Record<string, string> = {}, options: TestCatalyseOptions = {}): Promise<TestCatalyse> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'catalyse-client-'));
  const owned = options.dataDir === undefined;
  const port = options.port ?? (await freePort());
  const config = testConfig(dataDir, port, env);
  const secret = loadOrCreateSecret(config.dataDir, undefined);
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(ClientTestApp.register(config, secret, options.presenceStore), { logger: false });
    configureHttpApp(app);
    configureHubApp(app);
    await app.listen(config.port, config.host);
  } catch (error) {
    await app?.close().catch(() => undefined);
    if (owned) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const running = app;
  const tokens = new TokenService(secret);
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    token: (principal, expiresInSeconds) => tokens.sign(principal, expiresInSeconds),
    close: async () => {
      try {
        await running.close();
      } finally {
        if (owned) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A second hub node of `catalyse` (same `DATA_DIR`, so the same secret, events and feeds), on its own free port. */
export async function startHubNode(catalyse: TestCatalyse, env: Record<string, string> = {}): Promise<TestHubNode> {
  const port = await freePort();
  const config = testConfig(catalyse.dataDir, port, env);
  const app = await NestFactory.create(HubNodeTestApp.register(config, loadOrCreateSecret(config.dataDir, undefined)), { logger: false });
  try {
    configureHubApp(app);
    await app.listen(config.port, config.host);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
