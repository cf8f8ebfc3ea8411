/**
 * The console's page as the api serves it, with and without the hubs' own origin (HUB_URL), over real HTTP.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, startApi } from '../test-support/api-harness';
import { consolePage, HUB_URL_META } from './serve-console';

const INDEX = `<!doctype html>
<html lang="fr">
  <head>
    <meta charset="utf-8" />
    <title>Catalyse</title>
    <script type="module" src="/main.js"></script>
  </head>
  <body><div id="app"></div></body>
</html>
`;

describe('the console page and the hubs’ origin (HUB_URL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalyse-console-'));
  const apis: ApiHarness[] = [];
  let alone: ApiHarness;
  let withHubs: ApiHarness;

  beforeAll(async () => {
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'main.js'), 'console.log("console");\n');
    alone = await startApi({ http: { consoleDir: dir } });
    apis.push(alone);
    withHubs = await startApi({ http: { consoleDir: dir, hubUrl: 'https://hub.example.org' } });
    apis.push(withHubs);
  });
  afterAll(async () => {
    for (const api of apis) await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names the hubs in the page of every console path when HUB_URL is set, and allows connecting there', async () => {
    for (const path of ['/', '/salons/room%3Alabo', '/index.html']) {
      const page = await withHubs.request('GET', path);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const html = String(page.body);
      expect(html).toContain('<meta name="catalyse-hub-url" content="https://hub.example.org" />');
      // In the head, before the script that reads it.
      expect(html.indexOf(HUB_URL_META)).toBeLessThan(html.indexOf('</head>'));
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp.split(';')).toContain("connect-src 'self' https://hub.example.org wss://hub.example.org");
    }
    // The bundle and the api are untouched.
    expect(String((await withHubs.request('GET', '/main.js')).body)).toContain('console');
    expect((await withHubs.request('GET', '/api/health')).status).toBe(200);
  });

  it('serves the page as built, same-origin only, when HUB_URL is unset, naming the network’s time zone', async () => {
    for (const path of ['/', '/salons/room%3Alabo', '/index.html']) {
      const page = await alone.request('GET', path);
      expect(page.status).toBe(200);
      // TIME_ZONE (Europe/Paris by default): the console dates instants on the network's calendar, not the browser's.
      expect(page.body).toBe(INDEX.replace('</head>', '  <meta name="catalyse-time-zone" content="Europe/Paris" />\n  </head>'));
      expect((page.headers.get('content-security-policy') ?? '').split(';')).toContain("connect-src 'self'");
    }
  });

  it('never answers the page for the api, in any case (Express routes /API/… to the api)', async () => {
    for (const path of ['/API/partnerships', '/Api', '/SOCKET.IO/']) {
      const answer = await alone.request('GET', path);
      expect(answer.headers.get('content-type') ?? '').not.toMatch(/^text\/html/);
      expect(String(answer.body)).not.toContain('<div id="app">');
    }
  });

  it('escapes the origin it writes into the page', () => {
    expect(consolePage('<head></head>', 'https://a"b<c>')).toBe('<head>  <meta name="catalyse-hub-url" content="https://a&quot;b&lt;c&gt;" />\n  </head>');
    expect(consolePage(INDEX)).toBe(INDEX);
  });
});
