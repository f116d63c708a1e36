/**
 * Languages in real Chromium: one F1 verification done in English end to end. The clerk uses
 * the widget's own PL/EN switch (the host page stays Polish); the citizen uses the app's switch,
 * which survives a reload (the only preference the app stores). Words are checked on both sides,
 * then the clerk switches the data card back to Polish. Axe runs on each English screen.
 */
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './helpers/audit.js';
import {
  activate,
  app,
  joinWithCode,
  login,
  openCitizen,
  setCitizenLang,
  toast,
} from './helpers/citizen.js';
import { expectDataCard, openDemo, startFlow, status, widget } from './helpers/clerk.js';
import { browserSuite } from './helpers/e2e.js';
import { storageOf } from './helpers/privacy.js';

const suite = browserSuite();

describe('Polish and English in the browser', () => {
  it('[F1, D1] the widget’s own switch and the app’s switch (kept across a reload) turn both sides to English', async () => {
    const t = await suite.hub();
    const clerk = await suite.clerk();
    const phone = await suite.phone();

    await openDemo(clerk.page, t.url, 'office');
    await startFlow(clerk.page, 'code');
    expect(await widget(clerk.page, 'lang-pl').getAttribute('aria-pressed')).toBe('true');
    await widget(clerk.page, 'lang-en').click();
    await expect
      .poll(() => widget(clerk.page, 'lang-en').getAttribute('aria-pressed'))
      .toBe('true');
    expect(await clerk.page.locator('mdok-verify').getAttribute('lang')).toBe('en');
    expect(await status(clerk.page).textContent()).toContain(
      'Ask the customer to scan the QR code',
    );
    // Only the widget switched: the host page is the institution's and stays as it was.
    expect(await clerk.page.locator('#start-title').textContent()).toBe(
      'Nowa weryfikacja tożsamości',
    );
    await expectAccessible(clerk.page, 'language-clerk-qr.en');
    const code = await widget(clerk.page, 'code').getAttribute('data-code');

    await openCitizen(phone.page, t.url);
    await setCitizenLang(phone.page, 'en');
    expect(await phone.page.locator('mdok-citizen-app h1').first().textContent()).toContain(
      'Log in',
    );
    await login(phone.page, 4);
    expect(await phone.page.locator('mdok-citizen-app h1').first().textContent()).toContain(
      'Turn the service on for this phone',
    );
    await activate(phone.page);
    await phone.page.reload();
    await app(phone.page, 'join-code-input').waitFor();
    expect(await phone.page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await app(phone.page, 'nav-home').textContent()).toContain('Home');
    expect((await storageOf(phone.page)).local['mdok.citizen.lang']).toBe('en');

    await joinWithCode(phone.page, code!);
    expect(await app(phone.page, 'review-verified-badge').textContent()).toContain(
      'Verified institution',
    );
    expect(await app(phone.page, 'review-claim-id_card-family_name').textContent()).toContain(
      'Family name',
    );
    expect(
      await app(phone.page, 'review-claim-vehicle_registration-registration_number').count(),
    ).toBe(1);
    expect(await app(phone.page, 'review-retention').textContent()).toContain('No copy is kept');
    expect(await app(phone.page, 'approve').textContent()).toContain('Share');
    await expectAccessible(phone.page, 'language-citizen-review.en');
    await app(phone.page, 'approve').click();
    await expect.poll(() => toast(phone.page).textContent()).toContain('Your data was sent');

    await expectDataCard(clerk.page);
    expect(await widget(clerk.page, 'signature').textContent()).toContain('signature verified');
    expect(await widget(clerk.page, 'claim-id_card-family_name').textContent()).toContain(
      'Family name',
    );
    expect(await widget(clerk.page, 'document-id_card').textContent()).toContain('Identity card');
    await expectAccessible(clerk.page, 'language-clerk-data-card.en');

    await widget(clerk.page, 'lang-pl').click();
    await expect
      .poll(() => widget(clerk.page, 'claim-id_card-family_name').textContent())
      .toContain('Nazwisko');
    expect(await widget(clerk.page, 'document-id_card').textContent()).toContain('Dowód osobisty');
    expect(await widget(clerk.page, 'lang-pl').getAttribute('aria-pressed')).toBe('true');
  }, 40_000);
});
