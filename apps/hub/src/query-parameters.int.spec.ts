/**
 * The hub app (as its main.ts starts it) refuses a query parameter a route does not take, as the api does on every
 * route: `GET /api/health?x=1` and `GET /api/metrics?x=1` are a 400 VALIDATION naming it. Its error bodies are the
 * api's `{code, message, details?, requestId}` (a path it does not serve too), never Nest's `{statusCode, error}`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHubApp } from '@catalyse/hub';
import { loadConfig } from '@catalyse/runtime';
import { freePort } from '@catalyse/test-servers';
import { HubAppModule } from './app.module';

jest.setTimeout(60_000);

const METRICS_TOKEN = 'the-scrape-token-of-the-hub-query-test';

describe('the hub app refuses query parameters its routes do not take', () => {
  let dataDir: string;
  let app: INestApplication | undefined;

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /api/health and /api/metrics with a 400 VALIDATION naming the parameter, and as before without one', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-hub-query-'));
    const port = await freePort();
    const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL', METRICS_TOKEN });
    app = await NestFactory.create(HubAppModule.register(config, 'a-signing-secret-for-the-hub-query-test'), { logger: false });
    app.setGlobalPrefix('api'); // as its main.ts
    configureHubApp(app);
    await app.listen(config.port, config.host);
    const get = async (path: string, headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }): Promise<[number, unknown]> => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      const type = response.headers.get('content-type') ?? '';
      return [response.status, type.includes('json') ? await response.json() : undefined];
    };

    expect((await get('/api/health'))[0]).toBe(200);
    expect((await get('/api/metrics'))[0]).toBe(200);
    for (const path of ['/api/health?x=1', '/api/metrics?x=1']) {
      expect([path, ...(await get(path))]).toEqual([
        path,
        400,
        {
          code: 'VALIDATION',
          message: 'invalid request: x',
          details: [{ field: 'x', messages: ['property x should not exist'] }],
          requestId: expect.any(String),
        },
      ]);
    }
    // Who is let in comes first: without a token, a parameter does not turn the 401 into a 400.
    const [status, body] = await get('/api/metrics?x=1', {});
    expect([status, (body as { code?: string }).code]).toEqual([401, 'UNAUTHORIZED']);
    // The api's error shape, with the caller's correlation id: a path it does not serve, a refused token.
    expect(await get('/api/nope', { 'x-correlation-id': 'req-hub-404' })).toEqual([
      404,
      { code: 'NOT_FOUND', message: 'Cannot GET /api/nope', requestId: 'req-hub-404' },
    ]);
    expect(await get('/api/metrics', { 'x-correlation-id': 'req-hub-401' })).toEqual([
      401,
      { code: 'UNAUTHORIZED', message: expect.any(String), requestId: 'req-hub-401' },
    ]);
  });
});
