/// <reference lib="dom" />
// The functions run in the page (`page.evaluate`) read its globals (`document`, `window`, `Node`).
/**
 * The console in a real browser (Debian's chromium through playwright-core), on the demo
 * network, driven as a person would: by roles, labels and French words. Each page leaves a
 * screenshot in `test-results/console/` and must pass axe without a serious or critical violation.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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

jest.setTimeout(120_000);

/** What a person reads before they act: a second for what is live, a few for pages that load data. */
const LIVE_MS = 1_000;
const LOAD_MS = 15_000;
const ROOM_ID = 'salon-console-e2e';
/** The documents' example of the Labo régional des partenariats en Alsace (001). */
const LYONNAISE_PARTNERSHIP = 'lyonnaise-des-eaux-chantier-insertion';
const LYONNAISE_TITLE = 'Enrobés recyclés : Lyonnaise des Eaux et un chantier d’insertion local';
/** FLDA × Conseil général de l'Ardèche (001): the subject of the reports asked on Opérations. */
const FLDA_TITLE = 'Projet-programme pour le maintien à domicile des personnes âgées en Ardèche';

describe('the console, in a browser, on the demo network', () => {
  const data = tempDataDir();
  let service: RunningService;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const tokens: Record<'operator' | 'claire' | 'malik' | 'alsace' | 'chantier', string> = { operator: '', claire: '', malik: '', alsace: '', chantier: '' };
  /** The Labo's catalyseur (the first of Alsace): it accompanies the Labo's partnerships. */
  let alsaceCatalyseur = '';
  let alsaceCatalyseurName = '';
  /** The demo's names of catalyseur-001 and catalyseur-002, as their cards give them. */
  const names = { claire: '', malik: '' };

  beforeAll(async () => {
    const env = { DATA_DIR: data.dir };
    const loaded = await runOps(['demo'], env);
    if (loaded.code !== 0) throw new Error(`ops demo failed: ${loaded.stderr}`);
    service = await startService('all-in-one', { dataDir: data.dir });
    tokens.operator = await mintToken(data.dir, { sub: 'op-1', role: 'operator' });
    tokens.claire = await mintToken(data.dir, { sub: 'catalyseur-001', role: 'catalyseur' });
    tokens.malik = await mintToken(data.dir, { sub: 'catalyseur-002', role: 'catalyseur' });
    const http = new HttpClient(service.url, tokens.claire);
    await projectorCaughtUp(http);
    alsaceCatalyseur = expectStatus(await http.get<{ catalyseurs: string[] }>(`/api/partnerships/${LYONNAISE_PARTNERSHIP}`), 200).catalyseurs[0] ?? '';
    alsaceCatalyseurName = expectStatus(await http.get<{ name: string }>(`/api/catalyseurs/${alsaceCatalyseur}`), 200).name;
    names.claire = expectStatus(await http.get<{ name: string }>('/api/catalyseurs/catalyseur-001'), 200).name;
    names.malik = expectStatus(await http.get<{ name: string }>('/api/catalyseurs/catalyseur-002'), 200).name;
    tokens.alsace = await mintToken(data.dir, { sub: alsaceCatalyseur, role: 'catalyseur' });
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
    await service?.stop();
    data.remove();
  });

  /** A new browser (its own storage and network), signed in through a sign-in link. */
  async function signedIn(token: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${service.url}/#token=${token}`);
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor({ timeout: LOAD_MS });
    return { context, page };
  }

  /**
   * Screenshot, then axe: no serious or critical violation (printed when there are); and its headings in order, one
   * h1 first and no level skipped on the way down (axe calls a skip only moderate: an h3 right under the h1 of
   * Rencontres went unseen).
   */
  async function checkPage(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    expect({ page: name, skipped: headingSkips(await headingLevels(page)) }).toEqual({ page: name, skipped: [] });
    const violations = await seriousAxeViolations(page);
    if (violations.length > 0) process.stderr.write(`axe on ${name}:\n${JSON.stringify(violations, null, 2)}\n`);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  it('asks for a token to sign in, and a pasted token opens the console', async () => {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(service.url);
    await page.getByRole('heading', { level: 1, name: 'Catalyse' }).waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'connexion');
    await page.getByLabel('Jeton d’accès').fill('pas-un-jeton');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page
      .getByRole('alert')
      .getByText(/Ce jeton n’est pas reconnu/)
      .waitFor({ timeout: LIVE_MS });
    // A token past its `exp`, pasted or in a sign-in link, never opens a console that could only fail: the form says why.
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const expired = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'catalyseur-001', role: 'catalyseur', exp: Math.floor(Date.now() / 1000) - 60 })}.x`;
    await page.getByLabel('Jeton d’accès').fill(expired);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').getByText('Ce jeton a expiré : demandez-en un nouveau à votre opérateur.').waitFor({ timeout: LIVE_MS });
    // A real token whose payload says operator, not re-signed: it reads well, the api refuses it (401), the console opens nothing.
    const [head = '', payload = '', signature = ''] = tokens.claire.split('.');
    const forged = `${head}.${part({ ...(JSON.parse(Buffer.from(payload, 'base64url').toString()) as object), role: 'operator' })}.${signature}`;
    await page.getByLabel('Jeton d’accès').fill(forged);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page
      .getByRole('alert')
      .getByText(/^Ce jeton n’est pas reconnu par Catalyse/)
      .waitFor({ timeout: LOAD_MS });
    expect(await page.getByRole('banner').count()).toBe(0);
    for (const [link, said] of [
      [expired, 'Ce lien de connexion a expiré : demandez-en un nouveau à votre opérateur.'],
      ['abc.def.ghi', 'Ce lien de connexion ne contient pas de jeton reconnu : demandez un nouveau lien à votre opérateur.'],
      [forged, 'Ce lien de connexion contient un jeton non reconnu par Catalyse : demandez un nouveau lien à votre opérateur.'],
    ] as const) {
      await page.goto(`${service.url}/#token=${link}`);
      await page.getByRole('alert').getByText(said).waitFor({ timeout: LOAD_MS });
      expect(new URL(page.url()).hash).toBe('');
      expect(await page.getByRole('banner').count()).toBe(0);
    }
    await page.getByLabel('Jeton d’accès').fill(tokens.claire);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // Signed in by name; the id is the tooltip.
    await page.getByRole('banner').getByTitle('catalyseur-001').getByText(`${names.claire} · catalyseur`).waitFor({ timeout: LOAD_MS });
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor({ timeout: LIVE_MS });
  });

  it('signs in with a link, and the Réseau page shows the documents’ figures', async () => {
    const { page } = await signedIn(tokens.operator);
    // The link is read once and removed from the address bar.
    expect(new URL(page.url()).hash).toBe('');
    await page.getByRole('link', { name: 'Réseau' }).click();
    await page.getByRole('heading', { level: 1, name: 'Réseau' }).waitFor({ timeout: LOAD_MS });
    // 350 catalyseurs territoriaux (003).
    const figures = page.getByRole('list', { name: 'Chiffres clés' });
    await figures
      .getByRole('listitem')
      .filter({ hasText: /^350\s*catalyseurs$/ })
      .waitFor({ timeout: LOAD_MS });
    // FLDA × Conseil général de l'Ardèche, the one partnership of its region, renewed at the end of 2012 (001).
    // Regions are picked among those the read models know, not typed.
    await page.getByRole('combobox', { name: 'Région' }).selectOption('Auvergne-Rhône-Alpes');
    await figures
      .getByRole('listitem')
      .filter({ hasText: /^1\s*partenariats?$/ })
      .waitFor({ timeout: LOAD_MS });
    const renewal = page.getByRole('table', { name: 'Conclusions des évaluations et taux de renouvellement' });
    await renewal.getByRole('row', { name: /^Renouvelés\s+1$/ }).waitFor({ timeout: LOAD_MS });
    // The filter is in the address: a reload (or the link shared) shows the same figures.
    expect(new URL(page.url()).searchParams.get('region')).toBe('Auvergne-Rhône-Alpes');
    await page.reload();
    await figures
      .getByRole('listitem')
      .filter({ hasText: /^1\s*partenariats?$/ })
      .waitFor({ timeout: LOAD_MS });
    expect(await page.getByRole('combobox', { name: 'Région' }).inputValue()).toBe('Auvergne-Rhône-Alpes');
    await checkPage(page, 'reseau');
    // The section as the api's CSV, with the page's filter (the region): one long table, named by the api.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Télécharger (CSV) : Observatoire des partenariats' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/^observatoire-partenariats-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile(await csv.path(), 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/);
    expect(lines[0]).toBe('tableau;groupe;mesure;valeur;clé');
    expect(lines).toContain('Conclusions des évaluations et taux de renouvellement;Renouvelés;Valeur;1;renewed');

    // A wide table (« Expérimentations collectives », 17 columns) takes the whole width, its words whole: it scrolls.
    await page.getByRole('combobox', { name: 'Région' }).selectOption({ index: 0 });
    await page.getByRole('navigation', { name: 'Sections de l’observatoire' }).getByRole('button', { name: 'Expérimentations collectives' }).click();
    const wide = page.locator('section.card').filter({ has: page.getByRole('heading', { level: 3, name: 'Expérimentations collectives' }) });
    await wide.getByRole('table').waitFor({ timeout: LOAD_MS });
    const widths = await wide.evaluate((card) => ({
      card: card.getBoundingClientRect().width,
      grid: card.parentElement?.getBoundingClientRect().width ?? 0,
      page: document.documentElement.scrollWidth,
    }));
    expect(widths.card).toBeGreaterThan(widths.grid - 2);
    expect(widths.page).toBeLessThanOrEqual(1280);
    await checkPage(page, 'reseau-experimentations');

    // The 2018 parcours is over, but three of its twelve pilots stopped at « Le modèle économique »: its status says so.
    await page.getByRole('navigation', { name: 'Sections de l’observatoire' }).getByRole('button', { name: 'Parcours d’expérience' }).click();
    await page
      .getByRole('table', { name: 'Parcours d’expérience' })
      .getByRole('cell', { name: 'Terminé (3 territoires sur 12 arrêtés avant la dernière étape)' })
      .waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'reseau-parcours');
  });

  it('in an English browser: dates the French way, a header of one height, filters kept in the address, the feed’s order said', async () => {
    const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${service.url}/#token=${tokens.operator}`);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.waitFor({ timeout: LOAD_MS });
    const banner = page.getByRole('banner');
    const height = (): Promise<number> => banner.evaluate((header) => header.getBoundingClientRect().height);

    // The header keeps one height from page to page, and while a page loads: the current page's link in bold once sent
    // the whole navigation to a second line on some pages (at 1,100 px), and so did a scrollbar appearing on a long
    // page (at 1,280 px).
    for (const width of [1280, 1100]) {
      await page.setViewportSize({ width, height: 900 });
      const heights = new Set<number>();
      for (const name of ['Réseau', 'Partenariats', 'Expérimentations', 'Rencontres', 'Territoires', 'Organisations', 'Salons', 'Opérations']) {
        await nav.getByRole('link', { name, exact: true }).click();
        await nav.locator('a[aria-current="page"]', { hasText: name }).waitFor({ timeout: LOAD_MS });
        heights.add(await height());
        // Once its data are read (no « Chargement en cours » left).
        await page.waitForFunction(() => document.querySelector('main .loading') === null, undefined, { timeout: LOAD_MS });
        heights.add(await height());
      }
      expect({ width, heights: [...heights].length }).toEqual({ width, heights: 1 });
    }

    // The as-of date reads and writes jj/mm/aaaa (an English date field shows mm/dd/yyyy), and goes to the address as ISO.
    await nav.getByRole('link', { name: 'Réseau', exact: true }).click();
    const day = page.getByLabel('À la date du');
    expect(await day.getAttribute('placeholder')).toBe('jj/mm/aaaa');
    await day.fill('31/12/2014');
    await page.getByText('Lu au 31 décembre 2014.').waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(new URL(page.url()).searchParams.get('au')).toBe('2014-12-31'));
    // The English order, a day that does not exist: said in French under the field, and not read.
    await day.fill('12/31/2014');
    await day.blur();
    await page.getByRole('alert').getByText('Le 12/31/2014 n’existe pas : vérifiez le jour et le mois (jj/mm/aaaa).').waitFor({ timeout: LIVE_MS });
    expect(new URL(page.url()).searchParams.get('au')).toBe('2014-12-31');
    await checkPage(page, 'reseau-navigateur-anglais');
    // A reload keeps the day; a link holding values that are not ones opens the page without them, its address corrected.
    await page.reload();
    await eventually(async () => expect(await page.getByLabel('À la date du').inputValue()).toBe('31/12/2014'));
    await page.goto(`${service.url}/reseau?au=2014-02-31&horloge=hier&section=nulle-part&region=Grand%20Est`);
    await eventually(async () => expect(new URL(page.url()).search).toBe('?region=Grand+Est'));
    expect(await page.getByLabel('À la date du').inputValue()).toBe('');
    await page.goto(`${service.url}/organisations?nature=association&nom=loisirs&maturite=pas-une-maturite&page=abc`);
    await eventually(async () => expect(new URL(page.url()).search).toBe('?nature=association&nom=loisirs'));
    expect(await page.getByRole('combobox', { name: 'Nature' }).inputValue()).toBe('association');
    expect(await page.getByLabel('Nom').inputValue()).toBe('loisirs');

    // The network's feed is in the order its facts were recorded, each dated when it happened: it says so, and a fact
    // dated before one above it says it was recorded afterwards.
    await page.goto(`${service.url}/salons/network`);
    await page
      .getByText('Dans l’ordre où les faits ont été enregistrés, le dernier en bas ; chacun est daté du jour où il s’est produit.')
      .waitFor({ timeout: LOAD_MS });
    const feed = page.getByRole('list', { name: 'Fil du salon' });
    await eventually(async () => {
      const rows = await feed.getByRole('listitem').evaluateAll((items) =>
        items.flatMap((li) => {
          const at = li.querySelector('time')?.getAttribute('datetime');
          return at ? [{ at: Date.parse(at), late: (li.textContent ?? '').includes('(enregistré après coup)') }] : [];
        }),
      );
      expect(rows.length).toBeGreaterThan(10);
      let latest = Number.NEGATIVE_INFINITY;
      for (const row of rows) {
        expect(row.late).toBe(row.at < latest);
        latest = Math.max(latest, row.at);
      }
      expect(rows.some((row) => row.late)).toBe(true);
    });
    await checkPage(page, 'salon-reseau-ordre');
  });

  it('shows the FLDA partnership renewed (cycle 2), and as of 2011 in its first pilotage', async () => {
    const { page } = await signedIn(tokens.claire);
    await page.getByRole('link', { name: 'Partenariats' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partenariats' }).waitFor({ timeout: LOAD_MS });
    // Territories are picked by name (with how many partnerships), not typed as identifiers.
    const territory = page.getByRole('combobox', { name: 'Territoire' });
    await territory.selectOption({ label: 'Ardèche (1)' });
    expect(await territory.inputValue()).toBe('ardeche');
    await eventually(async () => expect(new URL(page.url()).searchParams.get('territoire')).toBe('ardeche'));
    const flda = page.getByRole('link', { name: 'Projet-programme pour le maintien à domicile des personnes âgées en Ardèche' });
    await flda.waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'partenariats');

    await flda.click();
    const main = page.getByRole('main');
    // Renewed at the end of its first cycle (001): now in cycle 2, in pilotage.
    await eventually(async () => expect(await fields(main)).toMatchObject({ Cycle: '2', Phase: 'Pilotage' }));
    await main.getByText('Cycle 1 : Renouvelé le 14 décembre 2012').waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'partenariat-flda');

    // The as-of slider replays its life: on the last day of 2011 it was in cycle 1, in pilotage.
    const slider = main.getByRole('slider', { name: /Rejouer sa vie/ });
    await slider.focus();
    await slider.press('Home');
    for (let i = 0; i < 500; i++) {
      await slider.press('ArrowRight');
      const shown = (await slider.getAttribute('aria-valuetext')) ?? '';
      if (!/\b(19|20)\d\d\b/.test(shown) || Number(/\b((?:19|20)\d\d)\b/.exec(shown)?.[1]) >= 2012) {
        await slider.press('ArrowLeft');
        break;
      }
    }
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/2011$/);
    await eventually(async () => expect(await fields(main)).toMatchObject({ Cycle: '1', Phase: 'Pilotage' }));
    expect(await main.getByText('Cycle 1 : Renouvelé le 14 décembre 2012').count()).toBe(0);
    // Replaying a day past, the page says it does not follow the live feed.
    await main.getByText(/^Vue au .+ 2011 : la page ne suit pas le direct\.$/).waitFor({ timeout: LOAD_MS });
    expect(await main.getByText('Suivi en direct : la page se met à jour d’elle-même.').count()).toBe(0);
    // The day shown is in the address: a reload shows the same day.
    expect(new URL(page.url()).searchParams.get('au')).toMatch(/^2011-\d{2}-\d{2}$/);
    await page.reload();
    await eventually(async () => expect(await fields(main)).toMatchObject({ Cycle: '1', Phase: 'Pilotage' }));
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/2011$/);
    await checkPage(page, 'partenariat-flda-2011');
  });

  it('shows the boards of the network’s work: Expérimentations, Rencontres, Territoires', async () => {
    const { page } = await signedIn(tokens.claire);
    const main = page.getByRole('main');
    const boards: [nav: string, file: string, link: string | RegExp, check: RegExp][] = [
      ['Expérimentations', 'experimentations', 'Agir ensemble à Charenton-Saint-Maurice', /142/],
      ['Rencontres', 'rencontres', /.+/, /.+/],
      ['Territoires', 'territoires', 'Alsace', /70/],
    ];
    for (const [nav, file, link, check] of boards) {
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: nav }).click();
      await page.getByRole('heading', { level: 1, name: nav }).waitFor({ timeout: LOAD_MS });
      const first = main.getByRole('table').first().getByRole('link', { name: link }).first();
      await first.waitFor({ timeout: LOAD_MS });
      await checkPage(page, file);
      const name = (await first.innerText()).trim();
      await first.click();
      await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: LOAD_MS });
      await main.getByText(check).first().waitFor({ timeout: LOAD_MS });
      await checkPage(page, `${file}-fiche`);
    }

    // Silver Geek's invitation has no volunteers: its fields leave them out (« 20 (undefined volontaires) » before).
    await page.goto(`${service.url}/experimentations/silver-geek`);
    await page.getByRole('heading', { level: 1, name: 'Dialoguer et agir ensemble pour plus de solidarité' }).waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(await fields(main)).toMatchObject({ 'Dirigeants invités': '20', Restitution: 'aucune (étape passée)' }));
    // What was recorded of its action: 15 lieux d'accueil, 8 months, its three briques, and its evaluation's indicators.
    await main
      .getByRole('table', { name: 'Actions adoptées' })
      .getByRole('row', { name: /Silver Geek.+\s15\s+8\smois\s+Prêt de matériel, Animation, Évaluation\s+Concluante$/ })
      .waitFor({ timeout: LOAD_MS });
    await main
      .getByRole('list', { name: /^Indicateurs : Silver Geek/ })
      .getByText(/^Durée de l’expérimentation\s:\s8\smois$/)
      .waitFor({ timeout: LIVE_MS });
    expect(await main.innerText()).not.toMatch(/\b(?:undefined|null|NaN)\b/);
    await checkPage(page, 'experimentation-silver-geek');

    // Charenton-Saint-Maurice's restitution of 5 June 2013 (118 dirigeants: 40 % associations, 40 % entreprises, 20 %
    // from outside the territory), beside its invitation (142: 71 associations, 43 entreprises, 28 collectivités).
    await page.goto(`${service.url}/experimentations/agir-ensemble-charenton`);
    await page.getByRole('heading', { level: 1, name: 'Agir ensemble à Charenton-Saint-Maurice' }).waitFor({ timeout: LOAD_MS });
    await eventually(async () =>
      expect(await fields(main)).toMatchObject({
        Catégorie: 'Expérimentation collective',
        'Restitution le': '5 juin 2013',
        'Dirigeants à la restitution': '118',
      }),
    );
    const composition = main.getByRole('table', { name: 'Dirigeants présents par sphère' });
    await composition.getByRole('row', { name: /^Association\s+71 \(50\s%\)\s+47 \(40\s%\)$/ }).waitFor({ timeout: LOAD_MS });
    await composition.getByRole('row', { name: /^Venus de l’extérieur du territoire\s+—\s+24 \(20\s%\)$/ }).waitFor({ timeout: LIVE_MS });
    await composition.getByRole('row', { name: /^Total\s+142\s+118$/ }).waitFor({ timeout: LIVE_MS });
    expect(await main.innerText()).not.toMatch(/\b(?:undefined|null|NaN)\b/);
    await checkPage(page, 'experimentation-charenton');

    // A territory's scale and typology in French words, not the domain's codes (« departemental » before).
    for (const [id, name, scale, typology] of [
      ['ardeche', 'Ardèche', 'départemental', 'rural'],
      ['alsace', 'Alsace', 'régional', 'transfrontalier'],
    ] as const) {
      await page.goto(`${service.url}/territoires/${id}`);
      await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: LOAD_MS });
      await eventually(async () => expect(await fields(main)).toMatchObject({ Échelle: scale, Typologie: typology }));
    }
    await checkPage(page, 'territoire-alsace');

    // Centre-Val de Loire's diagnostic: its key figures (more than 2.5 million inhabitants, 4 % of France) and its
    // indicators against the national average (the demo's orders of magnitude: 10.8 % of 75 and over, 9.3 % in France).
    await page.goto(`${service.url}/territoires/centre-val-de-loire`);
    await page.getByRole('heading', { level: 1, name: 'Centre-Val de Loire' }).waitFor({ timeout: LOAD_MS });
    await main
      .getByRole('list', { name: 'Chiffres clés du territoire' })
      .getByRole('listitem')
      .filter({ hasText: /^2\s500\s000\shabitants\s*Population\s*4\s% de la France$/ })
      .waitFor({ timeout: LOAD_MS });
    await main
      .getByRole('table', { name: 'Indicateurs du territoire face à la moyenne nationale' })
      .getByRole('row', { name: /^Part des 75 ans et plus\s+Vieillissement\s+10,8\s%\s+9,3\s%\s+\+1,5\spoint au-dessus de la moyenne$/ })
      .waitFor({ timeout: LIVE_MS });
    // No introduction there (the demo's are the Labo's, in Alsace): said in words, not an empty chart.
    await main.getByText('Aucune mise en relation sur ce territoire pour l’instant.').waitFor({ timeout: LIVE_MS });
    expect(await main.getByRole('img', { name: /Entonnoir des mises en relation/ }).count()).toBe(0);
    expect(await main.innerText()).not.toMatch(/\b(?:undefined|null|NaN)\b/);
    await checkPage(page, 'territoire-centre-val-de-loire');

    // The Ardèche's needs answered by the FLDA's results, carried by the FLDA and the Conseil général (by their names).
    await page.goto(`${service.url}/territoires/ardeche`);
    await page.getByRole('heading', { level: 1, name: 'Ardèche' }).waitFor({ timeout: LOAD_MS });
    await main
      .getByRole('table', { name: 'Actions qui répondent aux besoins' })
      .getByRole('row')
      .filter({ hasText: 'La Maison de Lionel, structure expérimentale de répit et de soins palliatifs' })
      .filter({ hasText: '4 janvier 2010' })
      .filter({ hasText: 'Santé, Perte d’autonomie' })
      .filter({ hasText: 'Fondation de la Caisse d’Épargne Loire-Drôme-Ardèche, Conseil général de l’Ardèche' })
      .waitFor({ timeout: LOAD_MS });
    await main
      .getByRole('table', { name: /^Besoins du territoire/ })
      .getByRole('row', { name: /^Perte d’autonomie\s+oui\s+3\s+/ })
      .waitFor({ timeout: LIVE_MS });
    expect(await main.innerText()).not.toMatch(/\b(?:undefined|null|NaN)\b/);
    await checkPage(page, 'territoire-ardeche');
  });

  it('a catalyseur runs a gathering from Rencontres: scheduled, two registered, held, attendance recorded; a partner sees no form', async () => {
    const { page } = await signedIn(tokens.claire);
    const main = page.getByRole('main');
    const theme = 'Atelier des essais de la console : le mécénat de compétences';
    const later = inDays(7);
    const today = todayInParis();
    const saved = async (scope: Locator): Promise<void> => scope.getByRole('status').getByText('Enregistré.').waitFor({ timeout: LOAD_MS });

    // ── Programmer une rencontre, from the list (a double click schedules it once). ──
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Rencontres' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rencontres' }).waitFor({ timeout: LOAD_MS });
    await main.getByRole('button', { name: 'Programmer une rencontre' }).click();
    const scheduling = main.getByRole('region', { name: 'Programmer une rencontre' });
    await scheduling.getByLabel('Type').selectOption({ label: 'Atelier' });
    await scheduling.getByLabel('Thème').fill(theme);
    // Dates are typed the French way (jj/mm/aaaa), whatever the browser's language.
    await scheduling.getByLabel('Date').fill(slashed(later));
    await scheduling.getByLabel('Heure de début').fill('14:00');
    await scheduling.getByLabel('Heure de fin').fill('17:00');
    await scheduling.getByLabel('Lieu').fill('Privas, salle des fêtes');
    await scheduling.getByLabel('Capacité (facultatif)').fill('30');
    await eventually(async () => expect(await scheduling.getByLabel('Territoire').locator('option', { hasText: 'Ardèche' }).count()).toBeGreaterThan(0));
    await scheduling.getByLabel('Territoire').selectOption({ label: 'Ardèche' });
    await checkPage(page, 'rencontre-programmer');
    await scheduling.getByRole('button', { name: 'Programmer la rencontre' }).dblclick();
    await page.getByRole('heading', { level: 1, name: theme }).waitFor({ timeout: LOAD_MS });
    const id = decodeURIComponent(new URL(page.url()).pathname.replace(/^\/rencontres\//, ''));
    await eventually(async () =>
      expect(await fields(main)).toMatchObject({
        Type: 'Atelier',
        Date: `${frenchDay(later)}, 14\u00a0h\u00a0– 17\u00a0h`,
        Lieu: 'Privas, salle des fêtes',
        Statut: 'Programmée',
        Territoire: 'Ardèche',
        'Inscrits / présents': '0 / 0 (30 places)',
      }),
    );
    await main.getByText('Suivi en direct : la page se met à jour d’elle-même.').waitFor({ timeout: LOAD_MS });
    const http = new HttpClient(service.url, tokens.claire);
    const same = expectStatus(await http.get<{ items: { theme: string }[] }>(`/api/gatherings?month=${later.slice(0, 7)}&limit=100`), 200).items.filter(
      (g) => g.theme === theme,
    );
    expect(same).toHaveLength(1);

    // ── Two participants register (a double click registers once), a third cancels. ──
    const actions = main.getByRole('region', { name: 'Faire vivre la rencontre' });
    const register = actions.getByRole('form', { name: 'Inscrire un participant' });
    const participants = main.getByRole('table').last();
    for (const [name, organisation, sphere] of [
      ['Marie Dupont', 'Fédération des Loisirs de Demain', 'Association'],
      ['Paul Martin', 'Imprimerie Durand', 'Entreprise'],
      ['Léa Bernard', 'Conseil général de l’Ardèche', 'Collectivité'],
    ] as const) {
      await register.getByLabel('Nom').fill(name);
      await register.getByLabel('Organisation', { exact: true }).fill(organisation);
      await register.getByLabel('Sphère').selectOption({ label: sphere });
      await register.getByRole('button', { name: 'Inscrire' }).dblclick();
      await saved(register);
      await participants.getByRole('row').filter({ hasText: name }).filter({ hasText: 'inscrit·e' }).waitFor({ timeout: LOAD_MS });
    }
    await eventually(async () => expect(await fields(main)).toMatchObject({ 'Inscrits / présents': '3 / 0 (30 places)' }));
    await participants.getByRole('button', { name: 'Annuler l’inscription de Léa Bernard' }).click();
    const unregister = main.getByRole('form', { name: 'Annuler l’inscription de Léa Bernard' });
    await unregister.getByLabel('Motif (facultatif)').fill('Empêchée ce jour-là');
    await unregister.getByRole('button', { name: 'Annuler l’inscription', exact: true }).click();
    await main.getByRole('status').getByText('Inscription annulée.').waitFor({ timeout: LOAD_MS });
    await participants.getByRole('row').filter({ hasText: 'Léa Bernard' }).filter({ hasText: 'inscription annulée' }).waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(await fields(main)).toMatchObject({ 'Inscrits / présents': '2 / 0 (30 places)' }));
    await checkPage(page, 'rencontre-inscriptions');

    // ── Not held before its date: no form that could only be refused, the card says when it can be. ──
    const hold = actions.getByRole('form', { name: 'Marquer la rencontre tenue' });
    await actions.getByText(`Elle pourra être marquée tenue à partir du ${frenchDay(later)}, le jour venu.`, { exact: false }).waitFor({ timeout: LOAD_MS });
    expect(await hold.count()).toBe(0);
    await checkPage(page, 'rencontre-a-venir');

    // ── Moved to today, its end time removed, then held. ──
    const reschedule = actions.getByRole('form', { name: 'Reprogrammer' });
    // Its end time too, prefilled with the current one: emptied, the gathering has none any more.
    expect(await reschedule.getByLabel('Heure de fin').inputValue()).toBe('17:00');
    await reschedule.getByLabel('Nouvelle date').fill(slashed(today));
    await reschedule.getByLabel('Heure de fin').fill('');
    await reschedule.getByLabel('Motif').fill('La salle s’est libérée plus tôt');
    await reschedule.getByRole('button', { name: 'Reprogrammer' }).click();
    await saved(reschedule);
    await eventually(async () => expect(await fields(main)).toMatchObject({ Date: `${frenchDay(today)}, 14\u00a0h` }));
    await eventually(async () => expect(await hold.getByLabel('Tenue le').inputValue()).toBe(slashed(today)));
    await hold.getByRole('button', { name: 'Marquer tenue' }).click();
    await actions.getByRole('status').getByText('Rencontre marquée tenue.').waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(await fields(main)).toMatchObject({ Statut: 'Tenue' }));
    expect(await actions.getByRole('form', { name: 'Inscrire un participant' }).count()).toBe(0);

    // ── The sign-in sheet: Marie came, Paul did not. Before it, the attendance is « non relevé », not « 0 % ». ──
    await eventually(async () => expect(await fields(main)).toMatchObject({ 'Taux de présence': 'non relevé' }));
    await participants.getByRole('row').filter({ hasText: 'Paul Martin' }).filter({ hasText: 'à relever' }).waitFor({ timeout: LOAD_MS });
    const sheet = actions.getByRole('form', { name: 'Enregistrer les présences' });
    expect(await sheet.getByRole('checkbox').count()).toBe(2);
    await sheet.getByRole('checkbox', { name: /Marie Dupont/ }).check();
    await sheet.getByRole('button', { name: 'Enregistrer les présences' }).click();
    await saved(sheet);
    await participants.getByRole('row').filter({ hasText: 'Marie Dupont' }).filter({ hasText: 'présent·e' }).waitFor({ timeout: LOAD_MS });
    await participants.getByRole('row').filter({ hasText: 'Paul Martin' }).filter({ hasText: 'absent·e' }).waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(await fields(main)).toMatchObject({ 'Inscrits / présents': '2 / 1 (30 places)', 'Taux de présence': '50 %' }));
    expect(await sheet.getByRole('checkbox', { name: /Marie Dupont/ }).isDisabled()).toBe(true);
    await sheet.getByText('Une présence enregistrée ne se retire pas.', { exact: false }).waitFor({ timeout: LOAD_MS });
    const text = await main.innerText();
    expect(text).not.toMatch(/\b(?:undefined|null|NaN)\b|\d{4}-\d{2}-\d{2}|RULE_VIOLATED|scheduled|held\b/);
    await checkPage(page, 'rencontre-tenue');

    // ── Another one cancelled: its actions go, what came of the cancel stays said. ──
    const other = expectStatus(
      await http.post<{ id: string }>('/api/gatherings', { kind: 'atelier', theme: `${theme} (annulé)`, date: later, place: 'Privas' }),
      201,
    );
    await page.goto(`${service.url}/rencontres/${encodeURIComponent(other.id)}`);
    const cancelling = main.getByRole('form', { name: 'Annuler la rencontre' });
    await cancelling.getByLabel('Motif').fill('Salle indisponible');
    await cancelling.getByRole('button', { name: 'Annuler la rencontre' }).click();
    await main.getByRole('status').getByText('Rencontre annulée.').waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(await fields(main)).toMatchObject({ Statut: 'Annulée' }));
    expect(await main.getByRole('region', { name: 'Faire vivre la rencontre' }).count()).toBe(0);

    // ── A partner: no Rencontres, no form. ──
    const { page: partnerPage } = await signedIn(tokens.chantier);
    expect(await partnerPage.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Rencontres' }).count()).toBe(0);
    await partnerPage.goto(`${service.url}/rencontres/${encodeURIComponent(id)}`);
    await partnerPage.getByRole('heading', { level: 1, name: 'Page réservée' }).waitFor({ timeout: LOAD_MS });
    await partnerPage.getByText('Cette page est réservée aux catalyseurs et aux opérateurs.').waitFor({ timeout: LOAD_MS });
    expect(await partnerPage.getByRole('form').count()).toBe(0);
    expect(await partnerPage.getByRole('button', { name: /Programmer|Inscrire|Marquer/ }).count()).toBe(0);
  });

  it('lists the organisations, filtered; an organisation’s page shows its profile and lists, and follows its room live', async () => {
    const { page } = await signedIn(tokens.claire);
    const main = page.getByRole('main');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor({ timeout: LOAD_MS });
    // The Labo involved 150 entreprises of Alsace (001), each an organisation with its page.
    await page.getByRole('combobox', { name: 'Territoire' }).selectOption({ label: 'Alsace' });
    await page.getByRole('combobox', { name: 'Nature' }).selectOption({ label: 'Entreprise' });
    await main
      .getByRole('status')
      .getByText(/^150 organisations · 1 à 25$/)
      .waitFor({ timeout: LOAD_MS });
    const rows = main.getByRole('table', { name: 'Organisations' }).getByRole('row');
    expect(await rows.count()).toBe(26);
    expect(await rows.nth(1).getByRole('cell').nth(1).innerText()).toBe('Entreprise');
    await checkPage(page, 'organisations');

    await page.goto(`${service.url}/organisations/lyonnaise-des-eaux`);
    await page.getByRole('heading', { level: 1, name: 'Lyonnaise des Eaux' }).waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(await fields(main)).toMatchObject({ Nature: 'Entreprise', Territoire: 'Alsace' }));
    for (const heading of ['Stratégie d’alliance', 'Accompagnements', 'Partenariats', 'Mises en relation', 'Rencontres']) {
      await main.getByRole('heading', { level: 2, name: heading, exact: true }).waitFor({ timeout: LIVE_MS });
    }
    await main.getByRole('table', { name: 'Partenariats' }).getByRole('link', { name: LYONNAISE_TITLE }).waitFor({ timeout: LIVE_MS });
    await main
      .getByRole('table', { name: 'Mises en relation' })
      .getByRole('row')
      .filter({ hasText: 'Chantier d’insertion local' })
      .getByRole('link', { name: LYONNAISE_TITLE })
      .waitFor({ timeout: LIVE_MS });
    await main.getByText('Suivi en direct : la page se met à jour d’elle-même.').waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'organisation-lyonnaise');

    // Its alliance strategy recorded elsewhere: the page follows `organisation:lyonnaise-des-eaux` and reads itself again.
    const operator = new HttpClient(service.url, tokens.operator);
    const before = expectStatus(await operator.get<{ strategy?: { maturity: string } }>('/api/organisations/lyonnaise-des-eaux'), 200);
    const maturity = before.strategy?.maturity === 'strategique' ? 'experimentee' : 'strategique';
    expectStatus(
      await operator.post('/api/organisations/lyonnaise-des-eaux/record-strategy', { maturity, objectiveFamilies: ['innovation', 'parties_prenantes'] }),
      200,
    );
    const strategy = main.getByRole('region', { name: 'Stratégie d’alliance' });
    await eventually(async () =>
      expect(await fields(strategy)).toMatchObject({
        Maturité: maturity === 'strategique' ? 'Stratégique' : 'Expérimentée',
        'Objectifs recherchés': 'Innovation, Parties prenantes',
      }),
    );

    // The chantier d'insertion: prepared by the Labo before the 2013 speed dating, its accompaniment closed ready.
    await page.goto(`${service.url}/organisations/chantier-insertion-enrobes`);
    await page.getByRole('heading', { level: 1, name: 'Chantier d’insertion local' }).waitFor({ timeout: LOAD_MS });
    await main
      .getByRole('table', { name: 'Accompagnements' })
      .getByRole('row')
      .filter({ hasText: 'préparer un premier partenariat avec une entreprise' })
      .filter({ hasText: alsaceCatalyseurName })
      .getByText(/^Clos le .* : Prête à s’allier$/)
      .waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'organisation-chantier');
  });

  it('a catalyseur registers an organisation from the console, records its strategy, opens an accompaniment and holds a session; a partner sees no form', async () => {
    const id = 'centre-social-de-privas-essai-console';
    const name = 'Centre social de Privas (essai console)';
    const { page } = await signedIn(tokens.claire);
    const main = page.getByRole('main');
    const saved = async (scope: Locator): Promise<void> => scope.getByRole('status').getByText('Enregistré.').waitFor({ timeout: LOAD_MS });
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Organisations' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisations' }).waitFor({ timeout: LOAD_MS });
    await main.getByRole('button', { name: 'Enregistrer une organisation' }).click();
    const register = main.getByRole('form', { name: 'Enregistrer une organisation' });
    // The id follows the name until it is typed.
    await register.getByRole('textbox', { name: 'Nom' }).fill(name);
    expect(await register.getByRole('textbox', { name: 'Identifiant' }).inputValue()).toBe(id);
    await register.getByRole('combobox', { name: 'Nature' }).selectOption({ label: 'Association' });
    await register.getByRole('combobox', { name: 'Taille' }).selectOption({ label: 'TPE (moins de 10 personnes)' });
    await register.getByRole('combobox', { name: 'Territoire' }).selectOption({ label: 'Ardèche' });
    // Refused, in French: a SIREN with a wrong check digit, then an id already taken.
    const registry = register.getByRole('textbox', { name: 'N° SIREN ou RNA (facultatif)' });
    const submit = register.getByRole('button', { name: 'Enregistrer l’organisation' });
    await registry.fill('356 000 001');
    await submit.click();
    await register
      .getByRole('alert')
      .getByText(
        'Rien n’a été enregistré. La demande est invalide : le numéro SIREN ou RNA doit être un SIREN (9 chiffres, le dernier étant sa clé de contrôle) ou un numéro RNA (W suivi de 9 chiffres).',
      )
      .waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'organisation-enregistrer-refus');
    await registry.fill('W073009876');
    await register.getByRole('textbox', { name: 'Identifiant' }).fill('lyonnaise-des-eaux');
    await submit.click();
    await register
      .getByRole('alert')
      .getByText('Rien n’a été enregistré. Une organisation porte déjà cet identifiant : choisissez-en un autre.')
      .waitFor({ timeout: LOAD_MS });
    await register.getByRole('textbox', { name: 'Identifiant' }).fill(id);
    await submit.click();
    // Registered: its page opens, its profile in French.
    await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: LOAD_MS });
    expect(new URL(page.url()).pathname).toBe(`/organisations/${id}`);
    await eventually(async () =>
      expect(await fields(main)).toMatchObject({
        Nature: 'Association',
        Taille: 'TPE (moins de 10 personnes)',
        Territoire: 'Ardèche',
        'N° SIREN / RNA': 'RNA W073009876',
        'Inscrite le': frenchDay(todayInParis()),
      }),
    );
    await main.getByText('Suivi en direct : la page se met à jour d’elle-même.').waitFor({ timeout: LOAD_MS });

    // Its alliance strategy.
    const acting = main.getByRole('region', { name: 'Agir pour l’organisation' });
    const strategyForm = acting.getByRole('form', { name: 'Enregistrer la stratégie d’alliance' });
    await strategyForm.getByRole('combobox', { name: 'Maturité' }).selectOption({ label: 'Engagée' });
    await strategyForm.getByRole('checkbox', { name: 'Innovation' }).check();
    await strategyForm.getByRole('checkbox', { name: 'Parties prenantes' }).check();
    await strategyForm.getByRole('button', { name: 'Enregistrer la stratégie' }).click();
    await saved(strategyForm);
    expect(await fields(main.getByRole('region', { name: 'Stratégie d’alliance' }))).toEqual({
      Maturité: 'Engagée',
      'Objectifs recherchés': 'Innovation, Parties prenantes',
      'Enregistrée le': frenchDay(todayInParis()),
    });

    // An accompaniment, opened in the catalyseur's own name (a double click opens one).
    const openForm = acting.getByRole('form', { name: 'Ouvrir un accompagnement' });
    await openForm.getByText('Vous accompagnerez l’organisation : l’accompagnement est ouvert en votre nom.').waitFor({ timeout: LIVE_MS });
    await openForm.getByRole('textbox', { name: 'Objet de l’accompagnement' }).fill('préparer le centre social à un premier partenariat');
    await openForm.getByRole('button', { name: 'Ouvrir l’accompagnement' }).dblclick();
    await saved(openForm);
    const accompaniments = main.getByRole('table', { name: 'Accompagnements' });
    const row = accompaniments.getByRole('row').filter({ hasText: 'préparer le centre social à un premier partenariat' });
    await row.filter({ hasText: names.claire }).getByText('En cours').waitFor({ timeout: LOAD_MS });
    expect(await row.count()).toBe(1);

    // A session held (a double click records one).
    await row.getByRole('button', { name: /^Séance/ }).click();
    const sessionForm = main.getByRole('form', { name: /^Tenir une séance/ });
    await sessionForm.getByRole('textbox', { name: 'Sujets abordés (un par ligne)' }).fill('gouvernance\nmécénat de compétences');
    await sessionForm.getByRole('textbox', { name: 'Ce qui en est ressorti' }).fill('Le bureau veut un partenaire local ; une rencontre est à prévoir.');
    await sessionForm.getByRole('button', { name: 'Enregistrer la séance' }).dblclick();
    await main.getByRole('status').getByText('Enregistré.').waitFor({ timeout: LOAD_MS });
    const sessions = async (): Promise<string[]> => (await row.getByRole('cell').allInnerTexts()).slice(3, 5);
    await eventually(async () => expect(await sessions()).toEqual(['1', frenchDay(todayInParis())]));
    await page.waitForTimeout(LIVE_MS);
    expect(await sessions()).toEqual(['1', frenchDay(todayInParis())]);
    expect(await main.innerText()).not.toMatch(/\b(?:undefined|null|NaN)\b|\d{4}-\d{2}-\d{2}/);
    await checkPage(page, 'organisation-agir');

    // Its partner reads it, and acts on nothing.
    const { page: partner } = await signedIn(await mintToken(data.dir, { sub: 'responsable-csc-essai', role: 'partner', org: id }));
    await partner.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon organisation' }).click();
    const partnerMain = partner.getByRole('main');
    await partner.getByRole('heading', { level: 1, name }).waitFor({ timeout: LOAD_MS });
    await partnerMain
      .getByRole('table', { name: 'Accompagnements' })
      .getByRole('row')
      .filter({ hasText: 'préparer le centre social à un premier partenariat' })
      .waitFor({ timeout: LOAD_MS });
    expect(await partnerMain.getByRole('region', { name: 'Agir pour l’organisation' }).count()).toBe(0);
    expect(await partnerMain.getByRole('form').count()).toBe(0);
    expect(await partnerMain.getByRole('button').count()).toBe(0);
    await checkPage(partner, 'organisation-partenaire');
  });

  it('a partner opens its own organisation, and reads the refusal for another', async () => {
    const { page } = await signedIn(tokens.chantier);
    const main = page.getByRole('main');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    expect(await nav.getByRole('link', { name: 'Organisations' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Mon organisation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Chantier d’insertion local' }).waitFor({ timeout: LOAD_MS });
    await main.getByRole('table', { name: 'Partenariats' }).getByRole('link', { name: LYONNAISE_TITLE }).waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'mon-organisation');
    await page.goto(`${service.url}/organisations/lyonnaise-des-eaux`);
    await main
      .getByRole('alert')
      .getByText('Impossible de charger l’organisation. Ces données sont celles d’une autre organisation : vous ne consultez que celles de la vôtre.')
      .waitFor({ timeout: LOAD_MS });
    // Another organisation's partnership: the refusal said once, not again under « Chronologie ».
    await page.goto(`${service.url}/partenariats/flda-cg-ardeche`);
    await main
      .getByRole('alert')
      .getByText(/Votre organisation n’est pas partenaire de ce partenariat/)
      .waitFor({ timeout: LOAD_MS });
    await page.waitForTimeout(LIVE_MS);
    expect(await main.getByRole('alert').count()).toBe(1);
    expect(await main.getByRole('heading', { name: 'Chronologie' }).count()).toBe(0);
    // A partner whose organisation is not registered yet reads who may register it.
    const { page: unregistered } = await signedIn(await mintToken(data.dir, { sub: 'responsable-lien', role: 'partner', org: 'asso-lien' }));
    await unregistered.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon organisation' }).click();
    await unregistered
      .getByRole('main')
      .getByText('Votre organisation (asso-lien) n’est pas encore enregistrée dans Catalyse : votre catalyseur ou un opérateur peut l’enregistrer.')
      .waitFor({ timeout: LOAD_MS });
    expect(await unregistered.getByRole('main').getByText('Introuvable').count()).toBe(0);
  });

  it('tells a catalyseur the directory does not know why its portfolio is empty, and follows no feed for it', async () => {
    const { page } = await signedIn(await mintToken(data.dir, { sub: 'catalyseur-inconnu', role: 'catalyseur' }));
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon portefeuille' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon portefeuille' }).waitFor({ timeout: LOAD_MS });
    const main = page.getByRole('main');
    await main
      .getByRole('note')
      .getByText(/^Vous ne figurez pas encore dans l’annuaire des catalyseurs territoriaux/)
      .waitFor({ timeout: LOAD_MS });
    await main.getByText('Vous n’accompagnez aucun partenariat.').waitFor({ timeout: LOAD_MS });
    expect(await main.getByText('Suivi en direct').count()).toBe(0);
    await checkPage(page, 'portefeuille-hors-annuaire');
  });

  it('shows a catalyseur its portfolio live, and who accompanies a partnership; one nobody accompanies can be taken up', async () => {
    const { page } = await signedIn(tokens.alsace);
    const main = page.getByRole('main');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon portefeuille' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mon portefeuille' }).waitFor({ timeout: LOAD_MS });
    // The Labo's catalyseur accompanies 63 of its 70 partnerships (001), and prepared 7 associations.
    const partnerships = main.getByRole('table', { name: 'Partenariats accompagnés' });
    await partnerships
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: LYONNAISE_TITLE }) })
      .waitFor({ timeout: LOAD_MS });
    const organisations = main.getByRole('table', { name: 'Organisations accompagnées' });
    await organisations
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'Chantier d’insertion local' }) })
      .getByText('Clos : Prête à s’allier')
      .waitFor({ timeout: LOAD_MS });
    await main.getByText('Suivi en direct : la page se met à jour d’elle-même.').waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'portefeuille');

    // Assigned elsewhere (an operator), the partnership appears in the portfolio: it follows `portfolio:{sub}`.
    // Two of the Labo's 7 partnerships it did not accompany (001), still running (a closed one takes no command).
    const operator = new HttpClient(service.url, tokens.operator);
    const alsace = expectStatus(
      await operator.get<{ items: { id: string; title: string; phase: string; catalyseurs: string[] }[] }>('/api/partnerships?territory=alsace&limit=100'),
      200,
    ).items.filter((p) => p.catalyseurs.length === 0 && p.phase !== 'closed');
    const [taken, assigned] = alsace;
    if (!taken || !assigned) throw new Error(`expected two running partnerships nobody accompanies in Alsace, found ${alsace.length}`);
    expectStatus(await operator.post(`/api/partnerships/${assigned.id}/assign-catalyseur`, { catalyseurId: alsaceCatalyseur }), 200);
    await partnerships.getByRole('link', { name: assigned.title }).waitFor({ timeout: LOAD_MS });

    // A partnership nobody accompanies: the catalyseur takes it up itself, and the page shows it.
    await page.goto(`${service.url}/partenariats/${taken.id}`);
    const accompanying = main.getByRole('region', { name: 'Accompagnement' });
    await accompanying.getByText('Aucun catalyseur n’accompagne ce partenariat.').waitFor({ timeout: LOAD_MS });
    // Its feed is for the catalyseurs who accompany it (`catalyseur-of-partnership`): not followed yet.
    await main.getByText('Pas de suivi en direct : il est réservé aux catalyseurs qui accompagnent ce partenariat.').waitFor({ timeout: LOAD_MS });
    const chronology = main.getByRole('list', { name: 'Chronologie du partenariat' });
    await chronology.getByText('Partenariat proposé').first().waitFor({ timeout: LOAD_MS });
    // Named once its card is read (the id until then): either counts.
    const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const assignments = chronology
      .getByRole('listitem')
      .filter({ hasText: new RegExp(`Catalyseur assigné · (${escaped(alsaceCatalyseurName)}|${escaped(alsaceCatalyseur)})`) });
    const assignedBefore = await assignments.count();
    await checkPage(page, 'partenariat-sans-catalyseur');
    await accompanying.getByRole('button', { name: 'Accompagner ce partenariat' }).click();
    await accompanying
      .getByRole('listitem')
      .filter({ hasText: `(${alsaceCatalyseur}) — vous` })
      .waitFor({ timeout: LOAD_MS });
    expect(await accompanying.getByRole('button', { name: 'Accompagner ce partenariat' }).count()).toBe(0);
    // Now accompanying it, the page follows its feed, and the chronology shows the assignment without a reload, once.
    await main.getByText('Suivi en direct : la page se met à jour d’elle-même.').waitFor({ timeout: LOAD_MS });
    await assignments.nth(assignedBefore).waitFor({ timeout: LOAD_MS });
    await page.waitForTimeout(LIVE_MS);
    expect(await assignments.count()).toBe(assignedBefore + 1);
    await chronology
      .getByRole('listitem')
      .filter({ hasText: `Catalyseur assigné · ${alsaceCatalyseurName}` })
      .first()
      .waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'partenariat-accompagne');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon portefeuille' }).click();
    await partnerships.getByRole('link', { name: taken.title }).waitFor({ timeout: LOAD_MS });
  });

  it('a partner pair and their catalyseur steer a partnership through the console, from cadrage to its conclusion', async () => {
    const id = 'pilotage-console-e2e';
    const asso = { orgId: 'atelier-numerique-solidaire', name: 'Atelier numérique solidaire', sphere: 'association' };
    const firm = { orgId: 'imprimerie-durand', name: 'Imprimerie Durand', sphere: 'entreprise' };
    // Proposed by catalyseur-001 (Claire), who therefore accompanies it (docs/adr/0025).
    const claire = new HttpClient(service.url, tokens.claire);
    expectStatus(
      await claire.post('/api/partnerships', {
        id,
        title: 'Ateliers numériques et impression solidaire',
        territory: { id: 'ardeche', name: 'Ardèche', scale: 'departemental' },
        partners: [asso, firm],
        modes: ['innovation_societale'],
      }),
      201,
    );
    const assoToken = await mintToken(data.dir, { sub: 'responsable-atelier', role: 'partner', org: asso.orgId });
    const firmToken = await mintToken(data.dir, { sub: 'directrice-imprimerie', role: 'partner', org: firm.orgId });
    const board = (page: Page) => page.getByRole('main');
    const steering = (page: Page) => board(page).getByRole('region', { name: 'Piloter le partenariat' });
    const form = (page: Page, name: string) => steering(page).getByRole('form', { name });
    const partnersCard = (page: Page) => board(page).getByRole('region', { name: 'Partenaires et objectifs' });
    const saved = async (scope: Locator): Promise<void> => scope.getByRole('status').getByText('Enregistré.').waitFor({ timeout: LOAD_MS });

    // ── Cadrage: each partner agrees its own objectives (no choice of organisation for a partner). ──
    const { page: assoPage } = await signedIn(assoToken);
    await assoPage.goto(`${service.url}/partenariats/${id}`);
    const assoObjectives = form(assoPage, 'Convenir des objectifs');
    await assoObjectives.getByText('Les objectifs de votre organisation, Atelier numérique solidaire.').waitFor({ timeout: LOAD_MS });
    expect(await assoObjectives.getByRole('combobox', { name: 'Partenaire' }).count()).toBe(0);
    await assoObjectives.getByRole('checkbox', { name: 'Innovation' }).check();
    await assoObjectives.getByRole('checkbox', { name: 'Ressources humaines' }).check();
    await assoObjectives.getByRole('button', { name: 'Convenir des objectifs' }).click();
    await saved(assoObjectives);
    await partnersCard(assoPage)
      .getByText(/Atelier numérique solidaire \(Association\) : Ressources humaines, Innovation|Innovation, Ressources humaines/)
      .waitFor({ timeout: LOAD_MS });
    // A refusal, in French: pilotage before every partner agreed its objectives.
    const start = form(assoPage, 'Commencer le pilotage');
    await start.getByRole('button', { name: 'Commencer le pilotage' }).click();
    await start
      .getByRole('alert')
      .getByText('Rien n’a été enregistré. Chaque partenaire doit convenir de ses objectifs avant le pilotage (il manque : Imprimerie Durand).')
      .waitFor({ timeout: LOAD_MS });
    await checkPage(assoPage, 'pilotage-cadrage-refus');

    const { page: firmPage } = await signedIn(firmToken);
    await firmPage.goto(`${service.url}/partenariats/${id}`);
    const firmObjectives = form(firmPage, 'Convenir des objectifs');
    await firmObjectives.getByText('Les objectifs de votre organisation, Imprimerie Durand.').waitFor({ timeout: LOAD_MS });
    await firmObjectives.getByRole('checkbox', { name: 'Parties prenantes' }).check();
    await firmObjectives.getByRole('checkbox', { name: 'Économique' }).check();
    await firmObjectives.getByRole('button', { name: 'Convenir des objectifs' }).click();
    await saved(firmObjectives);
    await partnersCard(firmPage).getByText('Imprimerie Durand (Entreprise) : Parties prenantes, Économique').waitFor({ timeout: LOAD_MS });

    // The catalyseur plans a milestone (a double click records it once) and starts pilotage.
    const { page } = await signedIn(tokens.claire);
    await page.goto(`${service.url}/partenariats/${id}`);
    const main = board(page);
    // Both partners agreed: the catalyseur's form shows the chosen partner's objectives checked, never empty boxes.
    const objectives = form(page, 'Convenir des objectifs');
    const chosenPartner = objectives.getByRole('combobox', { name: 'Partenaire' });
    await eventually(async () => expect(await chosenPartner.inputValue()).toBe(asso.orgId));
    await eventually(async () => expect(await objectives.getByRole('checkbox', { name: 'Innovation' }).isChecked()).toBe(true));
    expect(await objectives.getByRole('checkbox', { name: 'Ressources humaines' }).isChecked()).toBe(true);
    expect(await objectives.getByRole('checkbox', { name: 'Économique' }).isChecked()).toBe(false);
    await chosenPartner.selectOption(firm.orgId);
    await eventually(async () => expect(await objectives.getByRole('checkbox', { name: 'Économique' }).isChecked()).toBe(true));
    expect(await objectives.getByRole('checkbox', { name: 'Parties prenantes' }).isChecked()).toBe(true);
    expect(await objectives.getByRole('checkbox', { name: 'Innovation' }).isChecked()).toBe(false);
    const plan = form(page, 'Planifier un jalon');
    await plan.getByRole('textbox', { name: 'Titre du jalon' }).fill('Premier atelier commun');
    await plan.getByLabel('Échéance').fill(slashed(inDays(30)));
    await plan.getByRole('button', { name: 'Planifier le jalon' }).dblclick();
    await saved(plan);
    const milestones = main.getByRole('table').first();
    const milestoneRow = milestones.getByRole('row').filter({ hasText: 'Premier atelier commun' });
    await milestoneRow.getByText('Planifié').waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'pilotage-cadrage');
    // On a phone (390 px), the milestones' table keeps its words whole (« Planifié », « Replanifier ») and scrolls
    // inside its frame: the page itself does not widen.
    await page.setViewportSize({ width: 390, height: 844 });
    await eventually(async () =>
      // What sticks out of the page (a table scrolls inside its own frame: what it holds is left out).
      expect(
        await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((el) => !el.closest('.table-wrap, .sr-only') && el.getBoundingClientRect().right > window.innerWidth + 1)
            .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= window.innerWidth + 1)
            .map(
              (el) =>
                `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(el.getBoundingClientRect().width)}px: ${(el.textContent ?? '').slice(0, 40)}`,
            ),
        ),
      ).toEqual([]),
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const broken = await milestones.evaluate((table) =>
      [...table.querySelectorAll('th, td, button')]
        .filter((cell) => {
          // A word broken across two lines: its own box has rectangles on two lines.
          const text = cell.firstChild;
          if (!text || text.nodeType !== Node.TEXT_NODE) return false;
          const content = text.textContent ?? '';
          const range = document.createRange();
          let at = 0;
          return content
            .split(/\s+/)
            .filter((word) => word !== '')
            .some((word) => {
              const start = content.indexOf(word, at);
              at = start + word.length;
              range.setStart(text, start);
              range.setEnd(text, at);
              return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
            });
        })
        .map((cell) => cell.textContent),
    );
    expect(broken).toEqual([]);
    await screenshot(page, 'pilotage-cadrage-telephone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await form(page, 'Commencer le pilotage').getByRole('button', { name: 'Commencer le pilotage' }).click();
    await eventually(async () => expect(await fields(main)).toMatchObject({ Phase: 'Pilotage' }));

    // ── Pilotage: the milestone reached from its row, a steering committee held. ──
    await milestoneRow.getByRole('button', { name: 'Atteint : Premier atelier commun' }).click();
    const reach = main.getByRole('form', { name: 'Marquer le jalon atteint « Premier atelier commun »' });
    expect(await reach.getByLabel('Atteint le').inputValue()).toBe(slashed(todayInParis()));
    await reach.getByRole('button', { name: 'Marquer atteint' }).click();
    await milestoneRow.getByText('Atteint', { exact: true }).waitFor({ timeout: LOAD_MS });
    await main.getByText('Jalon enregistré.').waitFor({ timeout: LOAD_MS });
    const committee = form(page, 'Tenir un comité de pilotage');
    expect(await committee.getByRole('checkbox', { name: 'Atelier numérique solidaire' }).isChecked()).toBe(true);
    expect(await committee.getByRole('checkbox', { name: 'Imprimerie Durand' }).isChecked()).toBe(true);
    await committee.getByLabel('Décisions (une par ligne)').fill('Ouvrir un second atelier en mars\n\nImprimer les supports de la rentrée');
    await committee.getByRole('button', { name: 'Enregistrer le comité' }).click();
    await saved(committee);
    await main
      .getByRole('row')
      .filter({ hasText: 'Atelier numérique solidaire, Imprimerie Durand' })
      .getByText('Ouvrir un second atelier en mars ; Imprimer les supports de la rentrée')
      .waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'pilotage-pilotage');
    await form(page, 'Ouvrir l’évaluation').getByRole('button', { name: 'Ouvrir l’évaluation' }).click();
    await eventually(async () => expect(await fields(main)).toMatchObject({ Phase: 'Évaluation' }));

    // ── Évaluation: the three impacts, each on its two sub-dimensions, then the conclusion. ──
    const impact = form(page, 'Évaluer l’impact');
    const conclusions = main.getByRole('region', { name: 'Évaluations et impacts' });
    const assessments: [string, string, string, string, string, string][] = [
      ['Innovation sociétale', 'Croissance économique et emplois', '4', 'Réduction des fragilités', '5', '4,5/5'],
      ['Performance des organisations', 'Performance des associations', '3', 'Performance des entreprises', '4', '3,5/5'],
      ['Confiance', 'Confiance collective', '5', 'Confiance individuelle', '5', '5/5'],
    ];
    // A conclusion before every impact is assessed is refused, in French.
    const conclude = form(page, 'Conclure l’évaluation');
    await conclude.getByRole('radio', { name: /^Essaimer/ }).check();
    await conclude.getByRole('button', { name: 'Conclure l’évaluation' }).click();
    await conclude
      .getByRole('alert')
      .getByText('Rien n’a été enregistré. Évaluez les trois dimensions de l’impact avant de conclure.')
      .waitFor({ timeout: LOAD_MS });
    for (const [dimension, first, firstScore, second, secondScore, mean] of assessments) {
      await impact.getByRole('combobox', { name: 'Dimension' }).selectOption({ label: dimension });
      await impact.getByRole('combobox', { name: first }).selectOption(firstScore);
      await impact.getByRole('combobox', { name: second }).selectOption(secondScore);
      await impact.getByLabel('Éléments probants').fill(`Bilan de l’atelier : ${dimension.toLowerCase()}`);
      await impact.getByRole('button', { name: 'Évaluer l’impact' }).click();
      await saved(impact);
      await conclusions.getByText(new RegExp(`^${dimension} : ${mean}`)).waitFor({ timeout: LOAD_MS });
    }
    await checkPage(page, 'pilotage-evaluation');
    await conclude.getByRole('button', { name: 'Conclure l’évaluation' }).click();
    await eventually(async () => expect(await fields(main)).toMatchObject({ Phase: 'Clos' }));
    await conclusions.getByText(`Cycle 1 : Essaimé le ${frenchDay(todayInParis())}`).waitFor({ timeout: LOAD_MS });
    // Closed: nothing more to steer.
    expect(await steering(page).count()).toBe(0);
    expect(await milestones.getByRole('button').count()).toBe(0);
    // The chronology follows the partnership's feed: the conclusion and the closing, once each.
    const chronology = main.getByRole('list', { name: 'Chronologie du partenariat' });
    await chronology.getByText('Partenariat clos').waitFor({ timeout: LOAD_MS });
    expect(await chronology.getByText('Évaluation conclue').count()).toBe(1);
    await chronology.getByText('· essaimage').waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'pilotage-clos');

    // The log holds each command once, by whom it was sent.
    const events = expectStatus(
      await claire.get<{ items: { type: string; data: Record<string, unknown>; metadata: { actor?: string } }[] }>(`/api/partnerships/${id}/events`),
      200,
    ).items;
    expect(events.map((e) => e.type)).toEqual([
      'PartnershipProposed',
      'CatalyseurAssigned',
      'ObjectivesAgreed',
      'ObjectivesAgreed',
      'MilestonePlanned',
      'PilotageStarted',
      'MilestoneReached',
      'SteeringCommitteeHeld',
      'EvaluationOpened',
      'ImpactAssessed',
      'ImpactAssessed',
      'ImpactAssessed',
      'EvaluationConcluded',
      'PartnershipClosed',
    ]);
    const of = (type: string) => events.filter((e) => e.type === type);
    expect(of('ObjectivesAgreed').map((e) => [e.metadata.actor, e.data['orgId'], e.data['objectives']])).toEqual([
      ['responsable-atelier', asso.orgId, ['innovation', 'ressources_humaines']],
      ['directrice-imprimerie', firm.orgId, ['parties_prenantes', 'economique']],
    ]);
    expect(of('MilestonePlanned')[0]?.data).toMatchObject({ title: 'Premier atelier commun', dueDate: inDays(30) });
    expect(of('MilestoneReached')[0]?.data).toMatchObject({ reachedOn: todayInParis() });
    expect(of('SteeringCommitteeHeld')[0]?.data).toMatchObject({
      heldOn: todayInParis(),
      attendees: [asso.orgId, firm.orgId],
      decisions: ['Ouvrir un second atelier en mars', 'Imprimer les supports de la rentrée'],
    });
    expect(of('ImpactAssessed').map((e) => [e.data['dimension'], e.data['scores']])).toEqual([
      ['innovation_societale', { growth_and_jobs: 4, fewer_fragilities: 5 }],
      ['performance_organisations', { association_performance: 3, company_performance: 4 }],
      ['confiance', { collective_trust: 5, individual_trust: 5 }],
    ]);
    expect(of('EvaluationConcluded')[0]?.data).toMatchObject({ decision: 'essaimer', concludedOn: todayInParis() });
    expect(
      events
        .filter((e) => e.type !== 'PartnershipProposed' && e.type !== 'CatalyseurAssigned' && e.type !== 'ObjectivesAgreed')
        .every((e) => e.metadata.actor === 'catalyseur-001'),
    ).toBe(true);
  });

  it('lists the rooms one may enter on the Salons page, filters them, and opens the one chosen', async () => {
    const { page } = await signedIn(tokens.claire);
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Salons' }).click();
    await page.getByRole('heading', { level: 1, name: 'Salons en direct' }).waitFor({ timeout: LOAD_MS });
    const rooms = page.getByRole('table', { name: 'Salons' });
    // The demo's rooms (open to every catalyseur) and the one these tests opened, by title, with their kind and members.
    for (const [title, kind] of [
      ['Agir ensemble à Charenton-Saint-Maurice', 'Expérimentation'],
      ['Labo régional des partenariats en Alsace', 'Territoire'],
      ['Rencontre du réseau 2018', 'Rencontre'],
      ['Salon des essais de la console', 'Thème'],
    ] as const) {
      const row = rooms.getByRole('row').filter({ has: page.getByRole('link', { name: title, exact: true }) });
      await row.waitFor({ timeout: LOAD_MS });
      expect(await row.getByRole('cell').nth(1).innerText()).toBe(kind);
      expect(Number(await row.getByRole('cell').nth(3).innerText())).toBeGreaterThanOrEqual(1);
    }
    await checkPage(page, 'salons');

    await page.getByRole('combobox', { name: 'Type de salon' }).selectOption({ label: 'Rencontre' });
    await rooms.getByRole('link', { name: 'Salon des essais de la console' }).waitFor({ state: 'detached', timeout: LOAD_MS });
    const links = await rooms.getByRole('link').allInnerTexts();
    expect(links).toEqual(['Rencontre du réseau 2018']);
    await rooms.getByRole('link', { name: 'Rencontre du réseau 2018' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rencontre du réseau 2018' }).waitFor({ timeout: LOAD_MS });
    // Its whole feed: the decisions recorded there in 2018.
    await page.getByRole('list', { name: 'Fil du salon' }).getByText('Axe 1 : les modèles socio-économiques hybrides').waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'salon-rencontre-2018');

    // The network's own room tells what the whole network hears in French: rencontres, experimentations (Charenton's
    // restitution too), parcours, catalyseurs; no kind left as « Événement : … ».
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Salons' }).click();
    await page.getByRole('link', { name: 'Le salon du réseau' }).click();
    const network = page.getByRole('list', { name: 'Fil du salon' });
    await network.getByText('Restitution des travaux : « Agir ensemble à Charenton-Saint-Maurice », 118 dirigeants').waitFor({ timeout: LOAD_MS });
    expect(await network.getByText(/Événement : /).count()).toBe(0);
    await checkPage(page, 'salon-reseau');

    // A partner is offered only the rooms it may open (its partnerships'), an empty list is said once, and a page of
    // the network says who it is for.
    const partner = (await signedIn(tokens.chantier)).page;
    await partner.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Salons' }).click();
    const kinds = partner.getByRole('combobox', { name: 'Type de salon' });
    await kinds.waitFor({ timeout: LOAD_MS });
    expect(await kinds.getByRole('option').allInnerTexts()).toEqual(['tous', 'Partenariat']);
    await partner.getByLabel('Salons archivés').check();
    await partner.getByRole('status').filter({ hasText: 'Aucun salon archivé.' }).waitFor({ timeout: LOAD_MS });
    expect(await partner.getByText('Aucun élément.').count()).toBe(0);
    await checkPage(partner, 'salons-partenaire');
    await partner.goto(`${service.url}/reseau`);
    await partner.getByRole('alert').getByText('Cette page est réservée aux catalyseurs et aux opérateurs.').waitFor({ timeout: LOAD_MS });
    expect(await partner.getByRole('heading', { name: 'Page introuvable' }).count()).toBe(0);
    await checkPage(partner, 'reseau-partenaire');
  });

  it('names a room’s people and the rooms visited, reads a bare id as its room, and says when a room cannot be entered', async () => {
    const http = new HttpClient(service.url, tokens.operator);
    const labo = expectStatus(await http.get<{ title: string; openedBy: string }>('/api/rooms/labo-alsace'), 200);
    const opener = expectStatus(await http.get<{ name: string }>(`/api/catalyseurs/${labo.openedBy}`), 200).name;
    const { page } = await signedIn(tokens.operator);
    const main = page.getByRole('main');
    const feed = page.getByRole('list', { name: 'Fil du salon' });

    // `/salons/labo-alsace` names the room `room:labo-alsace`: the address is corrected, the room opens.
    await page.goto(`${service.url}/salons/labo-alsace`);
    await page.getByRole('heading', { level: 1, name: labo.title }).waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(new URL(page.url()).pathname).toBe(`/salons/${encodeURIComponent('room:labo-alsace')}`));
    // Its people by their names (« Salon ouvert par catalyseur-015 » before), no catalyseur's id left in the feed.
    await feed.getByText(`Salon ouvert par ${opener}`).waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(await feed.innerText()).not.toMatch(/catalyseur-\d/));
    expect(await main.getByText('Connexion au salon…').count()).toBe(0);
    await checkPage(page, 'salon-labo-alsace');

    // Another room: « Changer de salon » names the one visited by its title, not its id.
    await page.goto(`${service.url}/salons/${encodeURIComponent(`room:${ROOM_ID}`)}`);
    await page.getByRole('heading', { level: 1, name: 'Salon des essais de la console' }).waitFor({ timeout: LOAD_MS });
    const chooser = page.getByRole('navigation', { name: 'Changer de salon' });
    await chooser.getByRole('link', { name: labo.title }).waitFor({ timeout: LOAD_MS });
    expect(await chooser.getByRole('link', { name: 'labo-alsace' }).count()).toBe(0);

    // An address that names no room says so, instead of « Connexion au salon… » for ever.
    for (const address of [encodeURIComponent('room:pas-de-tel-salon'), 'pas-un-salon', encodeURIComponent('nulle:part')]) {
      await page.goto(`${service.url}/salons/${address}`);
      await main.getByRole('alert').getByText('Ce salon n’existe pas.').waitFor({ timeout: LOAD_MS });
      expect(await main.getByText('Connexion au salon…').count()).toBe(0);
    }
    await checkPage(page, 'salon-inexistant');

    // A feed refused to the person: a partner in the network's room.
    const partner = await signedIn(tokens.chantier);
    await partner.page.goto(`${service.url}/salons/network`);
    await partner.page.getByRole('main').getByRole('alert').getByText('Vous n’avez pas accès à ce salon.').waitFor({ timeout: LOAD_MS });
    expect(await partner.page.getByRole('main').getByText('Connexion au salon…').count()).toBe(0);
    await checkPage(partner.page, 'salon-refuse');
  });

  it('a room archived while it is open says so and offers no form that would be refused', async () => {
    const http = new HttpClient(service.url, tokens.claire);
    expectStatus(
      await http.post('/api/rooms', { id: 'salon-a-archiver', kind: 'theme', subject: 'archive-console', title: 'Salon bientôt archivé', access: 'open' }),
      201,
    );
    const { context, page } = await signedIn(tokens.claire);
    await page.goto(`${service.url}/salons/${encodeURIComponent('room:salon-a-archiver')}`);
    await page.getByLabel('Votre message').waitFor({ timeout: LOAD_MS });
    // Written offline, and the room archived meanwhile: the hub refuses the post once back. It says so, and « Retirer »
    // takes it out of the feed (it stayed there for good).
    await context.setOffline(true);
    try {
      await page.getByText('Hors ligne — vos messages partiront au retour').waitFor({ timeout: LIVE_MS });
      await page.getByLabel('Votre message').fill('Écrit avant l’archivage');
      await page.getByRole('button', { name: 'Envoyer' }).click();
      expectStatus(await http.post('/api/rooms/salon-a-archiver/archive'), 200);
    } finally {
      await context.setOffline(false);
    }
    const refusedPost = page.getByRole('list', { name: 'Fil du salon' }).getByRole('listitem').filter({ hasText: 'Écrit avant l’archivage' });
    await refusedPost.getByText(/non envoyé/).waitFor({ timeout: LOAD_MS });
    await refusedPost.getByRole('button', { name: /^Retirer/ }).click();
    await refusedPost.waitFor({ state: 'detached', timeout: LIVE_MS });
    const main = page.getByRole('main');
    await main.getByText('Ce salon est archivé : son historique se lit, on n’y écrit plus.').waitFor({ timeout: LOAD_MS });
    expect(await page.getByLabel('Votre message').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Consigner la décision' }).count()).toBe(0);
    // The header reads the card again: « archivé ».
    await main.getByText(/· archivé$/).waitFor({ timeout: LOAD_MS });
    await screenshot(page, 'salon-archive');
  });

  it('a busy room opens on its latest messages, reads older ones when asked, and scrolls in its own box, on a phone too', async () => {
    const room = 'salon-tres-frequente';
    const http = new HttpClient(service.url, tokens.claire);
    expectStatus(await http.post('/api/rooms', { id: room, kind: 'theme', subject: 'charge-console', title: 'Salon très fréquenté', access: 'open' }), 201);
    const writer = new HttpClient(service.url, tokens.malik);
    const total = 260;
    for (let i = 1; i <= total; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, total - i + 1) }, async (_, j) =>
          expectStatus(
            await writer.post(`/api/rooms/${room}/post-message`, { clientMsgId: `charge-${i + j}`, text: `Message ${String(i + j).padStart(3, '0')}` }),
            200,
          ),
        ),
      );
    }
    const { page } = await signedIn(tokens.claire);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${service.url}/salons/${encodeURIComponent(`room:${room}`)}`);
    const feed = page.getByRole('list', { name: 'Fil du salon' });
    const latest = await writer.get<{ entries: { data: { text?: string } }[] }>(`/api/rooms/${room}/feed?since=${total}&limit=1`);
    const lastText = expectStatus(latest, 200).entries[0]?.data.text ?? '';
    await feed.getByText(lastText, { exact: true }).waitFor({ timeout: LOAD_MS });
    // Its latest messages, not all 260 drawn; the feed at its end, the window not scrolled (title and navigation in view).
    expect(await feed.getByRole('listitem').count()).toBeLessThanOrEqual(200);
    await eventually(async () => expect(await feed.evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop)).toBeLessThanOrEqual(2));
    expect(await page.evaluate(() => window.scrollY)).toBe(0);

    // A reader up in the feed stays there when someone posts, and is told; « Nouveaux messages ↓ » takes them down.
    await feed.evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(200);
    expectStatus(await writer.post(`/api/rooms/${room}/post-message`, { clientMsgId: 'charge-nouveau', text: 'Pendant la lecture' }), 200);
    const unseen = page.getByRole('button', { name: 'Nouveaux messages ↓' });
    await unseen.waitFor({ timeout: LOAD_MS });
    expect(await feed.evaluate((el) => el.scrollTop)).toBe(0);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await checkPage(page, 'salon-charge-telephone');
    await unseen.click();
    await unseen.waitFor({ state: 'detached', timeout: LIVE_MS });
    await feed.getByText('Pendant la lecture').waitFor({ timeout: LIVE_MS });
    expect(await feed.evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop)).toBeLessThanOrEqual(2);

    // The older ones, a page at a time, down to the first.
    const older = page.getByRole('button', { name: 'Afficher les messages précédents' });
    for (let i = 0; i < 3 && (await feed.getByText('Message 001', { exact: true }).count()) === 0; i++) {
      await older.click();
      await page.getByRole('button', { name: 'Lecture des messages précédents…' }).waitFor({ state: 'detached', timeout: LOAD_MS });
    }
    await feed.getByText('Message 001', { exact: true }).waitFor({ timeout: LOAD_MS });
    await older.waitFor({ state: 'detached', timeout: LIVE_MS });
    const texts = await feed.locator('li.message .text').allInnerTexts();
    expect(texts.slice(0, total)).toEqual(Array.from({ length: total }, (_, i) => `Message ${String(i + 1).padStart(3, '0')}`));

    // A text pasted past 4,000 characters is cut there, not inside an emoji, and the form says so.
    await page.getByLabel('Votre message').fill(`${'a'.repeat(3999)}👵👵`);
    expect(await page.getByLabel('Votre message').inputValue()).toBe(`${'a'.repeat(3999)}👵`);
    await page.getByText(/^Le texte collé dépassait 4\s000 caractères : il a été coupé à 4\s000\.$/).waitFor({ timeout: LIVE_MS });
  });

  it('an erased person’s name leaves an open room; an operator is named as one; who left the network is told so', async () => {
    const room = 'salon-effacement';
    const ops = new HttpClient(service.url, tokens.operator);
    for (const [id, name] of [
      ['catalyseur-e2e-efface', 'Zoé Effacée'],
      ['catalyseur-e2e-parti', 'Paul Parti'],
    ] as const) {
      expectStatus(
        await ops.post('/api/catalyseurs', { id, name, sphere: 'association', territory: 'alsace', skills: ['mise_en_relation'], joinedAt: '2020-01-01' }),
        201,
      );
    }
    const erasedToken = await mintToken(data.dir, { sub: 'catalyseur-e2e-efface', role: 'catalyseur' });
    const erased = new HttpClient(service.url, erasedToken);
    expectStatus(await erased.post('/api/rooms', { id: room, kind: 'theme', subject: 'effacement', title: 'Salon de l’effacement', access: 'open' }), 201);
    expectStatus(await erased.post(`/api/rooms/${room}/post-message`, { clientMsgId: 'efface-1', text: 'Bonjour à tous' }), 200);
    expectStatus(await ops.post(`/api/rooms/${room}/post-message`, { clientMsgId: 'op-1-1', text: 'Bienvenue' }), 200);

    const { page } = await signedIn(tokens.operator);
    const asked: string[] = [];
    page.on('request', (request) => asked.push(new URL(request.url()).pathname));
    await page.goto(`${service.url}/salons/${encodeURIComponent(`room:${room}`)}`);
    const feed = page.getByRole('list', { name: 'Fil du salon' });
    const byErased = feed.getByRole('listitem').filter({ hasText: 'Bonjour à tous' });
    await byErased.getByText('Zoé Effacée').waitFor({ timeout: LOAD_MS });
    // The operator's own message: named as an operator, and no catalyseur's card asked for its id.
    await feed.getByRole('listitem').filter({ hasText: 'Bienvenue' }).getByText('Opérateur·rice (op-1)').waitFor({ timeout: LOAD_MS });
    expect(asked.filter((path) => path.startsWith('/api/catalyseurs/op-1'))).toEqual([]);

    expectStatus(await ops.post('/api/people/catalyseur-e2e-efface/erase', { reason: 'request_of_the_person' }), 202);
    await feed.getByText('Des données personnelles ont été effacées', { exact: false }).first().waitFor({ timeout: LOAD_MS });
    // The name goes with the texts, at once (it stayed until the names' TTL, minutes later).
    await eventually(async () => expect(await feed.innerText()).not.toContain('Zoé Effacée'));
    expect(await page.getByRole('main').innerText()).not.toContain('Zoé Effacée');

    // A catalyseur who left the network reads on a room's page what every other page tells them.
    const leftToken = await mintToken(data.dir, { sub: 'catalyseur-e2e-parti', role: 'catalyseur' });
    expectStatus(await new HttpClient(service.url, leftToken).post('/api/catalyseurs/catalyseur-e2e-parti/leave-network', { reason: 'nouveau poste' }), 200);
    const left = await signedIn(leftToken);
    await left.page.goto(`${service.url}/salons/${encodeURIComponent(`room:${room}`)}`);
    await left.page
      .getByRole('main')
      .getByRole('alert')
      .getByText(/^Vous avez quitté le réseau : votre accès a pris fin/)
      .first()
      .waitFor({ timeout: LOAD_MS });
    expect(await left.page.getByText('Vous n’avez pas accès à ce salon.').count()).toBe(0);
  });

  describe('a live room', () => {
    let claire: { context: BrowserContext; page: Page };
    let malik: { context: BrowserContext; page: Page };
    const written: string[] = [];

    const feed = (page: Page): Locator => page.getByRole('list', { name: 'Fil du salon' });
    const presence = (page: Page): Locator => page.getByRole('list', { name: 'Présents' });
    /** The texts of the messages the page shows, in order (pending ones included). */
    const messages = (page: Page): Promise<string[]> =>
      feed(page)
        .getByRole('listitem')
        .evaluateAll((items) =>
          items.filter((li) => li.classList.contains('message') || li.classList.contains('pending')).map((li) => li.querySelector('.text')?.textContent ?? ''),
        );

    /** Chosen in the list of the Salons page. */
    async function enterRoom(page: Page): Promise<void> {
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Salons' }).click();
      await page.getByRole('table', { name: 'Salons' }).getByRole('link', { name: 'Salon des essais de la console' }).click();
      await page.getByRole('heading', { level: 1, name: 'Salon des essais de la console' }).waitFor({ timeout: LOAD_MS });
      expect(new URL(page.url()).pathname).toBe(`/salons/${encodeURIComponent(`room:${ROOM_ID}`)}`);
    }

    async function post(page: Page, text: string): Promise<void> {
      await page.getByLabel('Votre message').fill(text);
      await page.getByRole('button', { name: 'Envoyer' }).click();
      written.push(text);
    }

    beforeAll(async () => {
      claire = await signedIn(tokens.claire);
      malik = await signedIn(tokens.malik);
    });

    it('two catalyseurs see each other’s presence, messages, typing and decisions within a second', async () => {
      await enterRoom(claire.page);
      // Who is present, and who writes, by name (their ids are the items' titles).
      await presence(claire.page).getByText(`${names.claire} (vous)`).waitFor({ timeout: LOAD_MS });
      await enterRoom(malik.page);
      await presence(claire.page).getByText(names.malik, { exact: true }).waitFor({ timeout: LOAD_MS });
      await presence(malik.page).getByText(names.claire, { exact: true }).waitFor({ timeout: LIVE_MS });
      expect(await presence(claire.page).getByTitle('catalyseur-002').textContent()).toBe(names.malik);

      await post(claire.page, 'Bonjour Malik, on prépare la rencontre ?');
      await feed(malik.page).getByText('Bonjour Malik, on prépare la rencontre ?').waitFor({ timeout: LIVE_MS });
      await malik.page.getByLabel('Votre message').pressSequentially('Oui');
      await claire.page.getByText(`${names.malik} écrit…`).waitFor({ timeout: LIVE_MS });
      await malik.page.getByRole('button', { name: 'Envoyer' }).click();
      written.push('Oui');
      await feed(claire.page).getByText('Oui', { exact: true }).waitFor({ timeout: LIVE_MS });

      // One word as long as a message may be: it wraps in the feed, the page keeps the window's width for everyone.
      const word = 'x'.repeat(4000);
      await post(claire.page, word);
      await feed(malik.page).getByText(word).waitFor({ timeout: LIVE_MS });
      for (const page of [claire.page, malik.page]) {
        expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      }

      await claire.page.getByLabel('Décision prise').fill('La rencontre aura lieu le 12 juin');
      await claire.page.getByRole('button', { name: 'Consigner la décision' }).click();
      await feed(malik.page).getByText('La rencontre aura lieu le 12 juin').waitFor({ timeout: LOAD_MS });
      expect(await messages(malik.page)).toEqual(written);
      expect(await messages(claire.page)).toEqual(written);
      await checkPage(malik.page, 'salon');
    });

    it('one goes offline, messages pass, it comes back with none missing or doubled', async () => {
      const pending = feed(malik.page).getByRole('listitem').filter({ hasText: 'Écrit hors ligne, envoyé au retour' });
      await malik.context.setOffline(true);
      try {
        await malik.page.getByText('Hors ligne — vos messages partiront au retour').waitFor({ timeout: LIVE_MS });
        // One banner says so, not one for the console and another for the room.
        expect(await malik.page.getByText(/Hors ligne/).count()).toBe(1);
        for (let i = 1; i <= 5; i++) await post(claire.page, `Pendant l’absence de Malik, message ${i}`);
        await feed(claire.page).getByText('Pendant l’absence de Malik, message 5').waitFor({ timeout: LOAD_MS });
        // Written offline: kept in the outbox, shown « en attente ».
        await post(malik.page, 'Écrit hors ligne, envoyé au retour');
        await pending.getByText('« en attente »').waitFor({ timeout: LIVE_MS });
        // Nothing reached Malik while he was away.
        expect((await messages(malik.page)).filter((text) => text.startsWith('Pendant l’absence'))).toEqual([]);
        await checkPage(malik.page, 'salon-hors-ligne');
      } finally {
        await malik.context.setOffline(false);
      }
      await malik.page.getByText('Hors ligne — vos messages partiront au retour').waitFor({ state: 'detached', timeout: LOAD_MS });
      await feed(claire.page).getByText('Écrit hors ligne, envoyé au retour').waitFor({ timeout: LOAD_MS });
      await pending.getByText('« en attente »').waitFor({ state: 'detached', timeout: LOAD_MS });
      await eventually(async () => expect(await messages(malik.page)).toEqual(written));
      expect(await messages(claire.page)).toEqual(written);
    });

    it('a message written offline survives closing the page, and leaves once when the browser is back', async () => {
      const text = 'Écrit hors ligne, page fermée avant le retour';
      await malik.context.setOffline(true);
      try {
        await malik.page.getByText('Hors ligne — vos messages partiront au retour').waitFor({ timeout: LIVE_MS });
        await post(malik.page, text);
        await feed(malik.page).getByRole('listitem').filter({ hasText: text }).getByText('« en attente »').waitFor({ timeout: LIVE_MS });
        await malik.page.close();
      } finally {
        await malik.context.setOffline(false);
      }
      // The outbox was kept in the browser (localStorage): the console sends it as soon as it is open again.
      malik.page = await malik.context.newPage();
      await malik.page.goto(`${service.url}/#token=${tokens.malik}`);
      await enterRoom(malik.page);
      await feed(claire.page).getByText(text).waitFor({ timeout: LOAD_MS });
      await eventually(async () => expect(await messages(malik.page)).toEqual(written));
      expect(await messages(claire.page)).toEqual(written);
    });

    it('the Opérations page follows the ops room live: a report runs, a rebuild reaches 100 % while the rooms reset and recover', async () => {
      const operator = await signedIn(tokens.operator);
      await operator.page.getByRole('link', { name: 'Opérations' }).click();
      await operator.page.getByRole('heading', { level: 1, name: /Opérations/ }).waitFor({ timeout: LOAD_MS });
      const main = operator.page.getByRole('main');
      const activity = main.getByRole('list', { name: 'Activité des opérations' });
      // The ops room's latest entries, told in French (the demo's last facts).
      await activity.getByRole('listitem').first().waitFor({ timeout: LOAD_MS });
      expect(await activity.getByText(/^Événement : /).count()).toBe(0);

      // An identifier of spaces alone is checked before it is sent, in French.
      const identifier = main.getByLabel('Identifiant', { exact: true });
      await identifier.fill('   ');
      await main.getByRole('button', { name: 'Demander le rapport' }).click();
      await main.getByRole('status').getByText('L’identifiant est obligatoire.').waitFor({ timeout: LIVE_MS });
      await identifier.fill('flda cg');
      await main.getByRole('button', { name: 'Demander le rapport' }).click();
      await main
        .getByRole('status')
        .getByText(/^L’identifiant ne doit contenir que des lettres, chiffres/)
        .waitFor({ timeout: LIVE_MS });
      expect(await main.innerText()).not.toMatch(/invalid request|must be/);
      // The field offers the partnerships by their titles (a datalist), asked by their ids.
      const offered = main.locator('#r-id-choix option[value="flda-cg-ardeche"]');
      await offered.waitFor({ state: 'attached', timeout: LOAD_MS });
      expect((await offered.textContent())?.trim()).not.toBe('');
      await identifier.fill('flda-cg-ardeche');

      // A report asked: its request, progress and end arrive through the hub, and its row follows them, by the
      // partnership's title (« Partenariat flda-cg-ardeche » before). A double click asks for one report: one row more.
      const reports = main.getByRole('table', { name: /^Rapports/ });
      const rowsBefore = await reports.locator('tbody tr').count();
      await main.getByRole('button', { name: 'Demander le rapport' }).dblclick();
      await activity.getByText(`Rapport demandé sur le partenariat « ${FLDA_TITLE} »`).first().waitFor({ timeout: LOAD_MS });
      await activity.getByText(`Rapport sur le partenariat « ${FLDA_TITLE} » prêt`).first().waitFor({ timeout: LOAD_MS });
      await reports.getByRole('row').filter({ hasText: FLDA_TITLE }).filter({ hasText: 'prêt' }).first().waitFor({ timeout: LOAD_MS });
      await eventually(async () => expect(await reports.locator('tbody tr').count()).toBe(rowsBefore + 1));
      expect(await activity.getByText(`Rapport demandé sur le partenariat « ${FLDA_TITLE} »`).count()).toBe(1);
      // « Demandé le » with its time: two reports of the same day told apart.
      expect(await reports.locator('tbody tr').first().locator('td').first().innerText()).toMatch(/^\d{1,2}(er)? \S+ \d{4} à \d{2}:\d{2}$/);
      await eventually(async () => expect(await reports.innerText()).not.toMatch(/Partenariat flda-cg-ardeche/));
      // A batch (every partnership of Alsace active in 2014) asked from the form, said in French, by the territory's name;
      // a year not come yet is refused before it is sent.
      await main.getByLabel('Objet', { exact: true }).selectOption('batch');
      await main.getByRole('button', { name: 'Demander le rapport' }).click();
      await main.getByRole('status').getByText('Choisissez un territoire, une année, ou les deux.').waitFor({ timeout: LIVE_MS });
      await main.getByLabel('Territoire', { exact: true }).selectOption('alsace');
      const year = main.getByLabel('Actifs en', { exact: true });
      await year.fill(String(new Date().getFullYear() + 1));
      await main.getByRole('button', { name: 'Demander le rapport' }).click();
      await main
        .getByRole('status')
        .getByText(/^L’année \d{4} n’est pas encore venue/)
        .waitFor({ timeout: LIVE_MS });
      await year.fill('2014');
      await main.getByRole('button', { name: 'Demander le rapport' }).click();
      await main.getByRole('status').getByText('Rapport demandé : son avancement s’affiche en direct dans la liste.').waitFor({ timeout: LIVE_MS });
      await activity
        .getByText(/^Rapport demandé sur les partenariats de l’Alsace actifs en 2014\b/)
        .first()
        .waitFor({ timeout: LOAD_MS });
      const batchRow = reports.getByRole('row').filter({ hasText: 'Partenariats de l’Alsace actifs en 2014' }).first();
      await batchRow.waitFor({ timeout: LOAD_MS });
      expect(await main.innerText()).not.toMatch(/territory:|year:/);
      // Once ready, the batch whole in one ZIP (its index and every partnership's report), with the token.
      const [archive] = await Promise.all([
        operator.page.waitForEvent('download'),
        batchRow.getByRole('button', { name: /^Tout télécharger \(\.zip\)/ }).click({ timeout: LOAD_MS }),
      ]);
      expect(archive.suggestedFilename()).toMatch(/\.zip$/);
      expect((await readFile(await archive.path())).subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
      // And each partnership report of the batch downloaded from the page (the index lists them).
      await batchRow.getByRole('button', { name: 'Rapports du lot' }).click({ timeout: LOAD_MS });
      const batchItems = main.getByRole('table', { name: /^Rapports du lot : Partenariats de l’Alsace actifs en 2014 \(\d+\)$/ });
      const firstItem = batchItems.locator('tbody tr').first();
      await firstItem.waitFor({ timeout: LOAD_MS });
      const itemTitle = await firstItem.locator('td').first().innerText();
      const [itemFile] = await Promise.all([operator.page.waitForEvent('download'), firstItem.getByRole('button', { name: /en HTML$/ }).click()]);
      expect(itemFile.suggestedFilename()).toMatch(/^rapport-partenariat-[a-z0-9-]+\.html$/);
      expect(await readFile(await itemFile.path(), 'utf8')).toContain(itemTitle.split(/[&<>"']/)[0]);
      await checkPage(operator.page, 'operations-lot');

      await main.getByRole('button', { name: 'Lancer une reconstruction' }).click();
      await main.getByText(/^Reconstruction .* : 100 %$/).waitFor({ timeout: 60_000 });
      await main.getByText(/^Époque \d+ en service/).waitFor({ timeout: LOAD_MS });
      // The ops room's reset, seen live: the switch to the new epoch, then the entries it read again.
      const epoch = Number(/^Époque (\d+)/.exec(await main.getByText(/^Époque \d+ en service/).innerText())?.[1]);
      const resynced = new RegExp(`Le salon des opérations est passé à l’époque ${epoch} : \\d+ entrées? relues?`);
      // In the live activity, among the entries (newest first), in the same layout as they are.
      await activity.getByRole('listitem').filter({ hasText: resynced }).getByText('Salon', { exact: true }).waitFor({ timeout: LOAD_MS });
      await main.getByRole('region', { name: 'Salons réinitialisés' }).getByText(resynced).waitFor({ timeout: LOAD_MS });
      await activity.getByRole('listitem').first().waitFor({ timeout: LOAD_MS });
      await checkPage(operator.page, 'operations');

      // The room was reset into the new epoch: it shows exactly its messages, and stays live.
      await claire.page.getByText('Le fil du salon a été reconstruit par un opérateur et relu.').waitFor({ timeout: LOAD_MS });
      await eventually(async () => expect(await messages(claire.page)).toEqual(written));
      await post(malik.page, 'Après la reconstruction');
      await feed(claire.page).getByText('Après la reconstruction').waitFor({ timeout: LOAD_MS });
      await eventually(async () => expect(await messages(claire.page)).toEqual(written));
      await eventually(async () => expect(await messages(malik.page)).toEqual(written));
    });
  });
});

/** The board's fields (`<dt>` → `<dd>`), as a person reads them. */
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

async function fields(scope: Locator): Promise<Record<string, string>> {
  const terms = await scope.getByRole('term').allInnerTexts();
  const values = await scope.getByRole('definition').allInnerTexts();
  return Object.fromEntries(terms.map((term, i) => [term.trim(), (values[i] ?? '').trim()]));
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

/** Today in the network's zone (Europe/Paris: the api's TIME_ZONE and the browser context's), as a date input writes it. */
function todayInParis(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A day `days` after today in Paris, `YYYY-MM-DD`. */
function inDays(days: number): string {
  const d = new Date(`${todayInParis()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** « 4 décembre 2026 », as the console writes a day. */
function frenchDay(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' }).replace(/^1 /, '1er ');
}

/** « 04/12/2026 »: a day as the console's date fields show and take it (jj/mm/aaaa). */
function slashed(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** Retries an assertion until it holds (or throws its last failure after `timeoutMs`). */
async function eventually(assertion: () => Promise<void>, timeoutMs = LOAD_MS): Promise<void> {
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
