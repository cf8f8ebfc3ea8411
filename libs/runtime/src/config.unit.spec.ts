import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs embedded with nothing set', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: resolve('./data'),
      eventStore: 'sqlite',
      sqliteSynchronous: 'FULL',
      logLevel: 'info',
      pollIntervalMs: 50,
      httpRateLimitPerMinute: 6000,
      hub: {
        postsPerSecond: 20,
        connectionsPerMinute: 120,
        maxSocketsPerPerson: 20,
        maxRoomsPerSocket: 100,
        maxBufferedBytes: 8 * 1024 * 1024,
        maxBufferedBytesPerPerson: 16 * 1024 * 1024,
      },
      projectorLeaseMs: 10_000,
      timeZone: 'Europe/Paris',
      reminderWindowDays: 7,
      reminderScanMs: 900_000,
      corsOrigins: [],
    });
  });

  it('reads every variable', () => {
    const metricsToken = 'a-scrape-token-of-32-characters-!';
    const config = loadConfig({
      PORT: '4100',
      DATA_DIR: '/tmp/x',
      SQLITE_SYNCHRONOUS: 'normal',
      JWT_SECRET: 'a-signing-secret-of-32-characters!',
      LOG_LEVEL: 'warn',
      METRICS_TOKEN: metricsToken,
    });
    expect(config).toMatchObject({
      port: 4100,
      dataDir: '/tmp/x',
      sqliteSynchronous: 'NORMAL',
      jwtSecret: 'a-signing-secret-of-32-characters!',
      logLevel: 'warn',
      metricsToken,
    });
  });

  it('reads the hub’s bounds, named as the hub module takes them, and refuses one out of its range in French', () => {
    expect(
      loadConfig({
        HUB_POSTS_PER_SECOND: '5',
        HUB_CONNECTIONS_PER_MINUTE: '30',
        HUB_SOCKETS_PER_PERSON: '3',
        HUB_ROOMS_PER_SOCKET: '10',
        HUB_BUFFERED_BYTES_PER_SOCKET: String(4 * 1024 * 1024),
        HUB_BUFFERED_BYTES_PER_PERSON: String(64 * 1024 * 1024),
      }).hub,
    ).toEqual({
      postsPerSecond: 5,
      connectionsPerMinute: 30,
      maxSocketsPerPerson: 3,
      maxRoomsPerSocket: 10,
      maxBufferedBytes: 4 * 1024 * 1024,
      maxBufferedBytesPerPerson: 64 * 1024 * 1024,
    });
    expect(() => loadConfig({ HUB_SOCKETS_PER_PERSON: '0' })).toThrow(
      new ConfigError('HUB_SOCKETS_PER_PERSON doit être un entier entre 1 et 10000 (reçu : 0)'),
    );
    expect(() => loadConfig({ HUB_ROOMS_PER_SOCKET: 'beaucoup' })).toThrow(/^HUB_ROOMS_PER_SOCKET doit être un entier/);
    // Digits only: 1e3, 0x10 or 0b11 are no counts an operator writes.
    for (const raw of ['1e3', '0x10', '0b11', '1.0', ' ']) {
      expect(() => loadConfig({ HUB_SOCKETS_PER_PERSON: raw })).toThrow(/^HUB_SOCKETS_PER_PERSON doit être un entier entre 1 et 10000/);
    }
    expect(() => loadConfig({ HUB_POSTS_PER_SECOND: '0x10' })).toThrow(/^HUB_POSTS_PER_SECOND doit être un entier/);
    // A person's bound is at least one socket's.
    expect(() => loadConfig({ HUB_BUFFERED_BYTES_PER_PERSON: String(4 * 1024 * 1024) })).toThrow(
      new ConfigError('HUB_BUFFERED_BYTES_PER_PERSON (4194304) doit valoir au moins HUB_BUFFERED_BYTES_PER_SOCKET (8388608)'),
    );
    // Below a catch-up page of long messages, a client reading at its pace would be dropped mid-page.
    expect(() => loadConfig({ HUB_BUFFERED_BYTES_PER_SOCKET: '65536' })).toThrow(/^HUB_BUFFERED_BYTES_PER_SOCKET doit être un entier entre 4194304 et/);
  });

  it('reads an empty DATA_DIR as the default ./data, not the current folder', () => {
    expect(loadConfig({ DATA_DIR: '' }).dataDir).toBe(resolve('./data'));
    expect(loadConfig({ DATA_DIR: '  ' }).dataDir).toBe(resolve('./data'));
  });

  it('reads CORS_ORIGINS as a list of bare origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://console.example.org, http://localhost:5173' }).corsOrigins).toEqual([
      'https://console.example.org',
      'http://localhost:5173',
    ]);
  });

  it("reads HUB_URL as the hubs' public origin, unset by default", () => {
    expect(loadConfig({}).hubUrl).toBeUndefined();
    expect(loadConfig({ HUB_URL: '' }).hubUrl).toBeUndefined();
    expect(loadConfig({ HUB_URL: 'https://hub.example.org' }).hubUrl).toBe('https://hub.example.org');
    expect(loadConfig({ HUB_URL: 'http://10.0.0.7:3002/' }).hubUrl).toBe('http://10.0.0.7:3002');
    expect(loadConfig({ HUB_URL: 'HTTPS://Hub.Example.org:443' }).hubUrl).toBe('https://hub.example.org');
  });

  it('never repeats a password it refuses', () => {
    expect(() => loadConfig({ HUB_URL: 'http://u:s3cret@hub:3000' })).toThrow('reçu : http://u:***@hub:3000');
    expect(() => loadConfig({ HUB_URL: 'http://u:s3cret@hub:3000' })).not.toThrow(/s3cret/);
  });

  it('reads TRUST_PROXY as Express expects it', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(() => loadConfig({ TRUST_PROXY: '$(rm -rf)' })).toThrow('TRUST_PROXY doit valoir');
    expect(loadConfig({ TRUST_PROXY: '::1, fd00::/8, 10.0.0.0/255.0.0.0, 192.168.1.7' }).trustProxy).toBe('::1, fd00::/8, 10.0.0.0/255.0.0.0, 192.168.1.7');
    // What Express would refuse at the first request: refused at start.
    for (const bad of ['maybe', '10.0.0.0/33', '300.1.1.1', 'loopback,,', '10.0.0.1/8/8'])
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow('TRUST_PROXY doit valoir');
  });

  it('chooses the scaled-out engines from the environment alone', () => {
    expect(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'postgres://catalyse:secret@db:5432/catalyse', REDIS_URL: 'redis://cache:6379' })).toMatchObject(
      { eventStore: 'postgres', databaseUrl: 'postgres://catalyse:secret@db:5432/catalyse', redisUrl: 'redis://cache:6379' },
    );
    expect(loadConfig({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://es:2113?tls=false' })).toMatchObject({
      eventStore: 'kurrentdb',
      kurrentdbUrl: 'kurrentdb://es:2113?tls=false',
    });
    expect(loadConfig({ EVENT_STORE: '' }).eventStore).toBe('sqlite');
  });

  const HUB_URL_REFUSED = 'HUB_URL doit être une origine http(s) telle que https://hub.example.org (schéma, hôte et port, sans chemin) ; reçu : ';
  const CORS_REFUSED = 'CORS_ORIGINS doit lister des origines telles que https://console.example.org (schéma, hôte et port, sans chemin) ; reçu : ';
  const TRUST_PROXY_REFUSED =
    'TRUST_PROXY doit valoir true, false, un nombre de proxys traversés, ou des adresses et sous-réseaux (par exemple : loopback, 10.0.0.0/8) ; reçu : ';

  it.each([
    [{ PORT: 'abc' }, 'PORT doit être un entier entre 0 et 65535 (reçu : abc)'],
    [{ PORT: '70000' }, 'PORT doit être un entier entre 0 et 65535 (reçu : 70000)'],
    [{ EVENT_STORE: 'mongodb' }, 'EVENT_STORE=mongodb n’est pas un moteur que Catalyse connaît : choisissez sqlite, postgres ou kurrentdb'],
    [{ EVENT_STORE: 'postgres' }, 'EVENT_STORE=postgres demande DATABASE_URL (postgres://user:password@host:5432/db)'],
    [{ EVENT_STORE: 'kurrentdb' }, 'EVENT_STORE=kurrentdb demande KURRENTDB_URL (kurrentdb://host:2113?tls=false)'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL doit commencer par postgres:// ou postgresql:// (reçu : mysql://…)'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL n’est pas une URL (attendu : redis://… ou rediss://…)'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL doit commencer par redis:// ou rediss:// (reçu : http://…)'],
    [
      { KURRENTDB_URL: 'http://es:2113' },
      'KURRENTDB_URL doit commencer par kurrentdb://, kurrentdb+discover://, esdb:// ou esdb+discover:// (reçu : http://…)',
    ],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, 'SQLITE_SYNCHRONOUS doit valoir FULL ou NORMAL (reçu : OFF)'],
    [{ JWT_SECRET: 'secret' }, 'JWT_SECRET doit faire au moins 32 caractères (par exemple : openssl rand -base64 36)'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL doit valoir fatal, error, warn, info, debug, trace ou silent (reçu : loud)'],
    [{ TIME_ZONE: 'Mars/Olympus' }, 'TIME_ZONE doit être un fuseau horaire IANA tel que Europe/Paris (reçu : Mars/Olympus)'],
    [{ POLL_INTERVAL_MS: '1' }, 'POLL_INTERVAL_MS doit être un entier entre 5 et 10000 (reçu : 1)'],
    [{ PROJECTOR_LEASE_MS: '1.5' }, 'PROJECTOR_LEASE_MS doit être un entier entre 300 et 600000 (reçu : 1.5)'],
    [{ REMINDER_WINDOW_DAYS: '400' }, 'REMINDER_WINDOW_DAYS doit être un entier entre 0 et 366 (reçu : 400)'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN doit faire au moins 32 caractères (par exemple : openssl rand -base64 36)'],
    [{ CORS_ORIGINS: 'https://console.example.org/app' }, `${CORS_REFUSED}https://console.example.org/app`],
    [{ CORS_ORIGINS: '*' }, `${CORS_REFUSED}*`],
    [{ HUB_URL: 'hub.example.org' }, `${HUB_URL_REFUSED}hub.example.org`],
    [{ HUB_URL: 'https://hub.example.org/socket.io/' }, `${HUB_URL_REFUSED}https://hub.example.org/socket.io/`],
    [{ HUB_URL: 'wss://hub.example.org' }, `${HUB_URL_REFUSED}wss://hub.example.org/`],
    [{ HUB_URL: 'https://hub.example.org?x=1' }, `${HUB_URL_REFUSED}https://hub.example.org/?x=1`],
    [{ HUB_URL: 'https://user:pw@hub.example.org' }, `${HUB_URL_REFUSED}https://user:***@hub.example.org/`],
    [{ TRUST_PROXY: 'maybe' }, `${TRUST_PROXY_REFUSED}maybe`],
  ])('refuses %j with a clear message, in French', (env, message) => {
    let refusal: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).message).toBe(message);
  });
});
