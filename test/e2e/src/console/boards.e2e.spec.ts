/**
 * The console in a real browser, on the demo network (./console-demo.ts): the boards of the network's work
 * (Expérimentations, Rencontres, Territoires, read as they are in the demo), then a gathering run from Rencontres.
 */
import type { Locator } from 'playwright-core';
import { expectStatus, HttpClient } from '@catalyse/testing';
import { LIVE_MS, LOAD_MS, eventually, fields, frenchDay, inDays, slashed, todayInParis, useConsoleDemo } from './console-demo';

describe('the console, in a browser, on the demo network: the boards of the network’s work, and a gathering run from Rencontres', () => {
  const { service, tokens, signedIn, checkPage } = useConsoleDemo();

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
});
