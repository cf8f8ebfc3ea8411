/// <reference lib="dom" />
// The functions run in the page (`page.evaluate`) read its globals (`document`, `window`).
/**
 * The console in a real browser, on the demo network (./console-demo.ts), driven as a person would: signing in (a
 * pasted token, a sign-in link, the tokens refused), the Réseau page's figures and downloads, and the console in an
 * English browser (dates, header, addresses, the network's feed). Each page leaves a screenshot in
 * `test-results/console/` and must pass axe without a serious or critical violation.
 */
import { readFile } from 'node:fs/promises';
import { LIVE_MS, LOAD_MS, eventually, useConsoleDemo } from './console-demo';

describe('the console, in a browser, on the demo network: signing in, and the network’s pages', () => {
  const { service, tokens, names, openContext, signedIn, checkPage } = useConsoleDemo();

  it('asks for a token to sign in, and a pasted token opens the console', async () => {
    const context = await openContext();
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
    const context = await openContext({ locale: 'en-US', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
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

    // The network's feed is in the order its facts were recorded, each dated when it was recorded or, the demo's
    // history being imported, when it happened: it says so, and a fact dated before one above it says it was recorded
    // afterwards.
    await page.goto(`${service.url}/salons/network`);
    await page
      .getByText(
        'Dans l’ordre où les faits ont été enregistrés, le dernier en bas ; chacun est daté du moment où il a été enregistré, ou du jour où il s’est produit s’il vient d’un historique importé.',
      )
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

  it('on a phone (390 px) a header of two lines, its navigation one line that scrolls, the current link in it; 1280 px unchanged; the as-of date reset by the page', async () => {
    const context = await openContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${service.url}/#token=${tokens.operator}`);
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.waitFor({ timeout: LOAD_MS });
    // The text lines of the header: the distinct tops of its brand, who is signed in, « Se déconnecter » and its links.
    const lines = (): Promise<number> =>
      page.getByRole('banner').evaluate((header) => {
        const tops = [...header.querySelectorAll('.brand, .who-line, button, nav a')].map((el) => el.getBoundingClientRect());
        const rows: number[] = [];
        for (const r of tops) if (!rows.some((top) => Math.abs(top - (r.top + r.height / 2)) < r.height / 2)) rows.push(r.top + r.height / 2);
        return rows.length;
      });
    expect(await lines()).toBe(2);
    // The last page's link is brought into the line that scrolls, not left hidden past its edge.
    await page.goto(`${service.url}/operations`);
    const current = nav.locator('a[aria-current="page"]');
    await current.waitFor({ timeout: LOAD_MS });
    expect(await lines()).toBe(2);
    const box = await current.boundingBox();
    expect(box !== null && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    await checkPage(page, 'entete-390');
    // 1280 px: the navigation on one line beside the brand and who is signed in.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${service.url}/reseau?au=2014-12-31`);
    expect(new Set(await nav.getByRole('link').evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)))).size).toBe(1);

    // The as-of date: a day typed that is none stays said under the field while the page keeps its day; the page's
    // day set from elsewhere (« Réseau » in the navigation: no day) empties it, as a form's fields after a sending.
    const day = page.getByLabel('À la date du');
    await page.getByText('Lu au 31 décembre 2014.').waitFor({ timeout: LOAD_MS });
    await day.fill('31/02/2014');
    await day.blur();
    await page.getByRole('alert').getByText('Le 31/02/2014 n’existe pas', { exact: false }).waitFor({ timeout: LIVE_MS });
    await nav.getByRole('link', { name: 'Réseau', exact: true }).click();
    await eventually(async () => expect(new URL(page.url()).searchParams.get('au')).toBeNull());
    await eventually(async () => expect(await day.inputValue()).toBe(''));
    expect(await page.locator('.field-error').count()).toBe(0);
    // Back: the day of the address again, in the field.
    await page.goBack();
    await eventually(async () => expect(await day.inputValue()).toBe('31/12/2014'));
    // A page with no day: the same text typed, then « Réseau » (still no day, the same address) empties it too.
    await nav.getByRole('link', { name: 'Réseau', exact: true }).click();
    await eventually(async () => expect(new URL(page.url()).search).toBe(''));
    await eventually(async () => expect(await day.inputValue()).toBe(''));
    await day.fill('31/02/2014');
    await day.blur();
    await page.getByRole('alert').getByText('Le 31/02/2014 n’existe pas', { exact: false }).waitFor({ timeout: LIVE_MS });
    await nav.getByRole('link', { name: 'Réseau', exact: true }).click();
    await eventually(async () => expect(await day.inputValue()).toBe(''));
    expect(await page.locator('.field-error').count()).toBe(0);
    expect(new URL(page.url()).search).toBe('');
  });
});
