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
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({ PORT: '4100', DATA_DIR: '/tmp/x', SQLITE_SYNCHRONOUS: 'normal', JWT_SECRET: 's', LOG_LEVEL: 'warn' });
    expect(config).toMatchObject({ port: 4100, dataDir: '/tmp/x', sqliteSynchronous: 'NORMAL', jwtSecret: 's', logLevel: 'warn' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be an integer'],
    [{ PORT: '70000' }, 'PORT must be an integer between 0 and 65535'],
    [{ EVENT_STORE: 'mongodb' }, 'EVENT_STORE=mongodb is not available'],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, 'SQLITE_SYNCHRONOUS must be FULL or NORMAL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
