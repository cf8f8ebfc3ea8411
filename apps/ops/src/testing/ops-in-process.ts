import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFailure } from '../french-output';
import { buildProgram } from '../program';

/** What an `ops` command printed, and its exit code. */
export interface OpsRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export interface OpsInProcessOptions {
  /** Variables set for the command only (the process's own are put back after it). */
  readonly env?: Readonly<Record<string, string>>;
  /** Told of stderr as it grows (e.g. to send a signal once a command says it started). */
  readonly onErr?: (err: string) => void;
}

/**
 * Runs `ops …` as main.ts does, in this process (its program, its refusals' French words, its exit code), stdout and
 * stderr captured: what the specs of the commands share.
 */
export async function opsInProcess(args: readonly string[], options: OpsInProcessOptions = {}): Promise<OpsRun> {
  let out = '';
  let err = '';
  const env = options.env ?? {};
  const before = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    options.onErr?.(err);
    return true;
  });
  process.exitCode = 0;
  try {
    await buildProgram((p) => p.exitOverride()).parseAsync([...args], { from: 'user' });
  } catch (error) {
    reportFailure(error);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out, err };
}

/** A temporary folder and, inside it, the `DATA_DIR` the commands of a spec share. */
export interface DemoFolder {
  /** The temporary folder (for files a spec writes beside the data). */
  readonly root: string;
  /** Its `data` folder, given to the commands as `DATA_DIR`. */
  readonly dataDir: string;
}

/**
 * For a spec of `ops` commands on the demo network: before its tests, a temporary `DATA_DIR` (the environment's own
 * stores, secret and zone set aside) with the demo loaded and its read models rebuilt (no projector runs here); after
 * them, the environment put back and the folder removed. The fields are read once the tests run.
 */
export function useDemoFolder(prefix: string): DemoFolder {
  const names = ['DATA_DIR', 'JWT_SECRET', 'REDIS_URL', 'EVENT_STORE', 'TIME_ZONE'];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  const folder = { root: '', dataDir: '' };
  beforeAll(async () => {
    folder.root = mkdtempSync(join(tmpdir(), prefix));
    folder.dataDir = join(folder.root, 'data');
    mkdirSync(folder.dataDir);
    for (const name of names) delete process.env[name];
    process.env['DATA_DIR'] = folder.dataDir;
    expect((await opsInProcess(['demo'])).code).toBe(0);
    expect((await opsInProcess(['rebuild'])).code).toBe(0);
  }, 120_000);
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(folder.root, { recursive: true, force: true });
  });
  return folder;
}
