import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

/** Where Debian/Ubuntu put the PostgreSQL 15 server binaries (docs/architecture.md §8). */
export const POSTGRES_BIN = process.env['POSTGRES_BIN'] ?? '/usr/lib/postgresql/15/bin';

export interface RunningPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication). */
  readonly url: string;
  readonly port: number;
  /** Stops the server at once (`-m immediate`) and removes its folders. Idempotent. */
  stop(): Promise<void>;
}

const run = promisify(execFile);

/**
 * Starts a throwaway PostgreSQL 15 on a free loopback port, in a fresh folder
 * under the temp dir, tuned for tests (no fsync: a crash of the machine loses
 * it, which does not matter for a server that is removed afterwards).
 *
 * Root cannot run postgres: as root, initdb and pg_ctl run as the `postgres`
 * user through `runuser`, in folders owned by it.
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const initdb = join(POSTGRES_BIN, 'initdb');
  const pgCtl = join(POSTGRES_BIN, 'pg_ctl');
  if (!existsSync(initdb) || !existsSync(pgCtl)) {
    throw new Error(
      `PostgreSQL 15 is not installed (no ${initdb}): install it with \`apt-get install -y postgresql-15\` (as root), ` +
        'or point POSTGRES_BIN at a folder holding initdb and pg_ctl',
    );
  }
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  /** Runs a server binary as the user that may run it. */
  const exec = (file: string, args: readonly string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args], { cwd: root }) : run(file, [...args], { cwd: root });

  const root = mkdtempSync(join(tmpdir(), 'catalyse-postgres-'));
  const data = join(root, 'data');
  const sockets = join(root, 'sockets');
  const log = join(root, 'postgres.log');
  const remove = (): void => rmSync(root, { recursive: true, force: true });
  try {
    chmodSync(root, 0o755);
    mkdirSync(data, { mode: 0o700 });
    mkdirSync(sockets, { mode: 0o755 });
    if (owner) for (const dir of [root, data, sockets]) chownSync(dir, owner.uid, owner.gid);
    await exec(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  } catch (error) {
    remove();
    throw new Error(`initdb failed: ${describe(error)}`, { cause: error });
  }

  // freePort() then listening is racy: another process may take the port in between. Retry a few times.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-k ${sockets}`,
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    try {
      // -l: the server must not inherit our pipes, or execFile would wait for it to exit.
      await exec(pgCtl, ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
      break;
    } catch (error) {
      if (attempt < 3) continue;
      const output = existsSync(log) ? readFileSync(log, 'utf8') : '';
      remove();
      throw new Error(`pg_ctl start failed: ${describe(error)}\n${output}`, { cause: error });
    }
  }

  let stopped = false;
  const stopNow = (): void => {
    // Last resort when the test process exits without calling stop().
    if (stopped) return;
    stopped = true;
    try {
      const args = ['-D', data, '-m', 'immediate', 'stop'];
      if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { cwd: root, stdio: 'ignore' });
      else execFileSync(pgCtl, args, { cwd: root, stdio: 'ignore' });
    } catch {
      // already down
    }
    remove();
  };
  process.once('exit', stopNow);

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopNow);
      try {
        await exec(pgCtl, ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        remove();
      }
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
  } catch {
    // fall through
  }
  throw new Error('running as root, PostgreSQL must run as the `postgres` user, which does not exist: `apt-get install -y postgresql-15` creates it');
}

function describe(error: unknown): string {
  const { message, stderr } = error as { message?: string; stderr?: string };
  return [message, stderr].filter(Boolean).join('\n');
}

/** The SQL text of a `pg_dump` of one schema, or of the whole database (data and definitions), to search what it really holds. */
export function pgDump(url: string, schema?: string): string {
  return execFileSync(join(POSTGRES_BIN, 'pg_dump'), ['--dbname', url, ...(schema ? ['--schema', schema] : []), '--no-owner'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
}
