/**
 * The console served by an api that runs alone (api, hub and projector as separate processes, each on its
 * own port, the embedded engines on one data folder): with `HUB_URL`, the api names the hubs in the page and
 * the console opens its socket there, the token in socket.io's handshake `auth`; the hub lets the console's
 * origin in through its `CORS_ORIGINS`. The page is opened at `localhost` and the hub reached at `127.0.0.1`:
 * two sites, so the hub's origin check is really crossed (it lets a page of its own host name in by itself).
 * Without `HUB_URL`, the same api's console has no hub at its origin and never goes live (the defect).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  expectStatus,
  freePort,
  HttpClient,
  launchChromium,
  mintToken,
  newContext,
  type RunningService,
  screenshot,
  startService,
  tempDataDir,
} from '@catalyse/testing';

jest.setTimeout(120_000);

const LOAD_MS = 15_000;
const LIVE_MS = 2_000;
const ROOM = { id: 'salon-hub-url', kind: 'theme', subject: 'hub-url', title: 'Salon des hubs à part', access: 'open' } as const;
const CONNECTING = 'Connexion au hub en cours…';

describe('the console of an api running alone, pointed at the hubs by HUB_URL', () => {
  const data = tempDataDir();
  const services: RunningService[] = [];
  const contexts: BrowserContext[] = [];
  let browser: Browser;
  let api: RunningService;
  let bareApi: RunningService;
  /** An api whose HUB_URL names a hub that does not list the console's origin in its CORS_ORIGINS. */
  let refusedApi: RunningService;
  let hubUrl = '';
  /** The console as the browser reaches it: another site than the hub's `127.0.0.1`. */
  let consoleOrigin = '';
  let token = '';

  beforeAll(async () => {
    const [apiPort, hubPort] = [await freePort(), await freePort()];
    hubUrl = `http://127.0.0.1:${hubPort}`;
    consoleOrigin = `http://localhost:${apiPort}`;
    // One after the other: the first creates the data folder's signing secret, the others read it.
    services.push(await startService('projector', { dataDir: data.dir }));
    api = await startService('api', { dataDir: data.dir, port: apiPort, env: { HUB_URL: hubUrl } });
    services.push(api);
    services.push(await startService('hub', { dataDir: data.dir, port: hubPort, env: { CORS_ORIGINS: consoleOrigin } }));
    bareApi = await startService('api', { dataDir: data.dir });
    services.push(bareApi);
    const closedHub = await startService('hub', { dataDir: data.dir });
    services.push(closedHub);
    refusedApi = await startService('api', { dataDir: data.dir, env: { HUB_URL: closedHub.url } });
    services.push(refusedApi);
    token = await mintToken(data.dir, { sub: 'catalyseur-hub-url', role: 'catalyseur' });
    const http = new HttpClient(api.url, token);
    expectStatus(await http.post('/api/rooms', ROOM), 201);
    // The room's feed exists once the separate projector has folded its opening.
    for (let i = 0; i < 200 && (await http.get(`/api/rooms/${ROOM.id}/feed?since=0`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    for (const service of services.reverse()) await service.stop();
    data.remove();
  });

  async function signedIn(origin: string): Promise<Page> {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${origin}/#token=${token}`);
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor({ timeout: LOAD_MS });
    return page;
  }

  it('names the hubs in the page it serves when HUB_URL is set, and not when unset', async () => {
    const named = await fetch(`${api.url}/salons`);
    expect(await named.text()).toContain(`<meta name="catalyse-hub-url" content="${hubUrl}" />`);
    expect(named.headers.get('content-security-policy')).toContain(`connect-src 'self' ${hubUrl} ${hubUrl.replace('http', 'ws')}`);
    expect(await (await fetch(`${bareApi.url}/salons`)).text()).not.toContain('catalyse-hub-url');
  });

  it('goes live on the hubs: online, a message posted to the api arrives, one written in the room reaches the api', async () => {
    const page = await signedIn(consoleOrigin);
    await page.getByText(CONNECTING).waitFor({ state: 'detached', timeout: LOAD_MS });
    expect(await page.getByText(/Hors ligne/).count()).toBe(0);

    await page.goto(`${consoleOrigin}/salons/${encodeURIComponent(`room:${ROOM.id}`)}`);
    await page.getByRole('heading', { level: 1, name: ROOM.title }).waitFor({ timeout: LOAD_MS });
    const feed = page.getByRole('list', { name: 'Fil du salon' });
    await page
      .getByRole('list', { name: 'Présents' })
      .getByText(/\(vous\)/)
      .waitFor({ timeout: LOAD_MS });

    // Posted through the api: it reaches the page through the projector's feed and the hub's socket.
    const http = new HttpClient(api.url, token);
    expectStatus(await http.post(`/api/rooms/${ROOM.id}/post-message`, { clientMsgId: 'hub-url-1', text: 'Envoyé par l’api' }), 200);
    await feed.getByText('Envoyé par l’api').waitFor({ timeout: LIVE_MS });

    // Written in the room: sent on the hub's socket, read back from the api.
    await page.getByLabel('Votre message').fill('Écrit dans la console');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await feed.getByText('Écrit dans la console').waitFor({ timeout: LIVE_MS });
    const texts = async (): Promise<(string | undefined)[]> =>
      expectStatus(await http.get<{ entries: { data: { text?: string } }[] }>(`/api/rooms/${ROOM.id}/feed?since=0`), 200).entries.map((e) => e.data.text);
    for (let i = 0; i < 100 && !(await texts()).includes('Écrit dans la console'); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await texts()).slice(1)).toEqual(['Envoyé par l’api', 'Écrit dans la console']);
    expect(await page.getByText(CONNECTING).count()).toBe(0);
    await screenshot(page, 'hub-url-salon');
  });

  it('never goes live on an api without HUB_URL: nothing answers socket.io at its origin', async () => {
    const page = await signedIn(bareApi.url);
    // « Connexion au hub en cours… », then « Hors ligne » once socket.io gives up an attempt: never online.
    const banner = page.getByRole('status').filter({ hasText: /Connexion au hub en cours…|Hors ligne/ });
    await banner.waitFor({ timeout: LOAD_MS });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await banner.count()).toBe(1);
    await screenshot(page, 'hub-url-absent');
  });

  it('never goes live either on hubs whose CORS_ORIGINS leave the console’s origin out', async () => {
    const page = await signedIn(refusedApi.url.replace('127.0.0.1', 'localhost'));
    const banner = page.getByRole('status').filter({ hasText: /Connexion au hub en cours…|Hors ligne/ });
    await banner.waitFor({ timeout: LOAD_MS });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await banner.count()).toBe(1);
  });
});
