/**
 * `ops` as the operator runs it, a process of its own (main.ts through `@swc-node/register`), its exit code and
 * output read from outside: `ops generate` run again with another seed says the streams diverge, in French (exit 1,
 * not an « erreur inattendue »); `ops token` without JWT_SECRET says when it creates the folder's secret, and refuses
 * a folder a running all-in-one owns without one (that service signs with its JWT_SECRET).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

jest.setTimeout(120_000);

const WORKSPACE = resolve(__dirname, '../../..');
const SECRET = 'un-secret-de-service-de-plus-de-32-caracteres';

interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/** The environment of a child: the test's, without the variables ops reads unless given. */
function childEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, SWC_NODE_PROJECT: join(WORKSPACE, 'tsconfig.base.json') };
  for (const name of ['DATA_DIR', 'JWT_SECRET', 'REDIS_URL', 'EVENT_STORE', 'DATABASE_URL', 'PORT', 'TIME_ZONE']) delete base[name];
  return { ...base, ...env };
}

/** Runs `ops …` in a process of its own, to its end. */
function ops(args: readonly string[], env: Readonly<Record<string, string>>): Promise<Run> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(WORKSPACE, 'apps/ops/src/main.ts'), ...args], {
    cwd: WORKSPACE,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((done) => child.once('close', (code) => done({ code, out, err })));
}

describe('ops, a process of its own', () => {
  let root: string;
  const children: ChildProcess[] = [];

  beforeAll(() => (root = mkdtempSync(join(tmpdir(), 'catalyse-ops-process-'))));
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('generate run again with another seed reports the streams diverged, in French, exit 1, and writes nothing', async () => {
    const dataDir = join(root, 'generated');
    mkdirSync(dataDir);
    const first = await ops(['generate', '--partnerships', '200', '--seed', '11'], { DATA_DIR: dataDir });
    expect(first).toMatchObject({ code: 0 });

    const other = await ops(['generate', '--partnerships', '200', '--seed', '12', '--format', 'json'], { DATA_DIR: dataDir });
    expect(other.err).not.toContain('erreur inattendue');
    expect(other.code).toBe(1);
    const report = JSON.parse(other.out) as { applied: number; diverged: { stream: string; reason: string }[] };
    expect(report.applied).toBe(0);
    expect(report.diverged.length).toBeGreaterThan(0);
    for (const { reason } of report.diverged) expect(reason).toMatch(/^(son événement \d+ |sa commande \d+ |il contient )/);

    const text = await ops(['generate', '--partnerships', '200', '--seed', '12'], { DATA_DIR: dataDir });
    expect(text.code).toBe(1);
    expect(text.out).toContain(`${report.diverged.length} flux divergent de ce qui est déjà enregistré (code de sortie 1) :`);
    expect(text.err).not.toContain('erreur inattendue');

    // The first seed's history is whole: run again, it has nothing to write.
    const again = await ops(['generate', '--partnerships', '200', '--seed', '11'], { DATA_DIR: dataDir });
    expect(again.code).toBe(0);
    expect(again.out).toContain('(rien à écrire)');
  });

  it('token says when it creates the folder’s secret, and only then', async () => {
    const dataDir = join(root, 'new');
    mkdirSync(dataDir);
    const first = await ops(['token', '--sub', 'op-1', '--role', 'operator'], { DATA_DIR: dataDir });
    expect(first.code).toBe(0);
    expect(first.err).toContain(
      `ops : nouveau secret de signature créé dans ${join(dataDir, 'jwt-secret')} ; ce jeton est signé avec lui : un service démarré avec JWT_SECRET le refusera, donnez alors à ops le même JWT_SECRET\n`,
    );
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(true);

    const second = await ops(['token', '--sub', 'op-1', '--role', 'operator'], { DATA_DIR: dataDir });
    expect(second.code).toBe(0);
    expect(second.err).not.toContain('secret');
  });

  it('token refuses a folder a running service owns without a secret file: it signs with its JWT_SECRET, which ops needs', async () => {
    const dataDir = join(root, 'served');
    const service = spawn(process.execPath, ['-r', '@swc-node/register', join(WORKSPACE, 'apps/all-in-one/src/main.ts')], {
      cwd: WORKSPACE,
      env: childEnv({ DATA_DIR: dataDir, JWT_SECRET: SECRET, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(service);
    let said = '';
    const url = await new Promise<string>((done, fail) => {
      service.stdout.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        const found = /en service sur (http:\/\/\S+)/.exec(said);
        if (found?.[1]) done(found[1]);
      });
      service.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
      service.once('exit', (code) => fail(new Error(`the all-in-one exited (${code}): ${said}`)));
    });
    const status = async (token: string): Promise<number> =>
      (await fetch(`${url}/api/catalyseurs`, { headers: { authorization: `Bearer ${token.trim()}` } })).status;

    const refused = await ops(['token', '--sub', 'op-1', '--role', 'operator'], { DATA_DIR: dataDir });
    expect(refused).toEqual({
      code: 1,
      out: '',
      err:
        `ops : le dossier de données ${dataDir} est utilisé par un service Catalyse en marche (pid ${service.pid}) et n’a pas de secret jwt-secret : ` +
        'ce service signe avec le JWT_SECRET de son démarrage, donnez le même JWT_SECRET à ops (un nouveau secret créé ici signerait un jeton qu’il refuserait)\n',
    });
    expect(existsSync(join(dataDir, 'jwt-secret'))).toBe(false);

    // With the service's secret, the token is one it accepts.
    const given = await ops(['token', '--sub', 'op-1', '--role', 'operator'], { DATA_DIR: dataDir, JWT_SECRET: SECRET });
    expect(given.code).toBe(0);
    expect(given.err).not.toContain('secret');
    expect(await status(given.out)).toBe(200);
  });
});
