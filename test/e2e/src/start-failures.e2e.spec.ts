/**
 * A service that cannot start says why in one line an operator can act on,
 * naming the variable to fix, and exits 1: the built apps, started as an
 * operator starts them, with the configurations met when scaling out.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { freePort, REPO_ROOT, tempDataDir } from '@catalyse/testing';

const SECRET = 'a-shared-secret-for-the-start-failures-0123456789';

/** Starts `dist/apps/{app}` with `env` and waits for it to end (10 s at most). */
function start(app: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'apps', app, 'src', 'main.js')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${app} still running after 10 s:\n${stdout}${stderr}`));
    }, 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

describe('a service that cannot start', () => {
  const data = tempDataDir();
  afterAll(() => data.remove());

  it.each(['api', 'projector', 'hub'])('%s: an unreachable DATABASE_URL is named, its password hidden, in one line', async (app) => {
    const port = await freePort(); // nothing listens there
    const run = await start(app, {
      PORT: String(await freePort()),
      DATA_DIR: join(data.dir, app),
      EVENT_STORE: 'postgres',
      DATABASE_URL: `postgres://catalyse:hunter2-password@127.0.0.1:${port}/catalyse`,
      JWT_SECRET: SECRET,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `catalyse ${app} : échec du démarrage : impossible d’ouvrir PostgreSQL désigné par DATABASE_URL (postgres://catalyse:***@127.0.0.1:${port}/catalyse) : ` +
        `connexion refusée (connect ECONNREFUSED 127.0.0.1:${port}) : le serveur est-il démarré, sur cet hôte et ce port ?\n`,
    );
    expect(run.stdout).not.toContain('hunter2');
  });

  it('on PostgreSQL, refuses to start without JWT_SECRET, before opening anything', async () => {
    const run = await start('api', {
      PORT: String(await freePort()),
      DATA_DIR: join(data.dir, 'no-secret'),
      EVENT_STORE: 'postgres',
      DATABASE_URL: `postgres://catalyse@127.0.0.1:${await freePort()}/catalyse`,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'catalyse api : échec du démarrage : EVENT_STORE=postgres demande JWT_SECRET : le même secret de 32 caractères ou plus dans chaque service ' +
        'et dans la CLI ops (par exemple : openssl rand -base64 36), sans quoi chacun refuserait les jetons signés par un autre\n',
    );
  });

  it('refuses a JWT_SECRET too short to sign with', async () => {
    const run = await start('all-in-one', { PORT: String(await freePort()), DATA_DIR: join(data.dir, 'short'), JWT_SECRET: 'changeme' });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'catalyse all-in-one : échec du démarrage : JWT_SECRET doit faire au moins 32 caractères (par exemple : openssl rand -base64 36)\n',
    );
  });

  it('refuses a malformed PORT, naming it and what it got', async () => {
    const run = await start('hub', { PORT: 'abc', DATA_DIR: join(data.dir, 'bad-port') });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('catalyse hub : échec du démarrage : PORT doit être un entier entre 0 et 65535 (reçu : abc)\n');
    expect(run.stdout).toBe('');
  });

  it('refuses a data folder whose secret file was cut short, in French and without a stack', async () => {
    const dir = join(data.dir, 'short-secret');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'jwt-secret'), 'short\n');
    const run = await start('all-in-one', { PORT: String(await freePort()), DATA_DIR: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `catalyse all-in-one : échec du démarrage : le secret du dossier de données ${join(dir, 'jwt-secret')} fait moins de 32 caractères : ` +
        'remplacez-le (par exemple : openssl rand -base64 36), ou supprimez-le pour qu’un nouveau soit créé au démarrage ' +
        '(les jetons déjà émis seront refusés), ou donnez JWT_SECRET\n',
    );
  });

  it('says a port already taken, and names PORT', async () => {
    const taken: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolveListen) => taken.listen(port, '127.0.0.1', resolveListen));
    try {
      const run = await start('all-in-one', { PORT: String(port), DATA_DIR: join(data.dir, 'port') });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `catalyse all-in-one : échec du démarrage : le port est déjà pris par un autre processus : choisissez-en un autre avec PORT (listen EADDRINUSE: address already in use 127.0.0.1:${port})\n`,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      // The start-up logs before it (modules initialised, routes mapped) are not printed: the one line is the news.
      expect(run.stdout).toBe('');
    } finally {
      await new Promise((resolveClose) => taken.close(resolveClose));
    }
  });
});

describe('a service that starts', () => {
  const data = tempDataDir();
  afterAll(() => data.remove());

  it('on PORT=0, says the port the system gave it, in French, with a sign-in link that works there', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'apps', 'all-in-one', 'src', 'main.js')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOST: '127.0.0.1', PORT: '0', DATA_DIR: data.dir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const deadline = Date.now() + 20_000;
      while (!/en service sur http:\/\/127\.0\.0\.1:\d+/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const port = Number(/en service sur http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]);
      expect(port).toBeGreaterThan(0);
      expect(stdout).toContain(`--link http://127.0.0.1:${port})`);
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      // With its request logging on every path: a path the api does not serve is a 404 whatever the method, one it
      // serves asked with another method a 405 naming its own methods only.
      for (const method of ['GET', 'PUT', 'OPTIONS']) {
        const unknown = await fetch(`http://127.0.0.1:${port}/api/nope`, { method });
        expect([method, unknown.status, unknown.headers.get('allow')]).toEqual([method, 404, null]);
      }
      const put = await fetch(`http://127.0.0.1:${port}/api/partnerships`, { method: 'PUT' });
      expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS, POST']);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolveExit) => child.once('exit', resolveExit));
    }
  });
});
