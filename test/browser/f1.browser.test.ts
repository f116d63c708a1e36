/**
 * F1 in real Chromium: the clerk at the bank's demo page shows a QR code and a 6-digit code; the
 * citizen, on a phone, logs in, activates the service, types the code, reads who asks for what
 * (D1) and approves; the clerk sees the signed register data, which is wiped from the page, the
 * widget's memory and the browser when the display window ends (E1). Also: the citizen rejects,
 * the clerk cancels (S5). Every screen is checked with axe and pictured in both languages.
 */
import { describe, expect, it } from 'vitest';
import { auditBoth, expectAccessible } from './helpers/audit.js';
import {
  app,
  enrol,
  joinWithCode,
  login,
  activate,
  nav,
  openCitizen,
  setCitizenLang,
  toast,
} from './helpers/citizen.js';
import {
  expectDataCard,
  openDemo,
  setClerkLang,
  startFlow,
  status,
  widget,
} from './helpers/clerk.js';
import { browserSuite } from './helpers/e2e.js';
import {
  expectCitizenStorage,
  expectNoStorage,
  expectWidgetForgot,
  expectWiped,
  pageContent,
  PORTRAIT_PREFIX,
  secretsOf,
  widgetMemory,
} from './helpers/privacy.js';

const suite = browserSuite();

describe('F1 code flow in the browser', () => {
  it('[F1, D1, P4, E1] QR and code on the clerk’s screen → the phone approves → signed data → wiped after the window', async () => {
    const t = await suite.hub();
    const clerk = await suite.clerk();
    const phone = await suite.phone();
    const person = (await t.register.sample(8))[0]!;

    await openDemo(clerk.page, t.url, 'bank');
    await auditBoth(clerk.page, 'clerk-start', setClerkLang);
    await startFlow(clerk.page, 'code');
    await widget(clerk.page, 'qr').waitFor();
    const code = await widget(clerk.page, 'code').getAttribute('data-code');
    expect(code).toMatch(/^\d{8}$/);
    expect((await widget(clerk.page, 'code').textContent())?.replace(/\s/g, '')).toBe(code);
    expect(await widget(clerk.page, 'countdown').getAttribute('data-kind')).toBe('window');
    expect(
      Number(await widget(clerk.page, 'countdown').getAttribute('data-seconds')),
    ).toBeGreaterThan(100);
    await auditBoth(clerk.page, 'clerk-f1-qr', setClerkLang);

    await openCitizen(phone.page, t.url);
    await auditBoth(phone.page, 'citizen-login', setCitizenLang);
    await login(phone.page, 0);
    await auditBoth(phone.page, 'citizen-activate', setCitizenLang);
    await activate(phone.page);
    await auditBoth(phone.page, 'citizen-home', setCitizenLang);

    await joinWithCode(phone.page, code!);
    // P4: a used code is gone from the clerk's screen at once.
    await expect
      .poll(() => status(clerk.page).getAttribute('data-state'))
      .toBe('awaiting_approval');
    expect(await widget(clerk.page, 'qr').count()).toBe(0);
    expect(await widget(clerk.page, 'code').count()).toBe(0);
    // D1: who asks (a verified institution), why, and each claim in plain Polish.
    expect(await app(phone.page, 'review-verifier-name').textContent()).toContain(
      'Bank Przykładowy S.A.',
    );
    await app(phone.page, 'review-verified-badge').waitFor();
    expect(await app(phone.page, 'review-verified-badge').textContent()).toContain(
      'Zweryfikowana instytucja',
    );
    expect(await app(phone.page, 'review-purpose').textContent()).toContain(
      'Otwarcie rachunku osobistego',
    );
    expect(await app(phone.page, 'review-claim-id_card-family_name').textContent()).toContain(
      'Nazwisko',
    );
    expect(await app(phone.page, 'review-claim-id_card-pesel').textContent()).toContain('PESEL');
    expect(await app(phone.page, 'review-retention').textContent()).toContain('Zachowa kopię');
    await auditBoth(phone.page, 'citizen-review', setCitizenLang);

    await app(phone.page, 'approve').click();
    await expect.poll(() => toast(phone.page).textContent()).toContain('Dane zostały przekazane');
    await app(phone.page, 'join-code-input').waitFor();

    await expectDataCard(clerk.page);
    const secrets = await secretsOf(t, person.pesel);
    const [given, family, pesel, documentNumber] = secrets;
    expect(await widget(clerk.page, 'person-name').textContent()).toContain(`${given} ${family}`);
    // CSP-safe: the portrait is an object URL made from the register's bytes, not a data: URL.
    const portraitUrl = await widget(clerk.page, 'portrait').getAttribute('src');
    expect(portraitUrl).toMatch(/^blob:/);
    await expect
      .poll(() =>
        widget(clerk.page, 'portrait').evaluate((img: HTMLImageElement) => img.naturalWidth),
      )
      .toBeGreaterThan(0);
    expect(await widget(clerk.page, 'claim-id_card-pesel').textContent()).toContain(pesel);
    expect(await widget(clerk.page, 'claim-id_card-document_number').textContent()).toContain(
      documentNumber,
    );
    const [card] = await t.register.readDocuments(person.pesel, [{ type: 'id_card', claims: [] }]);
    expect(await widget(clerk.page, 'doc-status-id_card').getAttribute('data-status')).toBe(
      card!.status,
    );
    expect(await widget(clerk.page, 'signature').textContent()).toContain('zweryfikowany');
    expect(await widget(clerk.page, 'countdown').getAttribute('data-kind')).toBe('display');
    await auditBoth(clerk.page, 'clerk-data-card', setClerkLang);
    // Whatever the card showed, as shown (formatted), must go too.
    const shown = await Promise.all(
      ['given_names', 'family_name', 'pesel', 'document_number', 'birth_date'].map(async (claim) =>
        (await widget(clerk.page, `claim-id_card-${claim}`).locator('dd').textContent())!.trim(),
      ),
    );

    // The checks below can see the data while it is shown (they are not vacuous).
    expect(await pageContent(clerk.page)).toContain(documentNumber);
    expect(await widgetMemory(clerk.page)).toContain(documentNumber);

    // The hub's display window (60 s on the demo page) ends: the widget must wipe at once.
    await t.advance(61_000);
    await expect.poll(() => status(clerk.page).getAttribute('data-phase')).toBe('wiped');
    expect(await widget(clerk.page, 'data-card').count()).toBe(0);
    await auditBoth(clerk.page, 'clerk-wiped', setClerkLang);
    await expectWiped(clerk.page, [...secrets, ...shown]);
    await expectWidgetForgot(clerk.page, [...secrets, ...shown]);
    await expectNoStorage(clerk.page);
    await expectCitizenStorage(phone.page, [...secrets, ...shown]);
    expect(shown.every((s) => s.length > 0)).toBe(true);
    // The portrait's object URL was revoked at the wipe: the bytes are gone from the page too.
    expect(
      await clerk.page.evaluate(
        (url) =>
          fetch(url).then(
            () => 'readable',
            () => 'revoked',
          ),
        portraitUrl!,
      ),
    ).toBe('revoked');
    expect(secrets).toContain(PORTRAIT_PREFIX);

    // H3: the phone lists the verification; the devices screen lists this phone.
    await nav(phone.page, 'history');
    await app(phone.page, 'history-item').first().waitFor();
    expect(await app(phone.page, 'history-item').first().getAttribute('data-flow')).toBe('code');
    expect(await app(phone.page, 'history-item').first().textContent()).toContain(
      'Bank Przykładowy',
    );
    await auditBoth(phone.page, 'citizen-history', setCitizenLang);
    await nav(phone.page, 'devices');
    await app(phone.page, 'device-item').first().waitFor();
    expect(await app(phone.page, 'device-item').count()).toBe(1);
    await auditBoth(phone.page, 'citizen-devices', setCitizenLang);
  }, 60_000);

  it('[F1, S5] the citizen rejects: the clerk sees the rejection, no data', async () => {
    const t = await suite.hub();
    const clerk = await suite.clerk();
    const phone = await suite.phone();
    await openDemo(clerk.page, t.url, 'bank');
    await startFlow(clerk.page, 'code');
    const code = await widget(clerk.page, 'code').getAttribute('data-code');
    await enrol(phone.page, t.url, 1);
    await joinWithCode(phone.page, code!);

    await app(phone.page, 'reject').click();
    await expect.poll(() => toast(phone.page).textContent()).toContain('Odrzucono prośbę');
    await expect.poll(() => status(clerk.page).getAttribute('data-state')).toBe('rejected');
    expect(await status(clerk.page).getAttribute('data-phase')).toBe('ended');
    expect(await status(clerk.page).textContent()).toContain('Klient odrzucił prośbę');
    expect(await widget(clerk.page, 'data-card').count()).toBe(0);
    await expectAccessible(clerk.page, 'clerk-rejected.pl');
    await expectAccessible(phone.page, 'citizen-rejected.pl');
    await expectNoStorage(clerk.page);
  }, 30_000);

  it('[F1, S5] the clerk cancels: the phone is told the request was withdrawn', async () => {
    const t = await suite.hub();
    const clerk = await suite.clerk();
    const phone = await suite.phone();
    await openDemo(clerk.page, t.url, 'bank');
    await startFlow(clerk.page, 'code');
    const code = await widget(clerk.page, 'code').getAttribute('data-code');
    await enrol(phone.page, t.url, 2);
    await joinWithCode(phone.page, code!);

    await widget(clerk.page, 'cancel').click();
    await expect.poll(() => status(clerk.page).getAttribute('data-state')).toBe('cancelled');
    expect(await widget(clerk.page, 'cancel').count()).toBe(0);
    await expect
      .poll(() => toast(phone.page).textContent())
      .toContain('Prośba została anulowana przez osobę, która sprawdzała.');
    await app(phone.page, 'join-code-input').waitFor();
    expect(await app(phone.page, 'review').count()).toBe(0);
    await expectAccessible(clerk.page, 'clerk-cancelled.pl');
    await expectAccessible(phone.page, 'citizen-withdrawn.pl');
  }, 30_000);
});
