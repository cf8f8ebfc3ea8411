/**
 * The api app alone (as its main.ts starts it, on a fresh DATA_DIR) serves at
 * `/api/metrics` its commands over HTTP and its event store's appends, and
 * nothing of a projector or a hub, which run elsewhere.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configureHttpApp } from '@catalyse/api-http';
import { loadOrCreateSecret, TokenService } from '@catalyse/auth';
import { parseScrape } from '@catalyse/metrics/testing';
import { loadConfig } from '@catalyse/runtime';
import { freePort } from '@catalyse/test-servers';
import { ApiAppModule } from './app.module';

jest.setTimeout(60_000);

describe('the api app serves its metrics', () => {
  let dataDir: string;
  let app: INestApplication | undefined;

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('times commands by outcome and meters the event store; no projector or hub families', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'catalyse-api-metrics-'));
    const port = await freePort();
    const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL' });
    app = await NestFactory.create(ApiAppModule.register(config, loadOrCreateSecret(config.dataDir, undefined)), { logger: false });
    configureHttpApp(app, { consoleDir: false });
    await app.listen(config.port, config.host);
    const url = `http://127.0.0.1:${port}/api`;
    const token = app.get(TokenService).sign({ sub: 'cat-1', role: 'catalyseur' });
    const open = (body: unknown): Promise<Response> =>
      fetch(`${url}/rooms`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    expect((await open({ id: 'alsace', kind: 'network', title: 'Labo régional des partenariats', access: 'open' })).status).toBe(201);
    expect((await open({ id: 'alsace', kind: 'network', title: 'Labo régional des partenariats', access: 'open' })).status).toBe(409);

    // Not public: an operator's token (or METRICS_TOKEN); a catalyseur's is refused, a forged one too.
    const tokens = app.get(TokenService);
    const scrapeAs = (bearer: string): Promise<Response> => fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${bearer}` } });
    const refused = async (response: Response): Promise<[number, string]> => [response.status, ((await response.json()) as { code: string }).code];
    expect(await refused(await fetch(`${url}/metrics`))).toEqual([401, 'UNAUTHORIZED']);
    // Who is let in is decided first: without a token a query parameter does not turn the 401 into a 400.
    expect(await refused(await fetch(`${url}/metrics?x=1`))).toEqual([401, 'UNAUTHORIZED']);
    expect(await refused(await fetch(`${url}/metrics?x=1`, { headers: { authorization: `Bearer ${token}` } }))).toEqual([403, 'FORBIDDEN']);
    expect(await refused(await scrapeAs(token))).toEqual([403, 'FORBIDDEN']);
    expect(await refused(await scrapeAs(`${tokens.sign({ sub: 'op-1', role: 'operator' })}x`))).toEqual([401, 'UNAUTHORIZED']);
    const scraped = await scrapeAs(tokens.sign({ sub: 'op-1', role: 'operator' }));
    expect(scraped.status).toBe(200);
    // It takes no query parameter: one is a 400 naming it, as on every route of the api (nothing scraped).
    const queried = await fetch(`${url}/metrics?x=1`, { headers: { authorization: `Bearer ${tokens.sign({ sub: 'op-1', role: 'operator' })}` } });
    expect([queried.status, ((await queried.json()) as { details?: unknown }).details]).toEqual([
      400,
      [{ field: 'x', messages: ['property x should not exist'] }],
    ]);
    const metrics = parseScrape(await scraped.text());
    expect(metrics.value('catalyse_command_duration_seconds_count', { aggregate: 'room', command: 'OpenRoom', outcome: 'ok' })).toBe(1);
    expect(metrics.value('catalyse_command_duration_seconds_count', { aggregate: 'room', command: 'OpenRoom', outcome: 'conflict' })).toBe(1);
    expect(metrics.value('catalyse_event_store_append_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    // The taken id was refused by the decider, before any append.
    expect(metrics.value('catalyse_event_store_append_duration_seconds_count', { outcome: 'conflict' })).toBeUndefined();
    expect(metrics.value('catalyse_event_store_commit_appends_sum')).toBe(1);
    expect(metrics.value('catalyse_event_store_head_position')).toBeGreaterThan(0);
    expect(metrics.types.has('catalyse_nodejs_eventloop_lag_p99_seconds')).toBe(true);
    expect([...metrics.types.keys()].filter((name) => /^catalyse_(projector|hub)_/.test(name))).toEqual([]);
  });
});
