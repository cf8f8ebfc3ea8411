import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_FILE } from '@catalyse/auth';
import { PostgresEventStore } from '@catalyse/event-store-postgres';
import { freePort } from '@catalyse/test-servers';
import { ConfigError, loadConfig } from './config';
import { DataFolderBusyError } from './data-folder-lock';
import { describeStartFailure, describeStorage, reach, signingSecret, UnreachableError } from './startup';
import { hidePassword } from './urls';

describe('reach: a server the configuration names, opened', () => {
  it('names the variable and the server, hides the password, says the connection was refused, without a stack', async () => {
    const port = await freePort(); // nothing listens there
    const url = `postgres://catalyse:s3cr3t-pw@127.0.0.1:${port}/catalyse`;
    const failure = await reach('PostgreSQL', 'DATABASE_URL', url, () => PostgresEventStore.open({ connectionString: url })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnreachableError);
    const line = describeStartFailure(failure);
    expect(line).toBe(
      `could not open PostgreSQL at DATABASE_URL (postgres://catalyse:***@127.0.0.1:${port}/catalyse): connection refused (connect ECONNREFUSED 127.0.0.1:${port}): is the server running, on that host and port?`,
    );
    expect(line).not.toContain('s3cr3t-pw');
    expect(line).not.toMatch(/\n\s+at /);
  });

  it('reads the first of the addresses Node tried for localhost (an AggregateError without a message)', async () => {
    const port = await freePort();
    const url = `postgres://catalyse@localhost:${port}/catalyse`;
    const failure = await reach('PostgreSQL', 'DATABASE_URL', url, () => PostgresEventStore.open({ connectionString: url })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnreachableError);
    expect((failure as Error).message).toMatch(
      new RegExp(
        `^could not open PostgreSQL at DATABASE_URL \\(postgres://catalyse@localhost:${port}/catalyse\\): connection refused \\(connect ECONNREFUSED `,
      ),
    );
  });

  it('says a host that does not resolve', async () => {
    const url = 'postgres://catalyse@no-such-host.invalid:5432/catalyse';
    const failure = await reach('PostgreSQL', 'DATABASE_URL', url, () => PostgresEventStore.open({ connectionString: url })).catch((e: unknown) => e);
    expect((failure as Error).message).toContain('DATABASE_URL (postgres://catalyse@no-such-host.invalid:5432/catalyse): host not found');
  });

  it('keeps any other failure as it is, stack included: that one is a bug', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    await expect(reach('PostgreSQL', 'DATABASE_URL', 'postgres://x@h/db', () => Promise.reject(bug))).rejects.toBe(bug);
    expect(describeStartFailure(bug)).toBe(bug.stack);
    const denied = Object.assign(new Error('permission denied for schema catalyse'), { code: '42501' });
    await expect(reach('PostgreSQL', 'DATABASE_URL', 'postgres://x@h/db', () => Promise.reject(denied))).rejects.toThrow(
      'could not open PostgreSQL at DATABASE_URL (postgres://x@h/db): permission denied for schema catalyse',
    );
  });
});

describe('describeStartFailure', () => {
  it('says the configuration, the data folder in use, and a port taken in one line', async () => {
    expect(describeStartFailure(new ConfigError('JWT_SECRET must be at least 32 characters'))).toBe('JWT_SECRET must be at least 32 characters');
    expect(describeStartFailure(new DataFolderBusyError('/srv/data', 42))).toContain('/srv/data est déjà utilisé');

    const taken: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolveListen) => taken.listen(port, '127.0.0.1', resolveListen));
    const second = createServer();
    const failure = await new Promise<unknown>((resolveError) => {
      second.once('error', resolveError);
      second.listen(port, '127.0.0.1');
    });
    await new Promise((resolveClose) => taken.close(resolveClose));
    expect(describeStartFailure(failure)).toBe(
      `the port is already in use by another process: choose another with PORT (listen EADDRINUSE: address already in use 127.0.0.1:${port})`,
    );
  });
});

describe('describeStartFailure: the machine refuses, said with the variable to fix', () => {
  const listenFailure = (host: string): Promise<unknown> =>
    new Promise((resolveError) => {
      const server = createServer();
      server.once('error', resolveError);
      server.listen(0, host);
    });

  it('a HOST that is no address of this machine, or no name it resolves', async () => {
    expect(describeStartFailure(await listenFailure('10.99.99.99'))).toBe(
      'no network interface of this machine has that address: fix HOST (listen EADDRNOTAVAIL: address not available 10.99.99.99)',
    );
    expect(describeStartFailure(await listenFailure('nonsense.invalid'))).toMatch(
      /^HOST is not a name this machine can resolve \(getaddrinfo (ENOTFOUND|EAI_AGAIN) nonsense\.invalid\)$/,
    );
  });

  it('a data folder it cannot write', () => {
    let failure: unknown;
    try {
      writeFileSync('/proc/catalyse-secret', 'x');
    } catch (error) {
      failure = error;
    }
    expect(describeStartFailure(failure)).toMatch(
      /^cannot use the data folder: (ENOENT|EACCES|EPERM|EROFS)[^\n]*'\/proc\/catalyse-secret' \(check DATA_DIR: a folder this process may create and write\)$/,
    );
  });

  it('hides a password given in the query too', () => {
    expect(hidePassword('postgres://127.0.0.1:1/x?password=SECRETPW&sslmode=disable')).toBe('postgres://127.0.0.1:1/x?password=***&sslmode=disable');
  });
});

describe('signingSecret', () => {
  const dirs: string[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'catalyse-secret-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('is JWT_SECRET when set', () => {
    const secret = 'a-shared-secret-of-32-characters-or-more';
    expect(signingSecret(loadConfig({ DATA_DIR: dataDir(), JWT_SECRET: secret }))).toBe(secret);
    expect(signingSecret(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/catalyse', JWT_SECRET: secret }))).toBe(secret);
  });

  it('is generated into the data folder on the embedded default, the same at every start', () => {
    const dir = dataDir();
    const first = signingSecret(loadConfig({ DATA_DIR: dir }));
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dir, SECRET_FILE), 'utf8').trim()).toBe(first);
    expect(signingSecret(loadConfig({ DATA_DIR: dir }))).toBe(first);
  });

  it('is required on PostgreSQL and KurrentDB, where each service has a data folder of its own', () => {
    const dir = dataDir();
    expect(() => signingSecret(loadConfig({ DATA_DIR: dir, EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://db/catalyse' }))).toThrow(
      new ConfigError(
        'EVENT_STORE=postgres needs JWT_SECRET: the same secret of 32 characters or more in every service and the ops CLI (for example: openssl rand -base64 36), or each would refuse the tokens signed by another',
      ),
    );
    expect(() => signingSecret(loadConfig({ DATA_DIR: dir, EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://es:2113?tls=false' }))).toThrow(
      'EVENT_STORE=kurrentdb needs JWT_SECRET',
    );
    // Nothing was written into the folder.
    expect(() => readFileSync(join(dir, SECRET_FILE))).toThrow();
  });
});

describe('describeStorage and hidePassword', () => {
  it('names the data folder, or the server without its password', () => {
    expect(describeStorage(loadConfig({ DATA_DIR: '/srv/catalyse' }))).toBe('/srv/catalyse');
    expect(describeStorage(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://catalyse:pw@db:5432/catalyse' }))).toBe(
      'PostgreSQL postgres://catalyse:***@db:5432/catalyse',
    );
    expect(hidePassword('redis://:pw@cache:6379')).toBe('redis://:***@cache:6379');
    expect(hidePassword('http//ops:pw@host:1')).toBe('http//ops:***@host:1');
  });
});
