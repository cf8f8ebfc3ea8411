/// <reference lib="dom" />
// The functions run in the page (`page.evaluate`) read its globals (`document`, `window`, `Node`).
/**
 * The console in a real browser, on the demo network (./console-demo.ts): a partnership's page (the FLDA renewed, its
 * life replayed as of 2011), then a partnership steered from cadrage to its conclusion by its partners and catalyseur.
 * The FLDA test runs first: it counts the Ardèche's partnerships before the steered one is proposed there.
 */
import type { Locator, Page } from 'playwright-core';
import { expectStatus, HttpClient, mintToken, screenshot } from '@catalyse/testing';
import { FLDA_TITLE, LOAD_MS, eventually, fields, frenchDay, inDays, slashed, todayInParis, useConsoleDemo } from './console-demo';

describe('the console, in a browser, on the demo network: a partnership’s page, and its steering', () => {
  const { data, service, tokens, signedIn, checkPage, openContext } = useConsoleDemo();

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

  it('dates everything on the network’s calendar (TIME_ZONE, Europe/Paris), not the browser’s: in Tahiti too', async () => {
    const context = await openContext({ locale: 'fr-FR', timezoneId: 'Pacific/Tahiti', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // The browser's own calendar is Tahiti's (UTC−10): the proposal, at 8:00 in Paris on the 16th, was its 15th.
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('Pacific/Tahiti');
    await page.goto(`${service.url}/#token=${tokens.claire}`);
    await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor({ timeout: LOAD_MS });
    await page.goto(`${service.url}/partenariats/flda-cg-ardeche`);
    const main = page.getByRole('main');
    await eventually(async () => expect(await fields(main)).toMatchObject({ 'Proposé le': '16 novembre 2009' }));
    // The slider's first day is the proposal's day in Paris, whose board the api has (as of a day in TIME_ZONE).
    const slider = main.getByRole('slider', { name: /Rejouer sa vie/ });
    await slider.focus();
    await slider.press('Home');
    await eventually(async () => expect(new URL(page.url()).searchParams.get('au')).toBe('2009-11-16'));
    await eventually(async () => expect(await fields(main)).toMatchObject({ Cycle: '1', 'Proposé le': '16 novembre 2009' }));
    expect(await main.getByText(/Impossible de charger/).count()).toBe(0);
    await screenshot(page, 'partenariat-flda-tahiti');
  });

  it('reads a page again once the service is back, and offers « Réessayer » meanwhile', async () => {
    const { context, page } = await signedIn(tokens.claire);
    await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: LOAD_MS });
    // The service out of reach (the browser offline: the hub's socket closes, the banner says so), a page opened.
    await context.setOffline(true);
    await page.getByText(/^Hors ligne/).waitFor({ timeout: LOAD_MS });
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Partenariats' }).click();
    const main = page.getByRole('main');
    await main
      .getByText(/^Impossible de charger/)
      .first()
      .waitFor({ timeout: LOAD_MS });
    await main.getByRole('button', { name: 'Réessayer' }).first().waitFor({ timeout: LOAD_MS });
    // Back: the banner goes, and the page reads again by itself.
    await context.setOffline(false);
    await eventually(async () => expect(await page.getByText(/^Hors ligne/).count()).toBe(0));
    await main.getByRole('link', { name: FLDA_TITLE }).waitFor({ timeout: LOAD_MS });
    expect(await main.getByText(/^Impossible de charger/).count()).toBe(0);

    // The api refusing for a while (503) with the hub up: « Réessayer » reads again.
    let down = true;
    await context.route('**/api/partnerships**', (route) =>
      down ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'UNAVAILABLE', message: 'down' }) }) : route.fallback(),
    );
    await page.reload();
    await main
      .getByText(/^Impossible de charger/)
      .first()
      .waitFor({ timeout: LOAD_MS });
    await screenshot(page, 'partenariats-indisponible');
    down = false;
    await main.getByRole('button', { name: 'Réessayer' }).first().click();
    await main.getByRole('link', { name: FLDA_TITLE }).waitFor({ timeout: LOAD_MS });
    expect(await main.getByText(/^Impossible de charger/).count()).toBe(0);
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
    // While the api has not answered yet, the person types a day that is not one: the form hands the page « no day »,
    // and once saved the page empties its day (« no day » again): the field empties all the same, with no problem said.
    let answer = (): void => undefined;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    await page.route(`**/api/partnerships/${id}/plan-milestone`, async (route) => {
      await answered;
      await route.continue();
    });
    await plan.getByRole('button', { name: 'Planifier le jalon' }).dblclick();
    await plan.getByLabel('Échéance').fill('31/02/2027');
    await page.keyboard.press('Tab');
    await plan.getByText('Le 31/02/2027 n’existe pas', { exact: false }).waitFor({ timeout: LOAD_MS });
    answer();
    await saved(plan);
    await page.unroute(`**/api/partnerships/${id}/plan-milestone`);
    // Saved, the form is emptied: its date field says nothing wrong (it was left filled in, then emptied by the form).
    await eventually(async () => expect(await plan.getByLabel('Échéance').inputValue()).toBe(''));
    expect(await plan.getByText(/n’existe pas/).count()).toBe(0);
    expect(await plan.getByText(/Indiquez une date/).count()).toBe(0);
    expect(await plan.getByLabel('Échéance').getAttribute('aria-invalid')).toBe('false');
    // An empty required date merely tabbed through is not blamed either: it is said when the form is sent.
    await plan.getByLabel('Échéance').focus();
    await page.keyboard.press('Tab');
    expect(await plan.getByText(/Indiquez une date/).count()).toBe(0);
    const milestones = main.getByRole('table').first();
    const milestoneRow = milestones.getByRole('row').filter({ hasText: 'Premier atelier commun' });
    await milestoneRow.getByText('Planifié').waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'pilotage-cadrage');
    // On a phone (390 px), the milestones' table keeps its words whole (« Planifié », « Replanifier ») and scrolls
    // inside its frame: the page itself does not widen.
    await page.setViewportSize({ width: 390, height: 844 });
    await eventually(async () =>
      // What sticks out of the page (a table, and the phone header's navigation, scroll inside their own frame: what
      // they hold is left out).
      expect(
        await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((el) => !el.closest('.table-wrap, .sr-only, header.top nav ul') && el.getBoundingClientRect().right > window.innerWidth + 1)
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
});
