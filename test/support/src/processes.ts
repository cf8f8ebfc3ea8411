import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@catalyse/test-servers';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const DIST = join(REPO_ROOT, 'dist', 'apps');

export function tempDataDir(prefix = 'catalyse-e2e-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, no goodbye. */
  kill(): Promise<void>;
}

/**
 * Starts a built app (`dist/apps/{app}/src/main.js`) as a child process on a
 * free loopback port and waits until `/api/health` answers (or the process says
 * it listens, for apps without HTTP).
 */
export async function startService(
  app: 'all-in-one' | 'api' | 'hub' | 'projector',
  options: { dataDir: string; port?: number; env?: Record<string, string> },
): Promise<RunningService> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [join(DIST, app, 'src', 'main.js')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: options.dataDir, LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode} before it was ready:\n${output}`);
    if (app === 'projector' ? /en service/.test(output) : await healthy(url)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${app} did not become ready in 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
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

/** Mints a token with the real operator CLI (`ops token`), as a user would. */
export async function mintToken(dataDir: string, principal: { sub: string; role: string; org?: string }, env: Record<string, string> = {}): Promise<string> {
  const args = [join(DIST, 'ops', 'src', 'main.js'), 'token', '--sub', principal.sub, '--role', principal.role];
  if (principal.org) args.push('--org', principal.org);
  const { stdout } = await promisify(execFile)(process.execPath, args, { env: { ...process.env, DATA_DIR: dataDir, ...env }, cwd: REPO_ROOT });
  const lines = stdout.trim().split('\n');
  const token = lines[lines.length - 1];
  if (!token) throw new Error('ops token printed nothing');
  return token;
}

/** Runs the operator CLI (`dist/apps/ops`) with a configuration; resolves with its output and exit code. */
export async function runOps(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      [join(DIST, 'ops', 'src', 'main.js'), ...args],
      { env: { ...process.env, ...env }, cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
        resolveRun({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}
