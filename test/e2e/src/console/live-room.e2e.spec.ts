/// <reference lib="dom" />
// The functions run in the page (`page.evaluate`) read its globals (`document`, `window`).
/**
 * The console in a real browser, on the demo network (./console-demo.ts): two catalyseurs in the live room of the
 * tests (presence, messages, typing, decisions, one offline and back, an outbox kept across a closed page), then the
 * Opérations page asking reports and rebuilding the projections while the room resets. The tests follow one another:
 * each reads the messages the ones before wrote (`written`), and the rebuild checks the room keeps them all.
 */
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { FLDA_TITLE, LIVE_MS, LOAD_MS, ROOM_ID, eventually, useConsoleDemo } from './console-demo';

describe('the console, in a browser, on the demo network: a live room, and the Opérations page that rebuilds it', () => {
  const { service, tokens, names, signedIn, checkPage } = useConsoleDemo();

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
