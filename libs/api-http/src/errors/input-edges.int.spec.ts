/**
 * The edges of input an outside tester found (real api, real HTTP): each refusal says the real fault, with a code,
 * and writes nothing; nothing under `/api` is ever answered by anything but the api.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '@catalyse/event-store';
import { type ApiHarness, type ErrorBody, startApi } from '../test-support/api-harness';

describe('HTTP api: input edges', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-console-'));
  let api: ApiHarness;
  let operator: string;
  const head = (): Promise<bigint> => api.app.get<EventStore>(EVENT_STORE).headPosition();

  beforeAll(async () => {
    // A built console beside the api, as in production: its files must never answer a path under /api.
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Catalyse</title>');
    writeFileSync(join(dir, 'main.js'), 'console.log("console");\n');
    api = await startApi({ http: { consoleDir: dir } });
    operator = api.token({ sub: 'op-1', role: 'operator' });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says a number given as a string is of the wrong type, not out of range', async () => {
    const answer = await api.request<ErrorBody>('POST', '/api/operations/rebuilds', { token: operator, body: { batchSize: '10' } });
    expect([answer.status, answer.body.code, answer.body.details]).toEqual([
      400,
      'VALIDATION',
      [{ field: 'batchSize', messages: ['batchSize must be an integer number'] }],
    ]);
  });

  it('says so of a decimal number given as a string too (a territory’s key figures)', async () => {
    const answer = await api.request<ErrorBody>('POST', '/api/territories/t-1/record-key-figures', {
      token: operator,
      body: { figures: [{ key: 'population', label: 'Population', value: '2500000' }] },
    });
    expect([answer.status, answer.body.details]).toEqual([400, [{ field: 'figures.0.value', messages: ['value must be a number'] }]]);
  });

  it.each([
    ['null', 'null'],
    ['a string', '"partnership"'],
    ['a number', '42'],
  ])('says a JSON body that is %s is valid JSON but not an object', async (_what, raw) => {
    const answer = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, raw });
    expect([answer.status, answer.body.code, answer.body.message]).toEqual([400, 'VALIDATION', 'the body must be a JSON object']);
  });

  it('still says malformed JSON is malformed', async () => {
    const answer = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, raw: '{"kind": ' });
    expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION']);
    expect(answer.body.message).toMatch(/^malformed JSON body: /);
  });

  it.each([
    ['a form', 'application/x-www-form-urlencoded', 'kind=partnership&id=flda-cg-ardeche', 'application/x-www-form-urlencoded'],
    ['text', 'text/plain', '{"kind":"partnership","id":"flda-cg-ardeche"}', 'text/plain'],
    ['text with a charset', 'text/plain; charset=utf-8', '{}', 'text/plain'],
    ['XML', 'application/xml', '<a/>', 'application/xml'],
    ['a multipart body', 'multipart/form-data; boundary=x', '--x--', 'multipart/form-data'],
  ])('refuses %s on a JSON route: 415 UNSUPPORTED_MEDIA_TYPE, nothing written', async (_what, type, raw, named) => {
    const before = await head();
    const answer = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, raw, headers: { 'content-type': type } });
    expect([answer.status, answer.body.code, answer.body.message]).toEqual([
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `the request body must be JSON (Content-Type: application/json), not ${named}`,
    ]);
    expect(await head()).toBe(before);
  });

  it('refuses a body without a Content-Type, and takes a command without a body as before', async () => {
    const bare = await fetch(`${api.url}/api/reports`, { method: 'POST', headers: { authorization: `Bearer ${operator}` }, body: new Uint8Array([123, 125]) });
    expect([bare.status, ((await bare.json()) as ErrorBody).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    // No body at all (whatever its Content-Type says): the body is empty, validated as such.
    const empty = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, headers: { 'content-type': 'text/plain' } });
    expect([empty.status, empty.body.code]).toEqual([400, 'VALIDATION']);
  });

  it('refuses a wrong charset with the same code (415 UNSUPPORTED_MEDIA_TYPE)', async () => {
    const answer = await api.request<ErrorBody>('POST', '/api/reports', {
      token: operator,
      raw: '{}',
      headers: { 'content-type': 'application/json; charset=latin1' },
    });
    expect([answer.status, answer.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it.each([
    ['utf-16le, with a UTF-16LE body', 'application/json; charset=utf-16le', Buffer.from('{"kind":"territory","id":"x"}', 'utf16le'), 'utf-16le'],
    ['utf-16, with a UTF-8 body', 'application/json; charset=utf-16', Buffer.from('{"kind":"territory","id":"x"}'), 'utf-16'],
    ['UTF-16 in capitals, quoted', 'application/json; charset="UTF-16"', Buffer.from('{}'), 'utf-16'],
    ['iso-8859-1', 'application/json;charset=ISO-8859-1', Buffer.from('{}'), 'iso-8859-1'],
  ])('refuses a charset other than UTF-8 before reading the body (%s): 415, nothing written', async (_what, type, bytes, named) => {
    const before = await head();
    const answer = await fetch(`${api.url}/api/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': type },
      body: new Uint8Array(bytes),
    });
    const body = (await answer.json()) as ErrorBody;
    expect([answer.status, body.code, body.message]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE', `the request body must be JSON in UTF-8, not charset=${named}`]);
    expect(await head()).toBe(before);
  });

  it('takes UTF-8 whether the charset says so (in any case) or says nothing', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8']) {
      const answer = await api.request<ErrorBody>('POST', '/api/reports', {
        token: operator,
        raw: '{"kind": "territory", "id": "nowhere-zz"}',
        headers: { 'content-type': type },
      });
      expect([type, answer.status]).toEqual([type, 404]);
    }
  });

  it('refuses bytes that are not UTF-8 instead of reading them as U+FFFD: 400, nothing written', async () => {
    const before = await head();
    const bytes = Buffer.concat([Buffer.from('{"kind": "territory", "id": "a'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const answer = await fetch(`${api.url}/api/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: new Uint8Array(bytes),
    });
    const body = (await answer.json()) as ErrorBody;
    expect([answer.status, body.code, body.message]).toEqual([400, 'VALIDATION', 'the body is not valid UTF-8']);
    expect(await head()).toBe(before);
  });

  it('refuses an array body as it refuses null or a scalar: the body must be a JSON object', async () => {
    for (const raw of ['[]', '[1, 2]', '[{"title": "x"}]']) {
      const answer = await api.request<ErrorBody>('POST', '/api/partnerships', { token: operator, raw });
      expect([raw, answer.status, answer.body.code, answer.body.message]).toEqual([raw, 400, 'VALIDATION', 'the body must be a JSON object']);
    }
  });

  it('refuses the JSON syntax, a non-object and __proto__ as the body is read, before the token is looked at', async () => {
    for (const raw of ['null', '[1]', '42', '{"kind": ', '{"__proto__": {}}']) {
      const answer = await api.request<ErrorBody>('POST', '/api/reports', { raw });
      expect([raw, answer.status, answer.body.code]).toEqual([raw, 400, 'VALIDATION']);
    }
    // Without a body to refuse, the missing token speaks.
    expect((await api.request<ErrorBody>('POST', '/api/reports', { raw: '{}' })).status).toBe(401);
  });

  it('says a decimal number of a partnership’s indicator given as a string is not a number', async () => {
    const answer = await api.request<ErrorBody>('POST', '/api/partnerships/p-nope/record-indicator', {
      token: operator,
      body: { name: 'Bénévoles', value: '12' },
    });
    expect([answer.status, answer.body.details]).toEqual([400, [{ field: 'value', messages: ['value must be a number'] }]]);
  });

  it('refuses __proto__ as an unknown field', async () => {
    const answer = await api.request<ErrorBody>('POST', '/api/reports', { token: operator, raw: '{"kind": "territory", "id": "x", "__proto__": {"a": 1}}' });
    expect([answer.status, answer.body.code, answer.body.details]).toEqual([
      400,
      'VALIDATION',
      [{ field: '__proto__', messages: ['property __proto__ should not exist'] }],
    ]);
  });

  it('refuses an export whose period is inverted, as the observatory does', async () => {
    for (const [from, to] of [
      ['2020-01-01', '2010-01-01'],
      ['2020-01-01T10:00:00Z', '2020-01-01T09:00:00Z'],
      ['2020-01-02', '2020-01-01T23:00:00Z'],
    ]) {
      const exported = await api.request<ErrorBody>('GET', `/api/exports/events?from=${from}&to=${to}`, { token: operator });
      expect([from, to, exported.status, exported.body.code, exported.body.message]).toEqual([from, to, 400, 'VALIDATION', 'from must not be after to']);
    }
    const observatory = await api.request<ErrorBody>('GET', '/api/observatory/partnerships?from=2020-01-01&to=2010-01-01', { token: operator });
    expect([observatory.status, observatory.body.message]).toEqual([400, 'from must not be after to']);
    // One day, or an instant inside the day a date names: not inverted.
    for (const query of ['from=2020-01-01&to=2020-01-01', 'from=2020-01-01&to=2020-01-01T09:00:00Z', 'from=2020-01-01T09:00:00Z&to=2020-01-01']) {
      expect([query, (await api.request('GET', `/api/exports/events?${query}`, { token: operator })).status]).toEqual([query, 200]);
    }
  });

  it.each(['1e3', '0x10', '1.0', '+5', ' 7', '1_000'])('refuses after=%s: integers in queries are written in digits', async (after) => {
    const answer = await api.request<ErrorBody>('GET', `/api/exports/events?after=${encodeURIComponent(after)}`, { token: operator });
    expect([answer.status, answer.body.code, answer.body.details]).toEqual([
      400,
      'VALIDATION',
      [{ field: 'after', messages: ['after must be an integer number'] }],
    ]);
  });

  it('reads integers written in digits as before', async () => {
    expect((await api.request('GET', '/api/exports/events?after=1000', { token: operator })).status).toBe(200);
    const page = await api.request<{ limit: number; offset: number }>('GET', '/api/reports?limit=5&offset=0', { token: operator });
    expect([page.status, page.body.limit, page.body.offset]).toEqual([200, 5, 0]);
  });

  /** A GET of `path` exactly as written (`fetch` would resolve `%2e%2e` segments before sending, as URLs do). */
  const rawGet = (path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> =>
    new Promise((resolve, reject) => {
      const { hostname, port } = new URL(api.url);
      const request = httpRequest({ hostname, port, path, headers }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type'] ?? ''), body }));
      });
      request.on('error', reject);
      request.end();
    });

  it.each([
    ['/api/reports/%2e%2e%2f%2e%2e', false],
    ['/api/reports/../..', true],
    ['/api/../main.js', true],
    ['/api/reports/%2e%2e%2f%2e%2e', true],
    ['/api/%2e%2e', true],
    ['/api/%2e%2e/main.js', true],
    ['/api/%2e%2e/index.html', true],
    ['/api/reports/..%2f..%2fmain.js', true],
    ['/api/', false],
  ])('answers GET %s (token: %s) as the api, in JSON, never with the console’s files or a redirect', async (path, withToken) => {
    const answer = await rawGet(path, withToken ? { authorization: `Bearer ${operator}` } : {});
    const text = answer.body;
    expect([path, answer.status >= 400 && answer.status < 500, answer.type]).toEqual([path, true, expect.stringMatching(/^application\/json/)]);
    expect(typeof (JSON.parse(text) as ErrorBody).code).toBe('string');
    expect(text).not.toContain('console.log');
  });

  it('still serves the console’s own files and pages', async () => {
    const script = await fetch(`${api.url}/main.js`);
    expect([script.status, script.headers.get('content-type'), script.headers.get('cache-control'), await script.text()]).toEqual([
      200,
      expect.stringMatching(/javascript/),
      'no-cache',
      'console.log("console");\n',
    ]);
    expect((await fetch(`${api.url}/partenariats/x`)).status).toBe(200);
    // A missing file, a folder or a path climbing out: the api's 404, not the page.
    for (const path of ['/missing.js', '/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json']) {
      const answer = await rawGet(path);
      expect([path, answer.status, answer.type]).toEqual([path, 404, expect.stringMatching(/^application\/json/)]);
    }
  });
});
