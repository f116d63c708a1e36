/**
 * What a bank's developer relies on, in real Chromium on the bank's own origin (helpers/
 * host-site.ts): `mdok-error` with `no_token` for an element without a token (and none for a
 * page that sets the token right after adding the element); the language taken from
 * `<html lang>`, else Polish, and `mdok-language` when the clerk switches; and while the
 * connection to the hub is down, the QR code and the 6-digit code greyed out and marked out of
 * date, in Polish and English, until the hub confirms the session's state again (X3).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { auditBoth, type SetLang } from './helpers/audit.js';
import { status, widget } from './helpers/clerk.js';
import { browserSuite } from './helpers/e2e.js';
import { recorded, startHostSite, startVerification } from './helpers/host-site.js';

const suite = browserSuite();

/** The widget's own PL/EN switch (the host page has none). */
const setWidgetLang: SetLang = async (page, lang) => {
  await widget(page, `lang-${lang}`).click();
  await page.locator(`mdok-verify section[part~="panel"][lang="${lang}"]`).waitFor();
};

const setPageLang = (page: Page, lang: string) =>
  page.evaluate((l) => document.documentElement.setAttribute('lang', l), lang);

const title = (page: Page) => widget(page, 'lang-switch').locator('xpath=..').locator('h2');

describe('<mdok-verify> for the bank’s developer', () => {
  it('[A2] reports no_token for an element without a token, and none when the token follows at once', async () => {
    const t = await suite.hub();
    const site = await startHostSite(t, { lang: 'pl' });
    const clerk = await suite.clerk();
    try {
      await clerk.page.goto(site.url);
      await clerk.page.waitForFunction(() => customElements.get('mdok-verify') !== undefined);
      await clerk.page.evaluate(() =>
        (window as unknown as { addWidgetWithoutToken(): void }).addWidgetWithoutToken(),
      );
      await expect
        .poll(async () =>
          (await recorded(clerk.page)).events.filter((e) => e.type === 'mdok-error'),
        )
        .toEqual([
          {
            type: 'mdok-error',
            detail: expect.objectContaining({ code: 'no_token', fatal: false, command: null }),
          },
        ]);
      expect(await widget(clerk.page, 'error').getAttribute('data-code')).toBe('no_token');
      expect(await widget(clerk.page, 'error').textContent()).toContain('Brak tokenu widżetu');
      expect(await status(clerk.page).getAttribute('data-phase')).toBe('idle');

      // A page that adds the element and then sets its token (as frameworks do) gets no error.
      await startVerification(clerk.page);
      await widget(clerk.page, 'qr').waitFor();
      const errors = (await recorded(clerk.page)).events.filter((e) => e.type === 'mdok-error');
      expect(errors).toHaveLength(1);
    } finally {
      await site.close();
    }
  }, 60_000);

  it('takes its language from <html lang>, else Polish, and tells the page when the clerk switches', async () => {
    const t = await suite.hub();
    const site = await startHostSite(t, { lang: 'en-GB' });
    const clerk = await suite.clerk();
    try {
      await clerk.page.goto(site.url);
      await clerk.page.waitForFunction(() => customElements.get('mdok-verify') !== undefined);
      await startVerification(clerk.page);
      await widget(clerk.page, 'qr').waitFor();
      expect(await clerk.page.locator('mdok-verify').getAttribute('lang')).toBeNull();
      expect(await title(clerk.page).textContent()).toBe('Identity check — mDok');
      expect(await status(clerk.page).textContent()).toContain('Ask the customer');

      // A language the widget does not speak: Polish. The widget follows the page's changes.
      await setPageLang(clerk.page, 'de');
      await expect
        .poll(() => title(clerk.page).textContent())
        .toBe('Weryfikacja tożsamości — mDok');

      await widget(clerk.page, 'lang-en').click();
      await expect.poll(() => title(clerk.page).textContent()).toBe('Identity check — mDok');
      expect(await clerk.page.locator('mdok-verify').getAttribute('lang')).toBe('en');
      const switched = (await recorded(clerk.page)).events.filter(
        (e) => e.type === 'mdok-language',
      );
      expect(switched).toEqual([{ type: 'mdok-language', detail: { lang: 'en', previous: 'pl' } }]);
      // Its own choice now wins over the page's.
      await setPageLang(clerk.page, 'pl');
      await widget(clerk.page, 'lang-en').click();
      expect(await title(clerk.page).textContent()).toBe('Identity check — mDok');
      // Pressing the language already shown is no switch.
      expect(
        (await recorded(clerk.page)).events.filter((e) => e.type === 'mdok-language'),
      ).toHaveLength(1);
    } finally {
      await site.close();
    }
  }, 60_000);

  it('[X3] greys out and marks the QR and code while the hub is unreachable, until the state is confirmed', async () => {
    const t = await suite.hub();
    const site = await startHostSite(t, { lang: 'pl' });
    const clerk = await suite.clerk();
    // Holds new handshakes on /verifier while closed: the widget cannot get back in.
    const held: (() => void)[] = [];
    let open = true;
    t.hub.io.of('/verifier').use((_socket, next) => {
      if (open) next();
      else held.push(() => next());
    });
    try {
      await clerk.page.goto(site.url);
      await clerk.page.waitForFunction(() => customElements.get('mdok-verify') !== undefined);
      await startVerification(clerk.page);
      await widget(clerk.page, 'qr').waitFor();
      expect(await widget(clerk.page, 'pairing').getAttribute('data-stale')).toBe('false');
      expect(await widget(clerk.page, 'stale-mark').count()).toBe(0);

      open = false;
      t.hub.io.of('/verifier').disconnectSockets(true);
      await expect
        .poll(() => widget(clerk.page, 'pairing').getAttribute('data-stale'))
        .toBe('true');
      expect(await status(clerk.page).getAttribute('data-online')).toBe('false');
      expect(await widget(clerk.page, 'stale-mark').textContent()).toContain(
        'Nieaktualne — brak połączenia z mDok Hub',
      );
      // Still there to read, but visibly not to be used.
      const qrOpacity = await widget(clerk.page, 'qr')
        .locator('svg')
        .evaluate((svg) => Number(getComputedStyle(svg).opacity));
      expect(qrOpacity).toBeLessThan(1);
      await expect.poll(() => held.length).toBeGreaterThan(0);
      await auditBoth(clerk.page, 'clerk-f1-stale', setWidgetLang, widget(clerk.page, 'qr'));
      await setWidgetLang(clerk.page, 'en');
      expect(await widget(clerk.page, 'stale-mark').textContent()).toContain(
        'Out of date — no connection to mDok Hub',
      );
      await setWidgetLang(clerk.page, 'pl');

      open = true;
      for (const release of held.splice(0)) release();
      await expect
        .poll(() => widget(clerk.page, 'pairing').getAttribute('data-stale'))
        .toBe('false');
      expect(await widget(clerk.page, 'stale-mark').count()).toBe(0);
      expect(await status(clerk.page).getAttribute('data-online')).toBe('true');
      expect(await status(clerk.page).getAttribute('data-state')).toBe('awaiting_citizen');
    } finally {
      open = true;
      for (const release of held.splice(0)) release();
      await site.close();
    }
  }, 90_000);
});
