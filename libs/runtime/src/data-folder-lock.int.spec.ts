/**
 * The data folder lock: one owner at a time, a second one refused at once
 * with the owner's pid, and the lock gone the moment its process dies
 * (SIGKILL: no clean-up code runs), the dead run's lease holder handed on.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataFolderBusyError, type DataFolderLock, lockDataFolder } from './data-folder-lock';

jest.setTimeout(30_000);

const WORKSPACE = resolve(__dirname, '../../..');

/** Another process that takes the folder and keeps it until killed. */
function owner(dataDir: string, holder: string): { child: ChildProcess; locked: Promise<void>; exited: Promise<void> } {
  const script = `require(${JSON.stringify(join(__dirname, 'data-folder-lock.ts'))}).lockDataFolder(process.argv[1], process.argv[2]);
    process.stdout.write('locked\\n'); setInterval(() => undefined, 60000);`;
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script, dataDir, holder], {
    cwd: WORKSPACE,
    env: { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const locked = new Promise<void>((done, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()) && output.includes('locked') && done());
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`the owner exited (${code}) before locking: ${output}`)));
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return { child, locked, exited };
}

describe('lockDataFolder', () => {
  let dir: string;
  const locks: DataFolderLock[] = [];
  const children: ChildProcess[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'catalyse-folder-lock-'));
  });

  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const lock of locks.splice(0)) lock.release();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second owner while the first holds the folder, with its pid, in French', () => {
    const first = lockDataFolder(dir, 'run-1');
    locks.push(first);
    expect(first.deadHolders).toEqual([]);
    let refused: unknown;
    try {
      locks.push(lockDataFolder(dir, 'run-2'));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DataFolderBusyError);
    expect((refused as DataFolderBusyError).pid).toBe(process.pid);
    expect((refused as Error).message).toBe(
      `Le dossier de données ${dir} est déjà utilisé par un autre processus Catalyse (pid ${process.pid}). ` +
        'Arrêtez-le d’abord, ou donnez un autre dossier (DATA_DIR).',
    );

    // Given up: the next run takes it, and knows the first run's holder dead.
    first.release();
    const next = lockDataFolder(dir, 'run-3');
    locks.push(next);
    expect(next.deadHolders).toEqual(['run-1']);
  });

  it('is free the moment its owner is killed, and names the killed run’s holder dead', async () => {
    const killed = owner(dir, 'killed-run');
    children.push(killed.child);
    await killed.locked;
    expect(() => lockDataFolder(dir, 'too-early')).toThrow(DataFolderBusyError);
    expect(() => lockDataFolder(dir, 'too-early')).toThrow(`(pid ${killed.child.pid})`);

    killed.child.kill('SIGKILL');
    await killed.exited;
    const started = Date.now();
    const heir = lockDataFolder(dir, 'heir');
    locks.push(heir);
    expect(Date.now() - started).toBeLessThan(100); // no staleness delay: the kernel dropped the lock with the process
    expect(heir.deadHolders).toEqual(['killed-run']);
  });

  it('remembers the holders of a few earlier runs, newest first', () => {
    for (const run of ['run-1', 'run-2', 'run-3']) lockDataFolder(dir, run).release();
    const next = lockDataFolder(dir, 'run-4');
    locks.push(next);
    expect(next.deadHolders).toEqual(['run-3', 'run-2', 'run-1']);
  });
});
