/**
 * The outside tester's query parameters on routes that take none (real HTTP): a query parameter a route does not
 * take is a 400 VALIDATION naming it, on every route, as `?unknown=1` is on the routes with a query DTO. Reads
 * without a query (a person, the observatory's index, a report, a rebuild, a portfolio, health, any module's route),
 * commands (nothing recorded), the rebuild and report requests. After the token (401) and the access table (403);
 * the console's files are no route of the api and take any query.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module } from '@nestjs/common';
import { PublicRoute } from '../access/access.decorator';
import { type ApiHarness, type ErrorBody, startApi } from '../test-support/api-harness';

/** A route of another module of the app, without a query (as the runtime's `/api/metrics`). */
@PublicRoute()
@Controller('probe')
class ProbeController {
  @Get()
  probe(): { ok: true } {
    return { ok: true };
  }
}
@Module({ controllers: [ProbeController] })
class ProbeModule {}

const refusal = (...fields: string[]) => ({
  status: 400,
  code: 'VALIDATION',
  message: `invalid request: ${fields.join(', ')}`,
  details: fields.map((field) => ({ field, messages: [`property ${field} should not exist`] })),
});

describe('query parameters on routes that take none (HTTP)', () => {
  let api: ApiHarness;
  let operator: string;
  let catalyseur: string;
  let partner: string;
  const consoleDir = mkdtempSync(join(tmpdir(), 'catalyse-console-query-'));

  const answer = async (method: string, path: string, token?: string, body?: unknown) => {
    const got = await api.request<ErrorBody & { message: string }>(method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
    return { status: got.status, code: got.body?.code, message: got.body?.message, details: got.body?.details };
  };

  beforeAll(async () => {
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Catalyse</title>');
    api = await startApi({ http: { consoleDir }, imports: [ProbeModule] });
    operator = api.token({ sub: 'op-1', role: 'operator' });
    catalyseur = api.token({ sub: 'cat-1', role: 'catalyseur' });
    partner = api.token({ sub: 'alice', role: 'partner', org: 'asso-1' });
    const opened = await api.request('POST', '/api/rooms', { token: catalyseur, body: { id: 'r2', kind: 'network', title: 'Labo', access: 'open' } });
    expect(opened.status).toBe(201);
  });
  afterAll(async () => {
    await api.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  it('reads that take no query refuse any parameter: 400 VALIDATION naming it', async () => {
    const reads: [string, string | undefined][] = [
      ['/api/people/cat-1', operator],
      ['/api/observatory', operator],
      ['/api/reports/r-1', operator],
      ['/api/operations/rebuilds/j-1', operator],
      ['/api/catalyseurs/cat-1/portfolio', operator],
      ['/api/health', undefined],
      ['/api/probe', undefined],
    ];
    for (const [path, token] of reads) {
      expect([path, await answer('GET', `${path}?x=1`, token)]).toEqual([path, refusal('x')]);
    }
    expect(await answer('GET', '/api/people/cat-1?constructor=1', operator)).toEqual(refusal('constructor'));
    expect(await answer('GET', '/api/people/cat-1?__proto__=1', operator)).toEqual(refusal('__proto__'));
    expect(await answer('GET', '/api/health?a=1&b=2', undefined)).toEqual(refusal('a', 'b'));
  });

  it('commands and requests refuse any parameter, and record nothing', async () => {
    const before = await api.request<{ revision: number }>('GET', '/api/rooms/r2', { token: operator });
    expect(await answer('POST', '/api/rooms/r2/record-decision?__proto__=1', catalyseur, { text: 'On se retrouve en mars' })).toEqual(refusal('__proto__'));
    expect(await answer('POST', '/api/rooms/r2/record-decision?x=1', catalyseur, { text: 'On se retrouve en mars' })).toEqual(refusal('x'));
    expect(await answer('POST', '/api/operations/rebuilds?x=1', operator, {})).toEqual(refusal('x'));
    expect(await answer('POST', '/api/reports?x=1', operator, { kind: 'partnership', id: 'p-1' })).toEqual(refusal('x'));
    expect(await answer('POST', '/api/rooms?x=1', catalyseur, { id: 'r3', kind: 'network', title: 'Labo', access: 'open' })).toEqual(refusal('x'));
    const after = await api.request<{ revision: number }>('GET', '/api/rooms/r2', { token: operator });
    expect(after.body.revision).toBe(before.body.revision);
    expect((await api.request('GET', '/api/rooms/r3', { token: operator })).status).toBe(404);
    const feed = await api.request<{ entries: { kind: string }[] }>('GET', '/api/feeds/room:r2', { token: operator });
    expect(feed.body.entries.map((e) => e.kind)).toEqual(['RoomOpened']);
  });

  it('after the token (401) and the access table (403); the routes with a query and the console as before', async () => {
    expect((await answer('POST', '/api/rooms/r2/record-decision?x=1', undefined, { text: 'Bonjour' })).status).toBe(401);
    expect((await answer('GET', '/api/people/cat-1?x=1', partner)).status).toBe(403);
    expect((await answer('GET', '/api/operations/rebuilds/j-1?x=1', catalyseur)).status).toBe(403);
    // Routes with a query DTO: their parameters read, an unknown one refused alike.
    expect((await api.request('GET', '/api/partnerships?limit=5', { token: operator })).status).toBe(200);
    expect(await answer('GET', '/api/partnerships?x=1', operator)).toEqual(refusal('x'));
    expect((await api.request('GET', '/api/rooms/r2?minRevision=1', { token: operator })).status).toBe(200);
    // Without a query, as before.
    expect((await api.request('GET', '/api/health')).status).toBe(200);
    expect((await api.request('GET', '/api/probe')).status).toBe(200);
    expect((await api.request('GET', '/api/people/cat-1', { token: operator })).status).toBe(200);
    // The console's pages and files are no route of the api (cache busters, links with a query).
    const page = await fetch(`${api.url}/partenariats?x=1&v=2`);
    expect([page.status, (await page.text()).includes('<title>Catalyse</title>')]).toEqual([200, true]);
    // An unknown path of the api stays a 404.
    expect((await answer('GET', '/api/nowhere?x=1', operator)).status).toBe(404);
  });
});
