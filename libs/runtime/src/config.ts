import { resolve } from 'node:path';

/**
 * The whole configuration, from the environment. With nothing set, everything
 * runs embedded: one process, SQLite files under ./data, in-process notifier.
 * Scaled-out engines (PostgreSQL, KurrentDB, Redis) arrive with issue 3.
 */
export interface CatalyseConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStore: 'sqlite';
  /** `FULL` (default): an acknowledged append survives a power cut; `NORMAL`: survives a process crash. */
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  readonly jwtSecret?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Poll interval for changes made by another process on the same files (ms). */
  readonly pollIntervalMs: number;
  /** HTTP requests per minute per client before 429. */
  readonly httpRateLimitPerMinute: number;
  /** Socket posts per second per socket before RATE_LIMITED. */
  readonly hubPostsPerSecond: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CatalyseConfig {
  const eventStore = env['EVENT_STORE'] ?? 'sqlite';
  if (eventStore !== 'sqlite') {
    throw new ConfigError(`EVENT_STORE=${eventStore} is not available in this version; use sqlite (PostgreSQL and KurrentDB come with the scale-out work)`);
  }
  const synchronous = (env['SQLITE_SYNCHRONOUS'] ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new ConfigError('SQLITE_SYNCHRONOUS must be FULL or NORMAL');
  const logLevel = env['LOG_LEVEL'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const config: CatalyseConfig = {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env['HOST'] ?? '0.0.0.0',
    dataDir: resolve(env['DATA_DIR'] ?? './data'),
    eventStore,
    sqliteSynchronous: synchronous,
    logLevel: logLevel as CatalyseConfig['logLevel'],
    pollIntervalMs: integer(env, 'POLL_INTERVAL_MS', 50, 5, 10_000),
    httpRateLimitPerMinute: integer(env, 'HTTP_RATE_LIMIT_PER_MINUTE', 6000, 1, 10_000_000),
    hubPostsPerSecond: integer(env, 'HUB_POSTS_PER_SECOND', 20, 1, 100_000),
  };
  const secret = env['JWT_SECRET'];
  return secret ? { ...config, jwtSecret: secret } : config;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max} (got ${raw})`);
  }
  return value;
}
