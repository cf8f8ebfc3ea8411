import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { aptInstallCommand, ensureAptTool } from './apt-tool';
import { freePort } from './free-port';

/** The exact command that installs what `startRedis` needs. */
export const REDIS_INSTALL_COMMAND = aptInstallCommand('redis-server');

export interface RunningRedis {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGKILL when `abruptly`, as a crash would). Idempotent. */
  stop(options?: { abruptly?: boolean }): Promise<void>;
  /** Starts it again on the same port (after `stop`), empty: it keeps nothing on disk. */
  restart(): Promise<void>;
}

/**
 * A throwaway `redis-server` on a free loopback port, keeping nothing on disk
 * (docs/architecture.md §8). When `redis-server` is missing it is installed with apt if we
 * are root; otherwise the error names the exact command to run.
 */
export async function startRedis(): Promise<RunningRedis> {
  const binary = await ensureRedisServer();
  const port = await freePort();
  let child = await launch(binary, port);
  const stop = async ({ abruptly = false } = {}): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(abruptly ? 'SIGKILL' : 'SIGTERM');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    restart: async () => {
      await stop();
      child = await launch(binary, port);
    },
  };
}

async function launch(binary: string, port: number): Promise<ReturnType<typeof spawn>> {
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not answer on port ${port} within 10 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

/** One RESP `PING` over a raw socket: true on `+PONG`. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Path of `redis-server`, installing it once per process when missing and allowed. */
export const ensureRedisServer = (): Promise<string> => ensureAptTool('redis-server');
