import { isIP } from 'node:net';
import { MIN_SECRET_LENGTH } from '@catalyse/auth';
import { resolve } from 'node:path';
import { type AuthConfig, loadAuthConfig } from './auth-config';
import { hidePassword } from './urls';

/**
 * The whole configuration, from the environment. With nothing set, everything
 * runs embedded: one process, SQLite files under ./data, in-process notifier
 * and job runner. Scaled out, configuration alone chooses the engines:
 * `EVENT_STORE=postgres` + `DATABASE_URL`, or `EVENT_STORE=kurrentdb` +
 * `KURRENTDB_URL`; `REDIS_URL` for jobs, notifications and presence across processes.
 */
export interface CatalyseConfig extends AuthConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStore: EventStoreEngine;
  /** PostgreSQL (`postgres://…`): the event store with `EVENT_STORE=postgres`, and the read models whenever set. */
  readonly databaseUrl?: string;
  /** KurrentDB (`kurrentdb://…` or `esdb://…`), with `EVENT_STORE=kurrentdb`. */
  readonly kurrentdbUrl?: string;
  /** Redis (`redis://…`): BullMQ jobs, feed notifications and presence shared by several processes. */
  readonly redisUrl?: string;
  /** `FULL` (default): an acknowledged append survives a power cut; `NORMAL`: survives a process crash. */
  readonly sqliteSynchronous: 'FULL' | 'NORMAL';
  /** `JWT_SECRET`: signs and verifies Catalyse's own tokens (former ones: `jwtPreviousSecrets`; an issuer: `oidc`). */
  readonly jwtSecret?: string;
  /** The bearer token Prometheus scrapes `/api/metrics` with (`METRICS_TOKEN`, 32 characters or more); operators' tokens work too. */
  readonly metricsToken?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Poll interval for changes made by another process on the same files (ms). */
  readonly pollIntervalMs: number;
  /**
   * Requests per minute per client (a partner's or catalyseur's; operators twice, callers without a valid token a
   * quarter, by address), across every HTTP route and hub request, before `RATE_LIMITED`; shared through Redis when set.
   */
  readonly httpRateLimitPerMinute: number;
  /** What one person may hold of a hub node and of every node together (`HUB_*`; the hub module's options of the same names). */
  readonly hub: HubLimits;
  /** Origins whose browser pages may call the api and the hub (`CORS_ORIGINS`, comma-separated); none by default. */
  readonly corsOrigins: readonly string[];
  /**
   * `HUB_URL`: the hubs' public origin as browsers reach them (`https://hub.example.org`), when they are not behind
   * the api's own origin. The api hands it to the console it serves, which opens its socket there instead of on
   * its own origin (unset: its own origin, as in the all-in-one or behind a proxy that routes `/socket.io/`).
   */
  readonly hubUrl?: string;
  /** Express `trust proxy` for the HTTP services behind a proxy: `true`, a number of hops, or addresses/subnets. */
  readonly trustProxy?: boolean | number | string;
  /** How long a projector's leadership lasts without renewal: a standby takes over within it after a crash (ms). */
  readonly projectorLeaseMs: number;
  /** IANA zone in which "today" is read (reminders, lateness). */
  readonly timeZone: string;
  /** Milestones falling due within this many days (or overdue) get one reminder in their partnership's feed. */
  readonly reminderWindowDays: number;
  /** How often the projector looks for milestones to remind (ms). */
  readonly reminderScanMs: number;
}

/**
 * The hub's bounds an operator tunes, named as `HubModule.forRoot` takes them: every composition root hands them
 * over whole (`HubModule.forRoot({ ...config.hub, … })`), so a new bound is one variable here, not one per app.
 */
export interface HubLimits {
  /** `HUB_POSTS_PER_SECOND`: `room:post` per second per person (all their sockets, every hub node) before RATE_LIMITED. */
  readonly postsPerSecond: number;
  /** `HUB_CONNECTIONS_PER_MINUTE`: handshakes per minute per person, every hub node. */
  readonly connectionsPerMinute: number;
  /** `HUB_SOCKETS_PER_PERSON`: sockets one person holds open at once on a node. */
  readonly maxSocketsPerPerson: number;
  /** `HUB_ROOMS_PER_SOCKET`: rooms one connection follows at once. */
  readonly maxRoomsPerSocket: number;
  /** `HUB_BUFFERED_BYTES_PER_SOCKET`: bytes waiting to be sent on a socket before it is disconnected. */
  readonly maxBufferedBytes: number;
  /** `HUB_BUFFERED_BYTES_PER_PERSON`: bytes waiting on a person's sockets of a node, half of which refuses their joins and syncs. */
  readonly maxBufferedBytesPerPerson: number;
}

const MIB = 1024 * 1024;

/** `HUB_*` variables; the defaults are the hub module's own. */
function hubLimits(env: NodeJS.ProcessEnv): HubLimits {
  const limits: HubLimits = {
    postsPerSecond: integer(env, 'HUB_POSTS_PER_SECOND', 20, 1, 100_000),
    connectionsPerMinute: integer(env, 'HUB_CONNECTIONS_PER_MINUTE', 120, 1, 1_000_000),
    maxSocketsPerPerson: integer(env, 'HUB_SOCKETS_PER_PERSON', 20, 1, 10_000),
    maxRoomsPerSocket: integer(env, 'HUB_ROOMS_PER_SOCKET', 100, 1, 10_000),
    // Below a catch-up page of long messages (a few MB) a reading client would be dropped mid-page.
    maxBufferedBytes: integer(env, 'HUB_BUFFERED_BYTES_PER_SOCKET', 8 * MIB, 4 * MIB, 1024 * MIB),
    maxBufferedBytesPerPerson: integer(env, 'HUB_BUFFERED_BYTES_PER_PERSON', 16 * MIB, 4 * MIB, 4096 * MIB),
  };
  // A person's bound below one socket's would refuse their joins before a single catch-up page is taken.
  if (limits.maxBufferedBytesPerPerson < limits.maxBufferedBytes) {
    throw new ConfigError(
      `HUB_BUFFERED_BYTES_PER_PERSON (${limits.maxBufferedBytesPerPerson}) doit valoir au moins HUB_BUFFERED_BYTES_PER_SOCKET (${limits.maxBufferedBytes})`,
    );
  }
  return limits;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const EVENT_STORE_ENGINES = ['sqlite', 'postgres', 'kurrentdb'] as const;
export type EventStoreEngine = (typeof EVENT_STORE_ENGINES)[number];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CatalyseConfig {
  const eventStore = env['EVENT_STORE'] || 'sqlite';
  if (!(EVENT_STORE_ENGINES as readonly string[]).includes(eventStore)) {
    throw new ConfigError(`EVENT_STORE=${eventStore} n’est pas un moteur que Catalyse connaît : choisissez ${orList(EVENT_STORE_ENGINES)}`);
  }
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const kurrentdbUrl = url(env, 'KURRENTDB_URL', ['kurrentdb:', 'kurrentdb+discover:', 'esdb:', 'esdb+discover:']);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  if (eventStore === 'postgres' && !databaseUrl) throw new ConfigError('EVENT_STORE=postgres demande DATABASE_URL (postgres://user:password@host:5432/db)');
  if (eventStore === 'kurrentdb' && !kurrentdbUrl) throw new ConfigError('EVENT_STORE=kurrentdb demande KURRENTDB_URL (kurrentdb://host:2113?tls=false)');
  const synchronous = (env['SQLITE_SYNCHRONOUS'] ?? 'FULL').toUpperCase();
  if (synchronous !== 'FULL' && synchronous !== 'NORMAL')
    throw new ConfigError(`SQLITE_SYNCHRONOUS doit valoir FULL ou NORMAL (reçu : ${env['SQLITE_SYNCHRONOUS'] ?? ''})`);
  const logLevel = env['LOG_LEVEL'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError(`LOG_LEVEL doit valoir ${orList(LOG_LEVELS)} (reçu : ${logLevel})`);
  const config: CatalyseConfig = {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env['HOST'] ?? '0.0.0.0',
    // An empty DATA_DIR (`DATA_DIR= npm start`) is the default, not the current folder (`resolve('')`).
    dataDir: resolve(env['DATA_DIR']?.trim() || './data'),
    eventStore: eventStore as EventStoreEngine,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(kurrentdbUrl ? { kurrentdbUrl } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    sqliteSynchronous: synchronous,
    logLevel: logLevel as CatalyseConfig['logLevel'],
    pollIntervalMs: integer(env, 'POLL_INTERVAL_MS', 50, 5, 10_000),
    httpRateLimitPerMinute: integer(env, 'HTTP_RATE_LIMIT_PER_MINUTE', 6000, 1, 10_000_000),
    hub: hubLimits(env),
    projectorLeaseMs: integer(env, 'PROJECTOR_LEASE_MS', 10_000, 300, 600_000),
    timeZone: timeZone(env['TIME_ZONE']),
    reminderWindowDays: integer(env, 'REMINDER_WINDOW_DAYS', 7, 0, 366),
    reminderScanMs: integer(env, 'REMINDER_SCAN_MS', 900_000, 100, 86_400_000),
    corsOrigins: origins(env['CORS_ORIGINS']),
  };
  const trustProxy = parseTrustProxy(env['TRUST_PROXY']);
  const hubUrl = publicOrigin(env, 'HUB_URL', 'https://hub.example.org');
  const secret = env['JWT_SECRET'];
  if (secret && secret.length < MIN_SECRET_LENGTH)
    throw new ConfigError(`JWT_SECRET doit faire au moins ${MIN_SECRET_LENGTH} caractères (par exemple : openssl rand -base64 36)`);
  const metricsToken = env['METRICS_TOKEN'];
  if (metricsToken && metricsToken.length < MIN_SECRET_LENGTH)
    throw new ConfigError(`METRICS_TOKEN doit faire au moins ${MIN_SECRET_LENGTH} caractères (par exemple : openssl rand -base64 36)`);
  return {
    ...config,
    ...(trustProxy !== undefined ? { trustProxy } : {}),
    ...(hubUrl ? { hubUrl } : {}),
    ...(secret ? { jwtSecret: secret } : {}),
    ...loadAuthConfig(env),
    ...(metricsToken ? { metricsToken } : {}),
  };
}

/** `CORS_ORIGINS`: `https://console.example.org,http://localhost:5173`; each a bare origin (scheme, host, port). */
function origins(raw: string | undefined): readonly string[] {
  const listed = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of listed) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(
        `CORS_ORIGINS doit lister des origines telles que https://console.example.org (schéma, hôte et port, sans chemin) ; reçu : ${origin}`,
      );
    }
  }
  return listed;
}

/**
 * An optional http(s) origin (scheme, host, port; a trailing `/` is tolerated), answered as the browser writes it
 * (`URL.origin`: lower case, no default port, no slash). No path: socket.io would read one as a namespace, not as
 * where it is mounted; no query, fragment or credentials.
 */
function publicOrigin(env: NodeJS.ProcessEnv, name: string, example: string): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  const bare = parsed && parsed.pathname === '/' && !parsed.search && !parsed.hash && !parsed.username && !parsed.password && !raw.endsWith('?');
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || !bare) {
    throw new ConfigError(`${name} doit être une origine http(s) telle que ${example} (schéma, hôte et port, sans chemin) ; reçu : ${hidePassword(raw)}`);
  }
  return parsed.origin;
}

function timeZone(raw: string | undefined): string {
  const zone = raw || 'Europe/Paris';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new ConfigError(`TIME_ZONE doit être un fuseau horaire IANA tel que Europe/Paris (reçu : ${zone})`);
  }
  return zone;
}

/** `TRUST_PROXY`: `true`/`false`, a hop count, or Express's list of addresses, subnets and names (`loopback`, …). */
function parseTrustProxy(raw: string | undefined): boolean | number | string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  // Checked here as Express (proxy-addr) reads them, or the first request would fail on them.
  const parts = raw.split(',').map((part) => part.trim());
  if (!parts.every(isTrustedProxy))
    throw new ConfigError(
      `TRUST_PROXY doit valoir true, false, un nombre de proxys traversés, ou des adresses et sous-réseaux (par exemple : loopback, 10.0.0.0/8) ; reçu : ${raw}`,
    );
  return raw;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** `loopback`, `10.0.0.7`, `10.0.0.0/8`, `::1`, `fd00::/8`, `10.0.0.0/255.0.0.0`. */
function isTrustedProxy(part: string): boolean {
  if (PROXY_NAMES.includes(part)) return true;
  const [address = '', range, ...more] = part.split('/');
  const family = isIP(address);
  if (family === 0 || more.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

/** An optional URL whose scheme is one of `protocols`. */
function url(env: NodeJS.ProcessEnv, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} n’est pas une URL (attendu : ${orList(protocols.map((p) => `${p}//…`))})`);
  }
  if (!protocols.includes(parsed.protocol))
    throw new ConfigError(`${name} doit commencer par ${orList(protocols.map((p) => `${p}//`))} (reçu : ${parsed.protocol}//…)`);
  return raw;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  // Digits only: `Number` would also read `1e3`, `0x10` or `0b11`, which no operator means for a count.
  const value = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} doit être un entier entre ${min} et ${max} (reçu : ${raw})`);
  }
  return value;
}

/** Choices as a French sentence lists them: `a, b ou c`. */
function orList(choices: readonly string[]): string {
  return choices.length > 1 ? `${choices.slice(0, -1).join(', ')} ou ${choices.at(-1) ?? ''}` : choices.join('');
}
