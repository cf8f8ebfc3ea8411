import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSecret, TokenService } from '@catalyse/auth';
import { buildProgram } from './program';

/**
 * `ops token --link`: the console's sign-in link. Without an address it is
 * `http://localhost:$PORT` (the PORT of the ops process, 3000 by default); with
 * one (`--link <url>`), that address: a server on another port or host.
 */
describe('ops token --link', () => {
  let dataDir: string;
  const saved = { DATA_DIR: process.env['DATA_DIR'], PORT: process.env['PORT'], JWT_SECRET: process.env['JWT_SECRET'] };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-ops-token-'));
    process.env['DATA_DIR'] = dataDir;
    delete process.env['PORT'];
    delete process.env['JWT_SECRET'];
  });

  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Runs `ops token …` and answers what it printed on stdout. */
  function token(...args: string[]): string {
    let out = '';
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += String(chunk);
      return true;
    });
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      buildProgram((p) => p.exitOverride()).parse(['token', '--sub', 'op-1', '--role', 'operator', ...args], { from: 'user' });
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    return out;
  }

  const signedBy = async (jwt: string): Promise<unknown> => new TokenService(loadOrCreateSecret(dataDir, undefined)).verify(jwt);

  it('links to the address it is given, without its trailing slash', async () => {
    const out = token('--link', 'http://192.168.1.20:8080/');
    expect(out).toMatch(/^http:\/\/192\.168\.1\.20:8080\/#token=\S+\n$/);
    const jwt = out.trim().split('#token=')[1] ?? '';
    await expect(signedBy(jwt)).resolves.toEqual({ sub: 'op-1', role: 'operator' });
  });

  it('links to http://localhost:$PORT without an address (3000 when PORT is not set)', async () => {
    for (const [port, expected] of [
      [undefined, 3000],
      ['4100', 4100],
    ] as const) {
      if (port !== undefined) process.env['PORT'] = port;
      const out = token('--link');
      expect(out).toMatch(new RegExp(`^http://localhost:${expected}/#token=\\S+\\n$`));
      // The link signs its reader in: the token in it is one this data folder's secret verifies.
      await expect(signedBy(out.trim().split('#token=')[1] ?? '')).resolves.toEqual({ sub: 'op-1', role: 'operator' });
    }
  });

  it('prints the bare token without --link', async () => {
    const out = token();
    expect(out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    await expect(signedBy(out.trim())).resolves.toEqual({ sub: 'op-1', role: 'operator' });
  });
});
