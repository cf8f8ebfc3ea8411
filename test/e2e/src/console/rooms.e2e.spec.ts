/// <reference lib="dom" />
// The functions run in the page (`page.evaluate`) read its globals (`document`, `window`).
/**
 * The console in a real browser, on the demo network (./console-demo.ts): the Salons page, a room's page (its people
 * named, an address naming no room, a room refused, archived or busy), and a person erased or gone from a room.
 */
import { expectStatus, HttpClient, mintToken, screenshot } from '@catalyse/testing';
import { LIVE_MS, LOAD_MS, ROOM_ID, eventually, useConsoleDemo } from './console-demo';

describe('the console, in a browser, on the demo network: the Salons page and a room’s page', () => {
  const { data, service, tokens, signedIn, checkPage } = useConsoleDemo();

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
});
