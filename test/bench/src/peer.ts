/**
 * The peer of the `peer` part, Emmett 0.42 (event-driven-io), installed on
 * demand: never in the repository's `npm install`, only when the part runs, into
 * a cache folder outside the repository, and loaded from there with
 * `createRequire`. Nothing of it is imported at build time: the shapes the bench
 * uses are declared below.
 *
 * Versions: `@event-driven-io/emmett-postgresql` 0.42.0 (peers: `emmett` 0.42.0,
 * `pongo` 0.16.11, `dumbo` 0.12.7, `pg`) and `@event-driven-io/emmett-sqlite`
 * 0.42.4 (peers: `emmett` 0.42.4, which the registry does not serve, and
 * `sqlite3` ^5.1.7; it bundles the emmett core it uses, so it runs beside
 * emmett 0.42.0). Every package declares its dependencies as peers, so the
 * install lists them all and passes `--legacy-peer-deps`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What the cache folder's package.json pins; a change reinstalls. */
const PEER_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@event-driven-io/emmett': '0.42.0',
  '@event-driven-io/emmett-postgresql': '0.42.0',
  '@event-driven-io/pongo': '0.16.11',
  '@event-driven-io/dumbo': '0.12.7',
  '@event-driven-io/emmett-sqlite': '0.42.4',
  // Their own copy of pg, at the repository's version: dumbo sets pg's global type parsers
  // (int8 as BigInt, json) on the copy it loads, which must not be the one Catalyse uses.
  pg: '8.23.1',
  'pg-connection-string': '^2.6.4',
  sqlite3: '^5.1.7',
  uuid: '^10.0.0',
  'async-retry': '^1.3.3',
  commander: '^12.1.0',
  ansis: '^3.3.2',
  'cli-table3': '^0.6.5',
};

/** Emmett's expected-version names (strings in 0.42). */
export const STREAM_DOES_NOT_EXIST = 'STREAM_DOES_NOT_EXIST';

export type EmmettExpectedVersion = bigint | typeof STREAM_DOES_NOT_EXIST;

export interface EmmettEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Record<string, unknown>;
}

export interface EmmettAppendResult {
  readonly nextExpectedStreamVersion: bigint;
  readonly lastEventGlobalPosition: bigint;
}

/** The part of Emmett's `EventStore` the bench uses. */
export interface EmmettEventStore {
  appendToStream(stream: string, events: readonly EmmettEvent[], options: { expectedStreamVersion: EmmettExpectedVersion }): Promise<EmmettAppendResult>;
  readStream(stream: string): Promise<{ readonly events: readonly unknown[]; readonly currentStreamVersion: bigint }>;
}

export interface EmmettBatch {
  readonly messages: readonly unknown[];
  readonly currentGlobalPosition: bigint;
}

/** `@event-driven-io/dumbo`: a pool whose `execute` the low-level reads take. */
export interface DumboPool {
  readonly execute: unknown;
  close(): Promise<void>;
}

/** The peer's own copy of `pg`: its `Pool`. */
export interface PeerPgPool {
  on(event: 'error', listener: (error: Error) => void): unknown;
  end(): Promise<void>;
}

export interface EmmettPostgres {
  getPostgreSQLEventStore(
    connectionString: string,
    options: { connectionOptions: { dumbo: DumboPool } },
  ): EmmettEventStore & { schema: { migrate(): Promise<unknown> }; close(): Promise<void> };
  /** How Emmett's consumers page the log: `after` a global position, `batchSize` messages. */
  readMessagesBatch(execute: unknown, options: { after: bigint; batchSize: number }): Promise<EmmettBatch>;
  /** On a pg pool of the bench's making (its size, its error listener, ended by the bench). */
  dumbo(options: { connectionString: string; pool: PeerPgPool }): DumboPool;
  /** A pool of the peer's copy of pg (the one dumbo set its type parsers on). */
  newPgPool(options: { connectionString: string; max: number }): PeerPgPool;
}

export interface EmmettSqliteConnection {
  close(): void;
  command(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface EmmettSqlite {
  getSQLiteEventStore(options: {
    fileName: string;
    connectionOptions?: { connection: EmmettSqliteConnection; singleton: true };
  }): EmmettEventStore & { schema: { migrate(): Promise<unknown> } };
  sqliteConnection(options: { fileName: string }): EmmettSqliteConnection;
  readMessagesBatch(connection: EmmettSqliteConnection, options: { after: bigint; batchSize: number }): Promise<EmmettBatch>;
}

export interface LoadedPeer {
  readonly dir: string;
  /** Whether this run had to install it (else it was in the cache folder already). */
  readonly installed: boolean;
  readonly installMs: number;
  /** Undefined, with the reason in `errors`, when that half could not be loaded. */
  readonly postgres: EmmettPostgres | undefined;
  readonly sqlite: EmmettSqlite | undefined;
  readonly versions: Readonly<Record<string, string>>;
  readonly errors: readonly string[];
}

/** `CATALYSE_BENCH_PEER_DIR`, or `~/.cache/catalyse-bench/emmett-0.42` (outside the repository). */
export function peerDir(): string {
  return process.env['CATALYSE_BENCH_PEER_DIR'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'catalyse-bench', 'emmett-0.42');
}

const MARKER = '.catalyse-bench-installed';

/**
 * Installs the peer into `peerDir()` unless the same versions are there already,
 * then loads it. Throws (with the reason) when npm fails, e.g. when the registry
 * cannot be reached; a half that installs but does not load (e.g. `sqlite3`'s
 * native addon) is reported in `errors`, the other half still runs.
 */
export async function loadPeer(progress: (text: string) => void): Promise<LoadedPeer> {
  const dir = peerDir();
  const manifest = JSON.stringify({ name: 'catalyse-bench-peer', private: true, dependencies: PEER_DEPENDENCIES }, null, 2);
  const marker = join(dir, MARKER);
  let installed = false;
  let installMs = 0;
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== manifest) {
    progress(`peer: installing Emmett 0.42 into ${dir} (npm install, once; sqlite3 may compile from source: a few minutes)`);
    mkdirSync(dir, { recursive: true });
    rmSync(marker, { force: true });
    writeFileSync(join(dir, 'package.json'), manifest);
    const started = performance.now();
    await npmInstall(dir);
    installMs = performance.now() - started;
    writeFileSync(marker, manifest);
    installed = true;
  }
  const require = createRequire(join(dir, 'package.json'));
  const errors: string[] = [];
  const load = <T>(name: string): T | undefined => {
    try {
      return require(name) as T;
    } catch (error) {
      errors.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      return undefined;
    }
  };
  const emmettPostgres = load<Omit<EmmettPostgres, 'dumbo'>>('@event-driven-io/emmett-postgresql');
  const dumbo = load<Pick<EmmettPostgres, 'dumbo'>>('@event-driven-io/dumbo');
  const pg = load<{ Pool: new (options: { connectionString: string; max: number }) => PeerPgPool }>('pg');
  const sqlite = load<EmmettSqlite>('@event-driven-io/emmett-sqlite');
  const versions: Record<string, string> = {};
  for (const name of ['@event-driven-io/emmett', '@event-driven-io/emmett-postgresql', '@event-driven-io/emmett-sqlite', 'pg', 'sqlite3']) {
    try {
      // Read from the folder: these packages' `exports` do not expose their package.json.
      versions[name] = (JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // absent: reported by the load above
    }
  }
  return {
    dir,
    installed,
    installMs,
    postgres: emmettPostgres && dumbo && pg ? { ...emmettPostgres, dumbo: dumbo.dumbo, newPgPool: (options) => new pg.Pool(options) } : undefined,
    sqlite,
    versions,
    errors,
  };
}

/** `npm install` in `dir`, with short network time-outs so that an unreachable registry fails in about a minute. */
function npmInstall(dir: string): Promise<void> {
  // Under `npm run`, npm_execpath is npm's own CLI script: run it with this node.
  const npmCli = process.env['npm_execpath'];
  const [command, prefix] = npmCli?.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []];
  const args = [
    ...prefix,
    'install',
    '--prefix',
    dir,
    '--legacy-peer-deps',
    '--no-audit',
    '--no-fund',
    '--no-package-lock',
    '--loglevel=error',
    '--fetch-timeout=20000',
    '--fetch-retries=1',
  ];
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: dir, maxBuffer: 16 * 1024 * 1024, timeout: 15 * 60_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve();
      const tail = String(stderr).trim().split('\n').slice(-6).join('\n');
      reject(new Error(`npm install of Emmett 0.42 into ${dir} failed (is the npm registry reachable?): ${error.message.split('\n')[0]}\n${tail}`));
    });
  });
}
