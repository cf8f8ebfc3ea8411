import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { EVENTS_FILE, lockDataFolder } from '@catalyse/runtime';
import { openReplacement } from './output-file';
import { opsInProcess, type OpsRun, useDemoFolder } from './testing/ops-in-process';

/**
 * `--out` writes a file the operator names, never one of the data folder's own (README, « Operator CLI »): the log,
 * the keys, the read models, the reports, their SQLite companions, the lock, the secret are refused, exit 2, whatever
 * the path reaches them by (a symbolic link, a hard link, `..`), before anything is read or recorded. And a file is
 * replaced only once the export or the report is whole: one that fails leaves the file there as it was.
 */
const WORKSPACE = resolve(__dirname, '../../..');

/** Runs `bash -o pipefail -c script` with `ops` (main.ts, a process of its own) as a shell function: what an operator types. */
function shell(script: string, env: Readonly<Record<string, string>> = {}, uid?: number): Promise<{ code: number | null; err: string }> {
  const child = spawn('bash', ['-o', 'pipefail', '-c', `ops() { "$OPS_NODE" -r @swc-node/register "$OPS_MAIN" "$@"; }; ${script}`], {
    cwd: WORKSPACE,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: join(WORKSPACE, 'tsconfig.base.json'),
      OPS_NODE: process.execPath,
      OPS_MAIN: join(WORKSPACE, 'apps/ops/src/main.ts'),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, err })));
}

describe('ops --out', () => {
  const folder = useDemoFolder('catalyse-ops-out-');

  const ops = (args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<OpsRun> => opsInProcess(args, { env });

  /** The whole log as the operator reads it, personal fields opened with their keys: what a lost file would change. */
  const logRead = async (): Promise<string> => {
    const run = await ops(['export', '--upcast']);
    expect(run.code).toBe(0);
    return run.out;
  };
  const verified = async (): Promise<number> => {
    const run = await ops(['verify', '--format', 'json']);
    expect(run.code).toBe(0);
    return (JSON.parse(run.out) as { events: number }).events;
  };
  const refusal = (file: string): string =>
    `ops : --out désigne un fichier du dossier de données (${join(folder.dataDir, file)}) : choisissez un autre chemin (l’écrire détruirait les données de Catalyse)\n`;
  /** The files a run left beside the ones named: no temporary file stays behind. */
  const leftovers = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.tmp'));

  const commands = (out: string): (readonly string[])[] => [
    ['export', '--out', out],
    ['export', '--format', 'csv', '--out', out],
    ['report', '--kind', 'partnership', '--id', 'flda-cg-ardeche', '--format', 'json', '--out', out],
    ['observatory', 'partnerships', '--format', 'json', '--out', out],
  ];

  it('refuses, exit 2, any of the data folder’s own files, however named, and leaves the stores whole', async () => {
    const data = folder.dataDir;
    const events = await verified();
    const read = await logRead();
    // A symbolic link, a hard link, a path through `..` and a folder reached by a link: each names a store file.
    symlinkSync(join(data, EVENTS_FILE), join(folder.root, 'events-link.ndjson'));
    linkSync(join(data, 'keys.sqlite'), join(folder.root, 'keys-hard-link.ndjson'));
    symlinkSync(data, join(folder.root, 'data-alias'));
    const cases: [string, string][] = [
      [join(data, 'events.db'), 'events.db'],
      [join(data, 'keys.sqlite'), 'keys.sqlite'],
      [join(data, 'read-models.db'), 'read-models.db'],
      [join(data, 'events.db-wal'), 'events.db-wal'],
      [join(data, 'keys.sqlite-shm'), 'keys.sqlite-shm'],
      [join(data, 'reports.sqlite-journal'), 'reports.sqlite-journal'],
      [join(data, 'catalyse.lock'), 'catalyse.lock'],
      [join(data, 'jwt-secret'), 'jwt-secret'],
      [join(folder.root, 'events-link.ndjson'), 'events.db'],
      [join(folder.root, 'keys-hard-link.ndjson'), 'keys.sqlite'],
      [join(data, '..', 'data', 'events.db'), 'events.db'],
      [join(folder.root, 'data-alias', 'keys.sqlite'), 'keys.sqlite'],
    ];
    const sizes = (): Record<string, number> => Object.fromEntries(readdirSync(data).map((name) => [name, statSync(join(data, name)).size]));
    const before = sizes();
    for (const [out, file] of cases) {
      for (const args of commands(out)) {
        const run = await ops(args);
        expect({ args, ...run }).toEqual({ args, code: 2, out: '', err: refusal(file) });
      }
    }
    expect(sizes()).toEqual(before);
    expect(leftovers(data)).toEqual([]);
    // Nothing read, nothing recorded (no report asked for), nothing lost.
    expect(await verified()).toBe(events);
    expect(await logRead()).toBe(read);
  }, 120_000);

  it('refuses the lock of a service running on the folder, and leaves it locked', async () => {
    const lock = lockDataFolder(folder.dataDir, 'a-running-service');
    try {
      for (const args of commands(join(folder.dataDir, 'catalyse.lock'))) {
        const run = await ops(args);
        expect({ args, ...run }).toEqual({ args, code: 2, out: '', err: refusal('catalyse.lock') });
      }
      // Still held: a second owner is refused.
      expect(() => lockDataFolder(folder.dataDir, 'another')).toThrow(/déjà utilisé par un autre processus/);
    } finally {
      lock.release();
    }
  });

  it('refuses a folder as --out, exit 2, saying so', async () => {
    const dir = join(folder.root, 'a-folder');
    mkdirSync(dir);
    for (const args of commands(dir)) {
      const run = await ops(args);
      expect({ args, ...run }).toEqual({ args, code: 2, out: '', err: `ops : --out désigne un dossier (${dir}) : donnez le chemin d’un fichier\n` });
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves an existing file as it was when the export fails, before or midway, and replaces it once whole', async () => {
    const target = join(folder.root, 'previous-export.ndjson');
    writeFileSync(target, 'the previous export\n', { mode: 0o640 });
    const link = join(folder.root, 'latest.ndjson');
    symlinkSync(target, link);

    // A log that cannot be opened: refused, the file untouched.
    const unreadable = join(folder.root, 'unreadable');
    mkdirSync(unreadable);
    writeFileSync(join(unreadable, EVENTS_FILE), 'not a database, only text that is long enough to be read as a header of one');
    const early = await ops(['export', '--out', target], { DATA_DIR: unreadable });
    expect(early.code).not.toBe(0);
    expect(readFileSync(target, 'utf8')).toBe('the previous export\n');

    // A log whose last event cannot be read: the export fails after writing every page before it.
    const broken = join(folder.root, 'broken');
    cpSync(folder.dataDir, broken, { recursive: true });
    const db = new Database(join(broken, EVENTS_FILE));
    db.prepare(`INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
      'partnership-broken',
      0,
      'broken-1',
      'PartnershipProposed',
      '{ not json',
      '{}',
      new Date().toISOString(),
    );
    db.close();
    const midway = await ops(['export', '--out', link], { DATA_DIR: broken });
    expect(midway.code).not.toBe(0);
    expect(midway.err).not.toContain('exporté');
    expect(readFileSync(target, 'utf8')).toBe('the previous export\n');
    expect(leftovers(folder.root)).toEqual([]);

    // The same export of a sound log replaces it, through the link (still a link), with its mode.
    const done = await ops(['export', '--out', link]);
    expect(done.code).toBe(0);
    expect(done.err).toMatch(/^[\d\s]+ événements exportés\n$/);
    expect(readFileSync(target, 'utf8')).toBe((await ops(['export'])).out);
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readFileSync(link, 'utf8')).toBe(readFileSync(target, 'utf8'));
    expect(leftovers(folder.root)).toEqual([]);
  }, 60_000);

  it('removes the file being written when a stop signal comes, the destination left as it was', () => {
    const target = join(folder.root, 'stopped.ndjson');
    writeFileSync(target, 'kept\n');
    const file = openReplacement(target, target);
    closeSync(file.fd);
    expect(leftovers(folder.root)).toHaveLength(1);
    // Another listener (as `ops report`'s) ends the process itself: this one only removes the file.
    const other = (): void => undefined;
    process.on('SIGTERM', other);
    try {
      process.emit('SIGTERM');
    } finally {
      process.off('SIGTERM', other);
    }
    expect(leftovers(folder.root)).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('kept\n');
    file.discard();
    expect(existsSync(target)).toBe(true);
  });

  it('refuses, exit 2, an observatory --region that cannot name one, as the api’s 400; one that names none is 1', async () => {
    const emoji = await ops(['observatory', 'partnerships', '--region', '😀']);
    expect(emoji).toMatchObject({ code: 2, out: '' });
    expect(emoji.err).toContain('attendu : le nom ou le slug d’une région');
    expect((await ops(['observatory', 'partnerships', '--region', 'Atlantis'])).code).toBe(1);
  });

  it('writes to /dev/stdout read by a pipe, and to a FIFO, as they are: nothing renamed over them', async () => {
    const whole = (await ops(['export'])).out;
    const piped = join(folder.root, 'piped.ndjson');
    const run = await shell(`ops export --out /dev/stdout | cat > '${piped}'`);
    expect(run.err).toMatch(/^[\d\s]+ événements exportés\n$/);
    expect(run.code).toBe(0);
    expect(readFileSync(piped, 'utf8')).toBe(whole);
    const gzipped = join(folder.root, 'piped.ndjson.gz');
    const plain = join(folder.root, 'plain.csv');
    expect((await shell(`ops export --format csv --out /dev/stdout | gzip > '${gzipped}' && ops export --format csv > '${plain}'`)).code).toBe(0);
    expect(spawnSync('gunzip', ['-c', gzipped], { maxBuffer: 1 << 30 }).stdout.toString()).toBe(readFileSync(plain, 'utf8'));

    // A FIFO, read by another process as the export writes it; reached through a link too.
    const fifo = join(folder.root, 'export.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    symlinkSync(fifo, join(folder.root, 'fifo-link'));
    for (const out of [fifo, join(folder.root, 'fifo-link')]) {
      const received = join(folder.root, 'from-fifo.ndjson');
      const reader = spawn('sh', ['-c', 'cat "$0" > "$1"', fifo, received], { stdio: 'ignore' });
      const read = new Promise((done) => reader.once('close', done));
      const written = await ops(['export', '--out', out]);
      await read;
      expect(written.code).toBe(0);
      expect(readFileSync(received, 'utf8')).toBe(whole);
      expect(statSync(fifo).isFIFO()).toBe(true);
    }
    expect(leftovers(folder.root)).toEqual([]);
  }, 120_000);

  it('writes a file whose name is long but valid (249 bytes), its temporary file named short', async () => {
    const name = `${'é'.repeat(122)}.json`;
    expect(Buffer.byteLength(name)).toBe(249);
    const target = join(folder.root, name);
    for (const args of commands(target)) {
      const run = await ops(args);
      expect({ args, code: run.code, err: run.err }).toEqual({ args, code: 0, err: expect.not.stringContaining('trop long') as unknown });
      expect(readFileSync(target, 'utf8').length).toBeGreaterThan(0);
    }
    expect(leftovers(folder.root)).toEqual([]);
  }, 60_000);

  it('refuses, exit 2, a data folder’s own file named in another case (a case-insensitive file system), before it exists', async () => {
    symlinkSync(folder.dataDir, join(folder.root, 'data-by-another-name'));
    const cases: [string, string][] = [
      [join(folder.dataDir, 'Jobs.sqlite'), 'jobs.sqlite'],
      [join(folder.dataDir, 'EVENTS.DB'), 'events.db'],
      [join(folder.dataDir, 'Keys.Sqlite-WAL'), 'keys.sqlite-wal'],
      [join(folder.dataDir, 'JWT-Secret'), 'jwt-secret'],
      [join(folder.root, 'data-by-another-name', 'Read-Models.db'), 'read-models.db'],
    ];
    const before = readdirSync(folder.dataDir);
    for (const [out, file] of cases) {
      for (const args of commands(out)) {
        const run = await ops(args);
        expect({ args, ...run }).toEqual({ args, code: 2, out: '', err: refusal(file) });
      }
    }
    expect(readdirSync(folder.dataDir)).toEqual(before);
    // Elsewhere, the same names are anybody's files.
    const elsewhere = join(folder.root, 'Jobs.sqlite');
    expect((await ops(['export', '--out', elsewhere])).code).toBe(0);
    expect(existsSync(elsewhere)).toBe(true);
  }, 60_000);

  it('takes a decomposed (NFD) --region as the api does, composed first', async () => {
    const decomposed = 'I\u0302le-de-France';
    expect(decomposed).not.toBe('Île-de-France');
    const run = await ops(['observatory', 'partnerships', '--region', decomposed]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('région Île-de-France');
    expect(run.out).toBe((await ops(['observatory', 'partnerships', '--region', 'Île-de-France'])).out);
    // Composed, a decomposed text over the bound is within it: 100 « é » typed as 200 code units.
    const long = await ops(['observatory', 'partnerships', '--region', 'e\u0301'.repeat(100)]);
    expect(long.err).not.toContain('attendu');
    expect(long.code).toBe(1);
  });

  const nonRoot = process.getuid?.() === 0 ? 65534 : undefined;
  it('refuses, exit 1, a read-only file it would otherwise replace by renaming, and leaves it as it was', async () => {
    // Run as a user other than root (root may write any file): `nobody` when the tests run as root.
    const shared = join(folder.root, 'shared');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    chmodSync(folder.root, 0o755);
    const data = join(shared, 'data');
    cpSync(folder.dataDir, data, { recursive: true });
    for (const path of [data, ...readdirSync(data).map((name) => join(data, name))]) chmodSync(path, statSync(path).isDirectory() ? 0o777 : 0o666);
    const target = join(shared, 'read-only.json');
    writeFileSync(target, 'kept\n');
    chmodSync(target, 0o444);
    const env = { DATA_DIR: data, HOME: shared };
    for (const command of ['observatory partnerships --format json', 'export', 'report --kind partnership --id flda-cg-ardeche --format json']) {
      const run = await shell(`ops ${command} --out '${target}'`, env, nonRoot);
      expect({ command, ...run }).toEqual({
        command,
        code: 1,
        err: `ops : impossible d’écrire ${target} : permission refusée (le fichier est en lecture seule)\n`,
      });
      expect(readFileSync(target, 'utf8')).toBe('kept\n');
      expect(statSync(target).mode & 0o777).toBe(0o444);
    }
    // A file it may write is replaced: the same user, the same folder.
    const writable = join(shared, 'writable.json');
    writeFileSync(writable, 'old\n', { mode: 0o666 });
    chmodSync(writable, 0o666);
    expect((await shell(`ops observatory partnerships --format json --out '${writable}'`, env, nonRoot)).code).toBe(0);
    expect(readFileSync(writable, 'utf8')).not.toBe('old\n');
  }, 120_000);
});
