/**
 * The console in a real browser, on the demo network (./console-demo.ts): the Organisations list and an
 * organisation's page, an organisation registered and accompanied from the console, a partner's own organisation,
 * and a catalyseur's portfolio (empty, then live, a partnership taken up from its page).
 */
import type { Locator } from 'playwright-core';
import { expectStatus, HttpClient, mintToken } from '@catalyse/testing';
import { LIVE_MS, LOAD_MS, LYONNAISE_TITLE, eventually, fields, frenchDay, todayInParis, useConsoleDemo } from './console-demo';

describe('the console, in a browser, on the demo network: organisations, their accompaniments, and a catalyseur’s portfolio', () => {
  const { data, service, tokens, names, alsaceCatalyseur, signedIn, checkPage } = useConsoleDemo();

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
      .filter({ hasText: alsaceCatalyseur.name })
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
    expectStatus(await operator.post(`/api/partnerships/${assigned.id}/assign-catalyseur`, { catalyseurId: alsaceCatalyseur.id }), 200);
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
      .filter({ hasText: new RegExp(`Catalyseur assigné · (${escaped(alsaceCatalyseur.name)}|${escaped(alsaceCatalyseur.id)})`) });
    const assignedBefore = await assignments.count();
    await checkPage(page, 'partenariat-sans-catalyseur');
    await accompanying.getByRole('button', { name: 'Accompagner ce partenariat' }).click();
    await accompanying
      .getByRole('listitem')
      .filter({ hasText: `(${alsaceCatalyseur.id}) — vous` })
      .waitFor({ timeout: LOAD_MS });
    expect(await accompanying.getByRole('button', { name: 'Accompagner ce partenariat' }).count()).toBe(0);
    // Now accompanying it, the page follows its feed, and the chronology shows the assignment without a reload, once.
    await main.getByText('Suivi en direct : la page se met à jour d’elle-même.').waitFor({ timeout: LOAD_MS });
    await assignments.nth(assignedBefore).waitFor({ timeout: LOAD_MS });
    await page.waitForTimeout(LIVE_MS);
    expect(await assignments.count()).toBe(assignedBefore + 1);
    await chronology
      .getByRole('listitem')
      .filter({ hasText: `Catalyseur assigné · ${alsaceCatalyseur.name}` })
      .first()
      .waitFor({ timeout: LOAD_MS });
    await checkPage(page, 'partenariat-accompagne');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Mon portefeuille' }).click();
    await partnerships.getByRole('link', { name: taken.title }).waitFor({ timeout: LOAD_MS });
  });
});
