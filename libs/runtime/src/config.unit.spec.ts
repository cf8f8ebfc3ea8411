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
      hubPostsPerSecond: 20,
      hubConnectionsPerMinute: 120,
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
    expect(() => loadConfig({ HUB_URL: 'http://u:s3cret@hub:3000' })).toThrow('got http://u:***@hub:3000');
    expect(() => loadConfig({ HUB_URL: 'http://u:s3cret@hub:3000' })).not.toThrow(/s3cret/);
  });

  it('reads TRUST_PROXY as Express expects it', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadConfig({}).trustProxy).toBeUndefined();
    expect(() => loadConfig({ TRUST_PROXY: '$(rm -rf)' })).toThrow('TRUST_PROXY must be');
    expect(loadConfig({ TRUST_PROXY: '::1, fd00::/8, 10.0.0.0/255.0.0.0, 192.168.1.7' }).trustProxy).toBe('::1, fd00::/8, 10.0.0.0/255.0.0.0, 192.168.1.7');
    // What Express would refuse at the first request: refused at start.
    for (const bad of ['maybe', '10.0.0.0/33', '300.1.1.1', 'loopback,,', '10.0.0.1/8/8'])
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow('TRUST_PROXY must be');
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

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer'],
    [{ PORT: '70000' }, 'PORT must be an integer between 0 and 65535'],
    [{ EVENT_STORE: 'mongodb' }, 'EVENT_STORE=mongodb is not an engine Catalyse knows: choose sqlite, postgres, kurrentdb'],
    [{ EVENT_STORE: 'postgres' }, 'EVENT_STORE=postgres needs DATABASE_URL'],
    [{ EVENT_STORE: 'kurrentdb' }, 'EVENT_STORE=kurrentdb needs KURRENTDB_URL'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL must start with postgres:// or postgresql://'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL is not a URL'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL must start with redis:// or rediss://'],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, 'SQLITE_SYNCHRONOUS must be FULL or NORMAL'],
    [{ JWT_SECRET: 'secret' }, 'JWT_SECRET must be at least 32 characters'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ TIME_ZONE: 'Mars/Olympus' }, 'TIME_ZONE must be an IANA time zone'],
    [{ REMINDER_WINDOW_DAYS: '400' }, 'REMINDER_WINDOW_DAYS must be an integer between 0 and 366'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN must be at least 32 characters'],
    [{ CORS_ORIGINS: 'https://console.example.org/app' }, 'CORS_ORIGINS must list origins such as https://console.example.org'],
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS must list origins'],
    [{ HUB_URL: 'hub.example.org' }, 'HUB_URL must be an http(s) origin such as https://hub.example.org'],
    [{ HUB_URL: 'https://hub.example.org/socket.io/' }, 'HUB_URL must be an http(s) origin such as https://hub.example.org (scheme, host and port, no path)'],
    [{ HUB_URL: 'wss://hub.example.org' }, 'HUB_URL must be an http(s) origin'],
    [{ HUB_URL: 'https://hub.example.org?x=1' }, 'HUB_URL must be an http(s) origin'],
    [{ HUB_URL: 'https://user:pw@hub.example.org' }, 'HUB_URL must be an http(s) origin'],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
