/**
 * Requests Node refuses before any route (real HTTP): a URL or headers over
 * 16 KB answer 431 with the api's JSON error body `{code, message,
 * requestId}` (it was empty), a malformed request 400 likewise, as complete
 * HTTP/1.1 responses that close the connection; the api answers on.
 */
import { connect } from 'node:net';
import { type ApiHarness, type ErrorBody, startApi } from '../test-support/api-harness';

/** Sends raw bytes and reads everything the server writes until it closes the connection. */
function raw(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

describe('requests Node refuses itself (HTTP)', () => {
  let api: ApiHarness;
  let operator: string;

  beforeAll(async () => {
    api = await startApi();
    operator = api.token({ sub: 'op-1', role: 'operator' });
  });
  afterAll(async () => {
    await api.close();
  });

  const tooLarge = {
    code: 'VALIDATION',
    message: 'request headers too large: the request line (its URL) and the headers together must stay under 16 KB',
    requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
  };

  it('a URL over 16 KB: 431 with a JSON error body', async () => {
    const answer = await api.request<ErrorBody>('GET', `/api/partnerships?territory=${'a'.repeat(20_000)}`, { token: operator });
    expect([answer.status, answer.headers.get('content-type'), answer.body]).toEqual([431, 'application/json; charset=utf-8', tooLarge]);
    expect(answer.headers.get('x-correlation-id')).toBe((answer.body as unknown as { requestId: string }).requestId);
  });

  it('headers over 16 KB: 431 with a JSON error body, a complete response that closes the connection', async () => {
    const answer = await api.request<ErrorBody>('GET', '/api/partnerships', { token: operator, headers: { 'x-padding': 'b'.repeat(20_000) } });
    expect([answer.status, answer.body]).toEqual([431, tooLarge]);
    const text = await raw(api.url, `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'c'.repeat(20_000)}\r\n\r\n`);
    const [head = '', body = ''] = text.split('\r\n\r\n');
    expect(head.split('\r\n')).toEqual(
      expect.arrayContaining(['HTTP/1.1 431 Request Header Fields Too Large', 'Connection: close', `Content-Length: ${Buffer.byteLength(body)}`]),
    );
    expect(JSON.parse(body)).toEqual(tooLarge);
  });

  it('a malformed request: 400 VALIDATION with a JSON error body; the api answers on', async () => {
    const text = await raw(api.url, 'GET /api/health HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n');
    const [head = '', body = ''] = text.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(body)).toEqual({ code: 'VALIDATION', message: 'malformed HTTP request', requestId: expect.any(String) as unknown });
    expect((await api.request('GET', '/api/partnerships', { token: operator })).status).toBe(200);
  });
});
