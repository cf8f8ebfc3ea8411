import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { TokenService } from '@catalyse/auth';
import { roomKey } from '@catalyse/protocol';
import { expectStatus, freePort, HttpClient, type RunningPostgres, type RunningRedis, startPostgres, startRedis, tempDataDir } from '@catalyse/testing';
import { sleep } from './stats';

/**
 * Catalyse scaled out, as the scaled-out e2e runs it: a throwaway PostgreSQL
 * (events, read models, checkpoints, lease) and Redis (notifications,
 * presence, socket.io adapter), then projector ×1, api ×1 and hub ×`hubs` as
 * real processes from their built mains, each with its own empty DATA_DIR,
 * sharing one JWT secret.
 *
 * The processes are started from beside this file's build output
 * (`dist/apps/{app}/src/main.js`): `startService` of `@catalyse/testing`
 * resolves its paths from the sources (ts-jest), not from `dist/`.
 */
export interface ScaledOut {
  readonly apiUrl: string;
  readonly hubUrls: readonly string[];
  readonly tokens: TokenService;
  /** Every process of the setup (services, not the servers), for CPU accounting. */
  readonly pids: readonly number[];
  /** The servers' ports (their processes are found by them). */
  readonly postgresPort: number;
  readonly redisPort: number;
  as(sub: string): HttpClient;
  /** Opens an open theme room through the api and waits until it is projected; returns `room:{id}`. */
  openRoom(title: string): Promise<string>;
  close(): Promise<void>;
}

const SECRET = 'a-shared-secret-for-the-scaled-out-bench-0123456789';

type App = 'api' | 'hub' | 'projector';

interface Service {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export async function startScaledOut(hubs: number): Promise<ScaledOut> {
  const dirs: { remove(): void }[] = [];
  const services: Service[] = [];
  let postgres: RunningPostgres | undefined;
  let redis: RunningRedis | undefined;
  const close = async (): Promise<void> => {
    for (const service of services.reverse()) await service.stop().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    for (const dir of dirs) dir.remove();
  };
  try {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    const env = {
      EVENT_STORE: 'postgres',
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      // The bench posts from one address for one user: keep the limiter in the path, out of the way.
      HTTP_RATE_LIMIT_PER_MINUTE: '10000000',
    };
    const start = async (app: App): Promise<Service> => {
      const dir = tempDataDir(`catalyse-bench-${app}-`);
      dirs.push(dir);
      const service = await startApp(app, dir.dir, env);
      services.push(service);
      return service;
    };
    await start('projector');
    const api = await start('api');
    const hubServices: Service[] = [];
    for (let i = 0; i < hubs; i++) hubServices.push(await start('hub'));
    const tokens = new TokenService(SECRET);
    const as = (sub: string): HttpClient => new HttpClient(api.url, tokens.sign({ sub, role: 'catalyseur' }));
    return {
      apiUrl: api.url,
      hubUrls: hubServices.map((hub) => hub.url),
      tokens,
      pids: services.flatMap((service) => (service.child.pid === undefined ? [] : [service.child.pid])),
      postgresPort: postgres.port,
      redisPort: redis.port,
      as,
      openRoom: async (title) => {
        const client = as('bench-poster');
        const response = await client.post<{ id: string }>('/api/rooms', { kind: 'theme', subject: 'bench', title, access: 'open' });
        const id = expectStatus(response, 201).id;
        // The hubs read the room from the read models: wait for the projector.
        const deadline = Date.now() + 30_000;
        while ((await client.get(`/api/rooms/${id}`)).status !== 200) {
          if (Date.now() > deadline) throw new Error(`room ${id} was not projected within 30 s`);
          await sleep(50);
        }
        return roomKey('room', id);
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** `dist/apps/{app}/src/main.js` as a child process on a free port; ready when `/api/health` answers (the projector: when it says it runs). */
async function startApp(app: App, dataDir: string, env: Record<string, string>): Promise<Service> {
  const port = await freePort();
  const main = join(__dirname, '..', '..', '..', 'apps', app, 'src', 'main.js');
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} before it was ready:\n${output}`);
    if (app === 'projector' ? /en service|active/.test(output) : await healthy(url)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app} did not become ready in 30 s:\n${output}`);
    }
    await sleep(100);
  }
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) });
    return response.status === 200;
  } catch {
    return false;
  }
}
