/**
 * The projector app (as its main.ts starts it) refuses a query parameter a route does not take, as the api does on
 * every route: `/api/health?x=1`, `/api/health/live?x=1` and `/api/metrics?x=1` are a 400 VALIDATION naming it.
 * Its error bodies are the api's `{code, message, details?, requestId}` (a path it does not serve too).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@catalyse/runtime';
import { ProjectorAppModule } from './app.module';

jest.setTimeout(60_000);

const METRICS_TOKEN = 'the-scrape-token-of-the-projector-query-test';

describe('the projector app refuses query parameters its routes do not take', () => {
  let dataDir: string;
  let app: INestApplication | undefined;

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /api/health, /api/health/live and /api/metrics with a 400 VALIDATION naming the parameter, and as before without one', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-projector-query-'));
    const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL', METRICS_TOKEN });
    app = await NestFactory.create(ProjectorAppModule.register(config, 'a-signing-secret-for-the-projector-query-test'), { logger: false });
    app.setGlobalPrefix('api'); // as its main.ts
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const get = async (path: string, headers: Record<string, string> = { authorization: `Bearer ${METRICS_TOKEN}` }): Promise<[number, unknown]> => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      const type = response.headers.get('content-type') ?? '';
      return [response.status, type.includes('json') ? await response.json() : undefined];
    };

    // Its projector runs (the lease taken): the health answers 200 without a parameter.
    const deadline = Date.now() + 15_000;
    while ((await get('/api/health'))[0] !== 200) {
      if (Date.now() > deadline) throw new Error('the projector app never answered 200 on /api/health');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await get('/api/health/live'))[0]).toBe(200);
    expect((await get('/api/metrics'))[0]).toBe(200);
    for (const path of ['/api/health?x=1', '/api/health/live?x=1', '/api/metrics?x=1', '/api/health?x=1&y=2']) {
      const names = path.includes('y=2') ? ['x', 'y'] : ['x'];
      expect([path, ...(await get(path))]).toEqual([
        path,
        400,
        {
          code: 'VALIDATION',
          message: `invalid request: ${names.join(', ')}`,
          details: names.map((field) => ({ field, messages: [`property ${field} should not exist`] })),
          requestId: expect.any(String),
        },
      ]);
    }
    // Who is let in comes first: without a token, a parameter does not turn the 401 into a 400.
    const [status, body] = await get('/api/metrics?x=1', {});
    expect([status, (body as { code?: string }).code]).toEqual([401, 'UNAUTHORIZED']);
    expect(await get('/api/nope', { 'x-correlation-id': 'req-projector-404' })).toEqual([
      404,
      { code: 'NOT_FOUND', message: 'Cannot GET /api/nope', requestId: 'req-projector-404' },
    ]);
  });
});
