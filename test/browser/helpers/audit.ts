/**
 * Every screen a test passes through is checked and pictured here: axe-core (WCAG 2.0/2.1 A and
 * AA, open shadow roots included) must find nothing `serious` or `critical`, and a viewport-sized
 * PNG `<name>.<lang>.png` is taken: into `test-results/screenshots/` (not kept), or with
 * `SCREENSHOTS=docs` (`npm run screenshots`) into `docs/screenshots/`, the pictures the docs
 * show — so a test run leaves the committed pictures alone. `auditBoth` does it in Polish and in
 * English by pressing the page's own language switch, and switches back.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { settled } from './browser.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** Where the screenshots go. */
export const screenshotDir = fileURLToPath(
  new URL(
    process.env.SCREENSHOTS === 'docs'
      ? '../../../docs/screenshots/'
      : '../../../test-results/screenshots/',
    import.meta.url,
  ),
);
mkdirSync(screenshotDir, { recursive: true });

/** One axe violation, as printed. */
interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** What every audited screen adds to the file's report. */
export const auditLog: { screen: string; violations: number; minor: string[] }[] = [];

/** Runs axe on the page; returns its violations (all impacts). */
export async function runAxe(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeLike }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));

    interface AxeLike {
      run(
        context: Document,
        options: unknown,
      ): Promise<{
        violations: {
          id: string;
          impact?: string | null;
          help: string;
          nodes: { target: unknown; failureSummary?: string }[];
        }[];
      }>;
    }
  });
}

/**
 * Axe must find nothing serious or critical on the page as it is now. A soft assertion: the flow
 * goes on (so every screen is checked and pictured) and the test fails at its end.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await settled(page);
  const violations = await runAxe(page);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  auditLog.push({
    screen,
    violations: bad.length,
    minor: violations.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact})`),
  });
  if (bad.length > 0) {
    console.error(`axe on ${screen}:\n${JSON.stringify(bad, null, 2)}`);
  }
  expect
    .soft(
      bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.join(' | ')}`),
      `axe on ${screen}`,
    )
    .toEqual([]);
}

/** The page fits its viewport's width: nothing makes it scroll sideways (soft, as above). */
export async function expectNoSidewaysScroll(page: Page, screen: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect
    .soft(scroll, `${screen}: page ${scroll} px wide in a ${client} px viewport`)
    .toBeLessThanOrEqual(client);
}

/**
 * Axe check, the no-sideways-scroll check, and a viewport screenshot
 * `docs/screenshots/<name>.<lang>.png`.
 */
export async function audit(
  page: Page,
  name: string,
  lang: 'pl' | 'en',
  show?: Locator,
): Promise<void> {
  await expectAccessible(page, `${name}.${lang}`);
  await expectNoSidewaysScroll(page, `${name}.${lang}`);
  // The picture should show what the screen is about, not only its top.
  if (show) await show.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({
    path: `${screenshotDir}${name}.${lang}.png`,
    animations: 'disabled',
    caret: 'hide',
  });
}

/** Switches a page to a language with its own visible switch. */
export type SetLang = (page: Page, lang: 'pl' | 'en') => Promise<void>;

/**
 * Audits the screen in Polish, switches the page to English with `setLang` (its own language
 * switch), audits it again, and switches back to Polish. `show` is scrolled into the picture.
 */
export async function auditBoth(
  page: Page,
  name: string,
  setLang: SetLang,
  show?: Locator,
): Promise<void> {
  await audit(page, name, 'pl', show);
  await setLang(page, 'en');
  await audit(page, name, 'en', show);
  await setLang(page, 'pl');
}

/** Axe only (no picture), in Polish and then in English, back to Polish. */
export async function accessibleBoth(page: Page, name: string, setLang: SetLang): Promise<void> {
  await expectAccessible(page, `${name}.pl`);
  await setLang(page, 'en');
  await expectAccessible(page, `${name}.en`);
  await setLang(page, 'pl');
}
