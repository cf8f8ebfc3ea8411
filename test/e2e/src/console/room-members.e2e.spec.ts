/// <reference lib="dom" />
// The functions run in the page (`page.evaluate`) read its globals (`document`, `window`).
/**
 * The console in a real browser, on the demo network (./console-demo.ts): a members-only room while its page is open.
 * A message of stacked accents draws inside its own row; the header's count follows the members added and removed;
 * a member removed is shown the room's refusal, as on opening it, and no form.
 */
import { expectStatus, HttpClient, screenshot } from '@catalyse/testing';
import type { Locator, Page } from 'playwright-core';
import { LIVE_MS, LOAD_MS, eventually, useConsoleDemo } from './console-demo';

const ROOM = 'salon-reserve-e2e';
const REFUSAL = 'Ce salon est réservé à ses membres : vous n’en faites pas partie.';

describe('the console, in a browser, on the demo network: a members-only room while its page is open', () => {
  const { service, tokens, names, signedIn, checkPage } = useConsoleDemo();
  const address = (): string => `${service.url}/salons/${encodeURIComponent(`room:${ROOM}`)}`;
  const feed = (page: Page): Locator => page.getByRole('list', { name: 'Fil du salon' });
  const lead = (page: Page): Locator => page.getByRole('main').locator('.lead');

  beforeAll(async () => {
    const claire = new HttpClient(service.url, tokens.claire);
    expectStatus(
      await claire.post('/api/rooms', { id: ROOM, kind: 'theme', subject: 'reserve-console', title: 'Salon réservé des essais', access: 'members' }),
      201,
    );
    expectStatus(await claire.post(`/api/rooms/${ROOM}/add-member`, { memberId: 'catalyseur-002' }), 200);
  });

  it('draws a message of 4,000 stacked accents inside its own row, over no other message', async () => {
    const { page } = await signedIn(tokens.claire);
    await page.goto(address());
    await page.getByLabel('Votre message').waitFor({ timeout: LOAD_MS });
    const before = 'Avant la tour : éàü ÀÉ Ễ 🙂';
    await page.getByLabel('Votre message').fill(before);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    const above = feed(page).getByRole('listitem').filter({ hasText: before });
    await above.getByText(before).waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(await feed(page).locator('.pending').count()).toBe(0));
    // The row's inside (its borders left out: the last row's meets the list's), where it is on the page.
    const box = await above.boundingBox();
    if (!box) throw new Error('the message is not drawn');
    const inside = { x: Math.ceil(box.x) + 2, y: Math.ceil(box.y) + 2, width: Math.floor(box.width) - 6, height: Math.floor(box.height) - 6 };
    const alone = await page.screenshot({ clip: inside });

    // One letter under 3,999 combining acute accents (4,000 code points: the hub takes it): one line tall, its accents
    // a tower. Its row is drawn below the one above, which must look exactly as before.
    await page.getByLabel('Votre message').fill(`e${'\u0301'.repeat(3999)}`);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await eventually(async () => expect(await feed(page).locator('.message').count()).toBe(2));
    await eventually(async () => expect(await feed(page).locator('.pending').count()).toBe(0));
    expect(await above.boundingBox()).toEqual(box);
    expect((await page.screenshot({ clip: inside })).equals(alone)).toBe(true);
    // Ordinary text shows whole: its accents and emoji in its row, not cut.
    expect(await above.locator('.text').innerText()).toBe(before);
    await screenshot(page, 'salon-accents-empiles');
  });

  it('follows its members live, and shows a member removed the room’s refusal and no form, as on opening it', async () => {
    const claire = new HttpClient(service.url, tokens.claire);
    const { page } = await signedIn(tokens.malik);
    await page.goto(address());
    await page.getByLabel('Votre message').waitFor({ timeout: LOAD_MS });
    await page.getByRole('list', { name: 'Présents' }).getByText(`${names.malik} (vous)`).waitFor({ timeout: LOAD_MS });
    await eventually(async () => expect(await lead(page).innerText()).toBe('Thème · salon réservé à ses membres · 2 membres'));

    // Someone added, then removed: the header's count follows at once.
    expectStatus(await claire.post(`/api/rooms/${ROOM}/add-member`, { memberId: 'catalyseur-003' }), 200);
    await eventually(async () => expect(await lead(page).innerText()).toBe('Thème · salon réservé à ses membres · 3 membres'), LOAD_MS);
    expectStatus(await claire.post(`/api/rooms/${ROOM}/remove-member`, { memberId: 'catalyseur-003' }), 200);
    await eventually(async () => expect(await lead(page).innerText()).toBe('Thème · salon réservé à ses membres · 2 membres'), LOAD_MS);
    expect(await page.getByLabel('Votre message').count()).toBe(1);

    // The reader removed: the refusal, the way back to the list, no presence, feed nor form; the header counts one.
    expectStatus(await claire.post(`/api/rooms/${ROOM}/remove-member`, { memberId: 'catalyseur-002' }), 200);
    const main = page.getByRole('main');
    await main.getByRole('alert').getByText(REFUSAL).waitFor({ timeout: LOAD_MS });
    const removed = await main.getByRole('alert').innerText();
    expect(await page.getByLabel('Votre message').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Consigner la décision' }).count()).toBe(0);
    expect(await page.getByRole('list', { name: 'Présents' }).count()).toBe(0);
    expect(await feed(page).count()).toBe(0);
    expect(await main.getByRole('link', { name: 'Voir vos salons' }).count()).toBe(1);
    expect(await page.getByRole('heading', { level: 1, name: 'Salon réservé des essais' }).count()).toBe(1);
    expect(await lead(page).innerText()).toBe('Thème · salon réservé à ses membres · 1 membre');
    await checkPage(page, 'salon-membre-retire');

    // Opened again: the same refusal.
    await page.reload();
    await main.getByRole('alert').getByText(REFUSAL).waitFor({ timeout: LOAD_MS });
    expect(await main.getByRole('alert').innerText()).toBe(removed);
    expect(await page.getByLabel('Votre message').count()).toBe(0);
    await page.waitForTimeout(LIVE_MS);
    expect(await page.getByLabel('Votre message').count()).toBe(0);
  });
});
