import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SECRET_FILE } from '@catalyse/auth';
import { PostgresEventStore } from '@catalyse/event-store-postgres';
import { freePort } from '@catalyse/test-servers';
import { ConfigError, loadConfig } from './config';
import { DataFolderBusyError } from './data-folder-lock';
import { required } from './open-event-store';
import { openProjectionStore } from './open-read-models';
import { describeStartFailure, describeStorage, reach, runService, signingSecret, UnreachableError } from './startup';
import { hidePassword } from './urls';

describe('reach: a server the configuration names, opened', () => {
  it('names the variable and the server, hides the password, says the connection was refused, without a stack', async () => {
    const port = await freePort(); // nothing listens there
    const url = `postgres://catalyse:s3cr3t-pw@127.0.0.1:${port}/catalyse`;
    const failure = await reach('PostgreSQL', 'DATABASE_URL', url, () => PostgresEventStore.open({ connectionString: url })).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnreachableError);
    const line = describeStartFailure(failure);
    expect(line).toBe(
      `impossible d’ouvrir PostgreSQL désigné par DATABASE_URL (postgres://catalyse:***@127.0.0.1:${port}/catalyse) : ` +
        `connexion refusée (connect ECONNREFUSED 127.0.0.1:${port}) : le serveur est-il démarré, sur cet hôte et ce port ?`,
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
        `^impossible d’ouvrir PostgreSQL désigné par DATABASE_URL \\(postgres://catalyse@localhost:${port}/catalyse\\) : connexion refusée \\(connect ECONNREFUSED `,
      ),
    );
  });

  it('says a host that does not resolve', async () => {
    const url = 'postgres://catalyse@no-such-host.invalid:5432/catalyse';
    const failure = await reach('PostgreSQL', 'DATABASE_URL', url, () => PostgresEventStore.open({ connectionString: url })).catch((e: unknown) => e);
    expect((failure as Error).message).toMatch(
      /^impossible d’ouvrir PostgreSQL désigné par DATABASE_URL \(postgres:\/\/catalyse@no-such-host\.invalid:5432\/catalyse\) : hôte introuvable \(getaddrinfo (ENOTFOUND|EAI_AGAIN) no-such-host\.invalid\)$/,
    );
  });

  it('keeps any other failure as it is, stack included: that one is a bug', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    await expect(reach('PostgreSQL', 'DATABASE_URL', 'postgres://x@h/db', () => Promise.reject(bug))).rejects.toBe(bug);
    expect(describeStartFailure(bug)).toBe(bug.stack);
    const denied = Object.assign(new Error('permission denied for schema catalyse'), { code: '42501' });
    await expect(reach('PostgreSQL', 'DATABASE_URL', 'postgres://x@h/db', () => Promise.reject(denied))).rejects.toHaveProperty(
      'message',
      'impossible d’ouvrir PostgreSQL désigné par DATABASE_URL (postgres://x@h/db) : droits insuffisants (permission denied for schema catalyse)',
    );
  });

  it.each([
    ['ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.9:5432', 'pas de réponse (connect ETIMEDOUT 10.0.0.9:5432)'],
    ['EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.9:5432', 'pas de réponse (connect EHOSTUNREACH 10.0.0.9:5432)'],
    ['ECONNRESET', 'read ECONNRESET', 'connexion coupée par le serveur (read ECONNRESET)'],
    ['28P01', 'password authentication failed for user "catalyse"', 'authentification refusée (password authentication failed for user "catalyse")'],
    ['3D000', 'database "catalyse" does not exist', 'base de données inexistante (database "catalyse" does not exist)'],
    ['57P03', 'the database system is starting up', 'le serveur est en train de démarrer (the database system is starting up)'],
    ['53300', 'sorry, too many clients already', 'le serveur manque de ressources (sorry, too many clients already)'],
    ['08006', 'connection failure', 'échec de la connexion (connection failure)'],
    [undefined, 'Connection terminated unexpectedly', 'échec de la connexion (Connection terminated unexpectedly)'],
  ])('says why, in French, with the server’s own words in parentheses (%s)', async (code, said, reason) => {
    const error = Object.assign(new Error(said), code === undefined ? {} : { code });
    const failure = await reach('PostgreSQL', 'DATABASE_URL', 'postgres://catalyse:pw@db:5432/catalyse', () => Promise.reject(error)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnreachableError);
    expect(describeStartFailure(failure)).toBe(
      `impossible d’ouvrir PostgreSQL désigné par DATABASE_URL (postgres://catalyse:***@db:5432/catalyse) : ${reason}`,
    );
  });
});

describe('describeStartFailure', () => {
  it('says the configuration, the data folder in use, and a port taken in one line', async () => {
    const short = new ConfigError('JWT_SECRET doit faire au moins 32 caractères (par exemple : openssl rand -base64 36)');
    expect(describeStartFailure(short)).toBe('JWT_SECRET doit faire au moins 32 caractères (par exemple : openssl rand -base64 36)');
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
      `le port est déjà pris par un autre processus : choisissez-en un autre avec PORT (listen EADDRINUSE: address already in use 127.0.0.1:${port})`,
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
      'aucune interface réseau de cette machine n’a cette adresse : corrigez HOST (listen EADDRNOTAVAIL: address not available 10.99.99.99)',
    );
    expect(describeStartFailure(await listenFailure('nonsense.invalid'))).toMatch(
      /^HOST n’est pas un nom que cette machine sait résoudre \(getaddrinfo (ENOTFOUND|EAI_AGAIN) nonsense\.invalid\)$/,
    );
  });

  it('a port this process may not listen on', () => {
    // As Node raises it for a port below 1024 without the privilege (not met here when the tests run as root).
    const denied = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES', syscall: 'listen', address: '0.0.0.0', port: 80 });
    expect(describeStartFailure(denied)).toBe(
      'ce processus n’a pas le droit d’écouter sur ce port : choisissez-en un autre avec PORT (listen EACCES: permission denied 0.0.0.0:80)',
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
      /^impossible d’utiliser le dossier de données : (ENOENT|EACCES|EPERM|EROFS)[^\n]*'\/proc\/catalyse-secret' \(vérifiez DATA_DIR : un dossier que ce processus peut créer et où il peut écrire\)$/,
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
        'EVENT_STORE=postgres demande JWT_SECRET : le même secret de 32 caractères ou plus dans chaque service et dans la CLI ops ' +
          '(par exemple : openssl rand -base64 36), sans quoi chacun refuserait les jetons signés par un autre',
      ),
    );
    expect(() => signingSecret(loadConfig({ DATA_DIR: dir, EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://es:2113?tls=false' }))).toThrow(
      new ConfigError(
        'EVENT_STORE=kurrentdb demande JWT_SECRET : le même secret de 32 caractères ou plus dans chaque service et dans la CLI ops ' +
          '(par exemple : openssl rand -base64 36), sans quoi chacun refuserait les jetons signés par un autre',
      ),
    );
    // Nothing was written into the folder.
    expect(() => readFileSync(join(dir, SECRET_FILE))).toThrow();
  });

  it('refuses, in French, a data folder whose secret file was cut short or emptied, rather than the token service in English', () => {
    for (const content of ['', 'short\n']) {
      const dir = dataDir();
      writeFileSync(join(dir, SECRET_FILE), content);
      expect(() => signingSecret(loadConfig({ DATA_DIR: dir }))).toThrow(
        new ConfigError(
          `le secret du dossier de données ${join(dir, SECRET_FILE)} fait moins de 32 caractères : remplacez-le (par exemple : openssl rand -base64 36), ` +
            'ou supprimez-le pour qu’un nouveau soit créé au démarrage (les jetons déjà émis seront refusés), ou donnez JWT_SECRET',
        ),
      );
    }
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

describe('runService: a start that fails, said in one French line', () => {
  /** What `runService` writes and the code it exits with when `start` fails with `error`. */
  async function failedStart(service: string, error: unknown): Promise<{ stderr: string; code: unknown }> {
    let stderr = '';
    let code: unknown;
    const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    });
    const exit = jest.spyOn(process, 'exit').mockImplementation(((exitCode?: number) => {
      code = exitCode;
    }) as typeof process.exit);
    try {
      runService(service, () => Promise.reject(error));
      await new Promise((resolveTick) => setImmediate(resolveTick));
    } finally {
      write.mockRestore();
      exit.mockRestore();
    }
    return { stderr, code };
  }

  it('names the service, says « échec du démarrage » and why, and exits 1', async () => {
    expect(await failedStart('all-in-one', new ConfigError('PORT doit être un entier entre 0 et 65535 (reçu : abc)'))).toEqual({
      stderr: 'catalyse all-in-one : échec du démarrage : PORT doit être un entier entre 0 et 65535 (reçu : abc)\n',
      code: 1,
    });
    const taken = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3000'), { code: 'EADDRINUSE', syscall: 'listen' });
    expect(await failedStart('hub', taken)).toEqual({
      stderr:
        'catalyse hub : échec du démarrage : le port est déjà pris par un autre processus : choisissez-en un autre avec PORT ' +
        '(listen EADDRINUSE: address already in use 127.0.0.1:3000)\n',
      code: 1,
    });
  });

  it('says the data folder in use on its own', async () => {
    expect(await failedStart('all-in-one', new DataFolderBusyError('/srv/data', 42))).toEqual({
      stderr:
        'catalyse : Le dossier de données /srv/data est déjà utilisé par un autre processus Catalyse (pid 42). ' +
        'Arrêtez-le d’abord, ou donnez un autre dossier (DATA_DIR).\n',
      code: 1,
    });
  });
});

describe('the configuration the openings refuse, in French', () => {
  it('a URL the configuration needs and lacks', () => {
    expect(() => required(undefined, 'DATABASE_URL')).toThrow(new ConfigError('cette configuration demande DATABASE_URL'));
    expect(required('postgres://db/catalyse', 'DATABASE_URL')).toBe('postgres://db/catalyse');
  });

  it('read models without DATABASE_URL, on KurrentDB', async () => {
    const config = loadConfig({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://es:2113?tls=false' });
    await expect(openProjectionStore(config, 'read')).rejects.toThrow(
      new ConfigError(
        'EVENT_STORE=kurrentdb demande DATABASE_URL pour les modèles de lecture : les services répartis sur plusieurs processus doivent les partager',
      ),
    );
  });
});
