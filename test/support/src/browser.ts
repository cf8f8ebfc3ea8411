import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ensureChromium } from '@catalyse/test-servers';
import { REPO_ROOT } from './processes';

export { CHROMIUM_INSTALL_COMMAND, ensureChromium } from '@catalyse/test-servers';

/** Where the console tests leave their screenshots (git-ignored). */
export const SCREENSHOTS_DIR = join(REPO_ROOT, 'test-results', 'console');

/**
 * Chromium's own date fields follow the browser's interface language, not the page's `lang`
 * nor the context's `locale` (which set `navigator.language`, `Intl` and `Accept-Language`):
 * without these switches Debian's chromium shows the console's `<input type=date>` as
 * mm/dd/yyyy. `--lang=fr-FR` makes the interface French (its strings, e.g. the empty field's
 * jj/mm/aaaa, come from the `chromium-l10n` package when installed); the Blink feature makes
 * form controls follow the page's `lang="fr"`, which orders the date day/month/year either way.
 */
const FRENCH_FORM_CONTROLS = ['--lang=fr-FR', '--enable-blink-features=LangAttributeAwareFormControlUI'];

/** Debian's chromium, headless, driven by playwright-core, its form controls in French. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await ensureChromium();
  return chromium.launch({ executablePath, args: ['--no-sandbox', ...FRENCH_FORM_CONTROLS], headless: true });
}

/** A fresh context (its own storage, its own network switch) speaking French. */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
}

/** Saves a full-page screenshot as a test artefact: `test-results/console/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolationSummary {
  readonly id: string;
  readonly impact: string | null | undefined;
  readonly help: string;
  readonly nodes: readonly string[];
}

/**
 * Runs axe on the page and answers its `serious` and `critical` violations (an empty list
 * when the page passes), each with the selectors of the nodes concerned, ready to print.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolationSummary[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => `${node.target.join(' ')} — ${node.failureSummary ?? ''}`.trim()),
    }));
}
