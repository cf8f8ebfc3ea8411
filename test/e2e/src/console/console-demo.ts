/// <reference lib="dom" />
// The functions run in the page (`page.evaluate`) read its globals (`document`, `window`).
/**
 * What every console spec stands on: the demo network loaded into a data directory of its own, the all-in-one serving
 * it on a free port, tokens for the people the specs play, and Debian's chromium (through playwright-core) to drive the
 * console as a person would. Each spec file calls {@link useConsoleDemo} once, at the top of its `describe`: the files
 * share nothing and may run in any order, or side by side.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import {
  expectStatus,
  HttpClient,
  launchChromium,
  mintToken,
  newContext,
  type RunningService,
  runOps,
  screenshot,
  seriousAxeViolations,
  startService,
  tempDataDir,
} from '@catalyse/testing';

/** What a person reads before they act: a second for what is live, a few for pages that load data. */
export const LIVE_MS = 1_000;
export const LOAD_MS = 15_000;
/** The live room of the tests, opened by the set-up: open to every catalyseur. */
export const ROOM_ID = 'salon-console-e2e';
/** The documents' example of the Labo régional des partenariats en Alsace (001). */
export const LYONNAISE_PARTNERSHIP = 'lyonnaise-des-eaux-chantier-insertion';
export const LYONNAISE_TITLE = 'Enrobés recyclés : Lyonnaise des Eaux et un chantier d’insertion local';
/** FLDA × Conseil général de l'Ardèche (001): the subject of the reports asked on Opérations. */
export const FLDA_TITLE = 'Projet-programme pour le maintien à domicile des personnes âgées en Ardèche';

export type Person = 'operator' | 'claire' | 'malik' | 'alsace' | 'chantier';

export interface ConsoleDemo {
  /** The demo's data directory: more tokens are minted there (`mintToken(data.dir, …)`). */
  readonly data: { readonly dir: string };
  /** The all-in-one serving the console: its address is known once the set-up has run. */
  readonly service: { readonly url: string };
  /** Sign-in tokens of the operator, Claire (catalyseur-001), Malik (catalyseur-002), the Labo's catalyseur, the chantier's partner. */
  readonly tokens: Readonly<Record<Person, string>>;
  /** The demo's names of catalyseur-001 and catalyseur-002, as their cards give them. */
  readonly names: { readonly claire: string; readonly malik: string };
  /** The Labo's catalyseur (the first of Alsace): it accompanies the Labo's partnerships. */
  readonly alsaceCatalyseur: { readonly id: string; readonly name: string };
  /** A new browser context (its own storage and network), French unless told otherwise, closed after the file's tests. */
  openContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A new browser (its own storage and network), signed in through a sign-in link. */
  signedIn(token: string): Promise<{ context: BrowserContext; page: Page }>;
  /**
   * Screenshot, then axe: no serious or critical violation (printed when there are); and its headings in order, one
   * h1 first and no level skipped on the way down (axe calls a skip only moderate: an h3 right under the h1 of
   * Rencontres went unseen).
   */
  checkPage(page: Page, name: string): Promise<void>;
}

/**
 * Loads the demo (`ops demo`), starts the all-in-one on it, mints the tokens, opens the live room of the tests and
 * launches chromium before the file's tests (`beforeAll`); closes them all after (`afterAll`).
 */
export function useConsoleDemo(): ConsoleDemo {
  jest.setTimeout(120_000);
  const data = tempDataDir();
  const service = { url: '' };
  let running: RunningService | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const tokens: Record<Person, string> = { operator: '', claire: '', malik: '', alsace: '', chantier: '' };
  const names = { claire: '', malik: '' };
  const alsaceCatalyseur = { id: '', name: '' };

  beforeAll(async () => {
    const env = { DATA_DIR: data.dir };
    const loaded = await runOps(['demo'], env);
    if (loaded.code !== 0) throw new Error(`ops demo failed: ${loaded.stderr}`);
    running = await startService('all-in-one', { dataDir: data.dir });
    service.url = running.url;
    tokens.operator = await mintToken(data.dir, { sub: 'op-1', role: 'operator' });
    tokens.claire = await mintToken(data.dir, { sub: 'catalyseur-001', role: 'catalyseur' });
    tokens.malik = await mintToken(data.dir, { sub: 'catalyseur-002', role: 'catalyseur' });
    const http = new HttpClient(service.url, tokens.claire);
    await projectorCaughtUp(http);
    alsaceCatalyseur.id = expectStatus(await http.get<{ catalyseurs: string[] }>(`/api/partnerships/${LYONNAISE_PARTNERSHIP}`), 200).catalyseurs[0] ?? '';
    alsaceCatalyseur.name = expectStatus(await http.get<{ name: string }>(`/api/catalyseurs/${alsaceCatalyseur.id}`), 200).name;
    names.claire = expectStatus(await http.get<{ name: string }>('/api/catalyseurs/catalyseur-001'), 200).name;
    names.malik = expectStatus(await http.get<{ name: string }>('/api/catalyseurs/catalyseur-002'), 200).name;
    tokens.alsace = await mintToken(data.dir, { sub: alsaceCatalyseur.id, role: 'catalyseur' });
    tokens.chantier = await mintToken(data.dir, { sub: 'responsable-chantier', role: 'partner', org: 'chantier-insertion-enrobes' });
    // The live room of the tests: open to every catalyseur.
    expectStatus(
      await http.post('/api/rooms', { id: ROOM_ID, kind: 'theme', subject: 'essais-console', title: 'Salon des essais de la console', access: 'open' }),
      201,
    );
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await running?.stop();
    data.remove();
  });

  async function openContext(options?: BrowserContextOptions): Promise<BrowserContext> {
    if (!browser) throw new Error('chromium is not launched: open contexts in tests, after the set-up');
    const context = options ? await browser.newContext(options) : await newContext(browser);
    contexts.push(context);
    return context;
  }

  async function signedIn(token: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await openContext();
    const page = await context.newPage();
    await page.goto(`${service.url}/#token=${token}`);
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor({ timeout: LOAD_MS });
    return { context, page };
  }

  async function checkPage(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    expect({ page: name, skipped: headingSkips(await headingLevels(page)) }).toEqual({ page: name, skipped: [] });
    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) process.stderr.write(`axe on ${name}:\n${JSON.stringify(violations, null, 2)}\n`);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  return { data, service, tokens, names, alsaceCatalyseur, openContext, signedIn, checkPage };
}

/** The board's fields (`<dt>` → `<dd>`), as a person reads them. */
export async function fields(scope: Locator): Promise<Record<string, string>> {
  const terms = await scope.getByRole('term').allInnerTexts();
  const values = await scope.getByRole('definition').allInnerTexts();
  return Object.fromEntries(terms.map((term, i) => [term.trim(), (values[i] ?? '').trim()]));
}

/** Today in the network's zone (Europe/Paris: the api's TIME_ZONE and the browser context's), as a date input writes it. */
export function todayInParis(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A day `days` after today in Paris, `YYYY-MM-DD`. */
export function inDays(days: number): string {
  const d = new Date(`${todayInParis()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** « 4 décembre 2026 », as the console writes a day. */
export function frenchDay(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' }).replace(/^1 /, '1er ');
}

/** « 04/12/2026 »: a day as the console's date fields show and take it (jj/mm/aaaa). */
export function slashed(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** Retries an assertion until it holds (or throws its last failure after `timeoutMs`). */
export async function eventually(assertion: () => Promise<void>, timeoutMs = LOAD_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The page's visible headings, in document order: their level and text. */
async function headingLevels(page: Page): Promise<{ level: number; text: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6')]
      .filter((h) => h.offsetParent !== null || h.getClientRects().length > 0)
      .map((h) => ({ level: Number(h.tagName.slice(1)), text: (h.textContent ?? '').trim() })),
  );
}

/** Each heading deeper than one level below the heading before it (the first must be an h1). */
function headingSkips(headings: readonly { level: number; text: string }[]): string[] {
  let previous = 0;
  return headings.flatMap(({ level, text }) => {
    const skip = level > previous + 1 ? [`h${level} « ${text} » after h${previous || '—'}`] : [];
    previous = level;
    return skip;
  });
}

async function projectorCaughtUp(http: HttpClient): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const health = await http.get<{ details?: { projector?: { lag?: string } } }>('/api/health');
    if (health.status === 200 && health.body.details?.projector?.lag === '0') return;
    if (Date.now() > deadline) throw new Error(`the projector did not catch up: ${JSON.stringify(health.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
