/**
 * What browsers are told by the api (helmet's headers, CORS), over real HTTP.
 */
import { type ApiHarness, startApi } from '../test-support/api-harness';

describe('security headers and CORS', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ http: { corsOrigins: ['https://console.example.org'], consoleDir: false } });
  });
  afterAll(async () => api?.close());

  it('sends a same-origin content security policy, no framing, no sniffing, on answers and refusals alike', async () => {
    for (const answer of [await api.request('GET', '/api/health'), await api.request('GET', '/api/partnerships')]) {
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      // No other site's styles or fonts (helmet's defaults allow any https: one).
      expect(csp).toContain("style-src 'self' 'unsafe-inline';");
      expect(csp).toContain("font-src 'self' data:;");
      expect(csp).not.toContain('https:');
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('answers CORS to the configured origin only', async () => {
    const preflight = (origin: string): Promise<{ status: number; headers: Headers }> =>
      api.request('OPTIONS', '/api/partnerships', {
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('https://console.example.org');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.org');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // A simple request from the allowed origin can read the request id of its answer.
    const read = await api.request('GET', '/api/health', { headers: { origin: 'https://console.example.org' } });
    expect(read.headers.get('access-control-expose-headers')).toContain('x-correlation-id');
    // … and where a CSV list goes on, its total, and a download's file name.
    const exposed = read.headers.get('access-control-expose-headers')?.split(',') ?? [];
    expect(exposed).toEqual(expect.arrayContaining(['x-total-count', 'x-next-offset', 'content-disposition']));
  });
});
