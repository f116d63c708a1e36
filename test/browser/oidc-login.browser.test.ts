/**
 * Login through OpenID Connect in real Chromium: the citizen app's login button sends the phone
 * to the identity provider (the dev provider on its own port, reached by URL like any provider),
 * the citizen chooses a person and a way to log in on the provider's pages, the provider sends
 * the browser back to the app's callback page, and the app finishes the login with the hub. Then
 * the usual journey: activation, the clerk's F1 code, approval, the signed data on the clerk's
 * screen. Refusals (too low a level of assurance, a cancelled login) read plainly in Polish and
 * English. Screens are checked with axe and pictured.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { audit, auditBoth, expectAccessible } from './helpers/audit.js';
import { app, joinWithCode, setCitizenLang, toast } from './helpers/citizen.js';
import { expectDataCard, openDemo, startFlow, status, widget } from './helpers/clerk.js';
import { browserSuite } from './helpers/e2e.js';
import { startOidcWorld, type OidcWorld } from '../helpers/oidc-world.js';

const suite = browserSuite();
const worlds: OidcWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.close();
});

async function world(): Promise<OidcWorld> {
  const w = await startOidcWorld();
  worlds.push(w);
  return w;
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/** Opens the app and presses "log in with …"; resolves on the provider's page. */
async function toProvider(page: Page, w: OidcWorld): Promise<void> {
  await app(page, 'login-oidc').click();
  await page.waitForURL((url) => url.origin === w.idp.issuer);
  await page.getByTestId('idp-person-0').waitFor();
  // The provider's pages forbid scripts (CSP): axe comes in through the debugger, not a tag.
  await page.evaluate(axeSource);
}

describe('login through the identity provider in the browser', () => {
  it('[A3][F1] the phone logs in on the provider’s pages, activates and approves; the clerk gets the data', async () => {
    const w = await world();
    const clerk = await suite.clerk();
    const phone = await suite.phone();
    const person = (await w.t.register.sample(1))[0]!;

    await openDemo(clerk.page, w.t.url, 'bank');
    await startFlow(clerk.page, 'code');
    const code = await widget(clerk.page, 'code').getAttribute('data-code');

    await phone.page.goto(`${w.t.url}/citizen/`);
    await app(phone.page, 'login-oidc').waitFor();
    expect(await app(phone.page, 'login-oidc').textContent()).toContain(
      'Zaloguj się przez login.gov.pl (dev)',
    );
    await auditBoth(phone.page, 'citizen-login-oidc', setCitizenLang);

    await toProvider(phone.page, w);
    expect(await phone.page.evaluate(() => document.documentElement.lang)).toBe('pl');
    await audit(phone.page, 'idp-choose-person', 'pl', phone.page.getByTestId('idp-person-0'));
    await phone.page.getByTestId('idp-method-edowod').check();
    await phone.page.getByTestId('idp-person-0').click();

    // Back in the app: the login is finished and the code and state are gone from the address.
    await app(phone.page, 'activate-phone').waitFor();
    await expect.poll(() => toast(phone.page).textContent()).toContain(person.familyName);
    const here = new URL(phone.page.url());
    expect(here.pathname).toBe('/citizen/');
    expect(here.search).toBe('');
    expect(await phone.page.evaluate(() => history.length)).toBeGreaterThan(0);

    await app(phone.page, 'activate-phone').fill(person.phone);
    await app(phone.page, 'activate-submit').click();
    await app(phone.page, 'join-code-input').waitFor();
    await expect
      .poll(() => app(phone.page, 'connection-status').getAttribute('data-status'))
      .toBe('online');

    await joinWithCode(phone.page, code!);
    await expect
      .poll(() => status(clerk.page).getAttribute('data-state'))
      .toBe('awaiting_approval');
    await app(phone.page, 'approve').click();
    await expect.poll(() => toast(phone.page).textContent()).toContain('Dane zostały przekazane');
    await expectDataCard(clerk.page);
    expect(await widget(clerk.page, 'person-name').textContent()).toContain(person.familyName);
  }, 60_000);

  it('[V2] a refused login reads plainly in both languages: too low a level, a cancelled one; then log out', async () => {
    const w = await world();
    const phone = await suite.phone();
    await phone.page.goto(`${w.t.url}/citizen/`);

    await toProvider(phone.page, w);
    await phone.page.getByTestId('idp-method-low').check();
    await phone.page.getByTestId('idp-person-1').click();
    await app(phone.page, 'login-oidc').waitFor();
    await expect
      .poll(() => app(phone.page, 'login-error').textContent())
      .toContain('zbyt niski poziom bezpieczeństwa');
    await auditBoth(phone.page, 'citizen-login-refused', setCitizenLang);
    await setCitizenLang(phone.page, 'en');
    expect(await app(phone.page, 'login-error').textContent()).toContain('not secure enough');

    // In English now: the provider's pages follow the app's language.
    await toProvider(phone.page, w);
    expect(await phone.page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expectAccessible(phone.page, 'idp-choose-person.en');
    await phone.page.getByTestId('idp-cancel').click();
    await app(phone.page, 'login-oidc').waitFor();
    await expect
      .poll(() => app(phone.page, 'login-error').textContent())
      .toContain('cancelled or did not succeed');
    await setCitizenLang(phone.page, 'pl');
    expect(await app(phone.page, 'login-error').textContent()).toContain('przerwane');

    // A good login, then "log in as someone else": the app forgets the login, and the provider
    // asks again (prompt=login: its own session does not log the next person in silently).
    await toProvider(phone.page, w);
    await phone.page.getByTestId('idp-person-2').click();
    await app(phone.page, 'activate-logout').click();
    await expect.poll(() => toast(phone.page).textContent()).toContain('Wylogowano');
    await app(phone.page, 'login-oidc').waitFor();
    await toProvider(phone.page, w);
    expect(await phone.page.getByTestId('idp-person-2').isVisible()).toBe(true);
  }, 60_000);
});
