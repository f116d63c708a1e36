/**
 * F4 in real Chromium, two phones: citizen A opens "verify someone", asks for name, photo, 18+
 * and validity, and shows the code in the embedded widget; citizen B types it, is warned that
 * the asker is a private person, not a verified institution, and approves; A sees B's name,
 * photo, age over 18 and the card's validity with a countdown, and then the wipe (E1).
 */
import { describe, expect, it } from 'vitest';
import { accessibleBoth, auditBoth, expectAccessible } from './helpers/audit.js';
import { app, enrol, joinWithCode, nav, setCitizenLang, toast } from './helpers/citizen.js';
import { browserSuite } from './helpers/e2e.js';
import {
  expectCitizenStorage,
  expectWidgetForgot,
  expectWiped,
  secretsOf,
} from './helpers/privacy.js';

const suite = browserSuite();

describe('F4 peer flow in the browser', () => {
  it('[F4, D1, E1] A shows a code on the phone → B approves → A sees B’s name, photo, 18+ and validity → wiped', async () => {
    const t = await suite.hub();
    const a = await suite.phone();
    const b = await suite.phone();
    const [, , personA, personB] = await t.register.sample(8);
    await enrol(a.page, t.url, 2);
    await enrol(b.page, t.url, 3);

    await nav(a.page, 'peer');
    await app(a.page, 'peer-claims').waitFor();
    await app(a.page, 'peer-claim-age_over_18').check();
    await accessibleBoth(a.page, 'citizen-peer', setCitizenLang);
    await app(a.page, 'peer-start').click();
    const peerWidget = a.page.locator('mdok-verify');
    await peerWidget.getByTestId('qr').waitFor();
    const code = await peerWidget.getByTestId('code').getAttribute('data-code');
    expect(code).toMatch(/^\d{8}$/);
    await auditBoth(a.page, 'citizen-peer-code', setCitizenLang, peerWidget.getByTestId('qr'));

    await joinWithCode(b.page, code!);
    const nameA = `${personA!.givenNames.split(' ')[0]} ${personA!.familyName}`;
    expect(await app(b.page, 'review-verifier-name').textContent()).toContain(nameA);
    expect(await app(b.page, 'review-unverified-warning').textContent()).toContain(
      'osoba prywatna',
    );
    expect(await app(b.page, 'review-verified-badge').count()).toBe(0);
    expect(await app(b.page, 'review-claim-id_card-age_over_18').count()).toBe(1);
    expect(await app(b.page, 'review-claim-id_card-pesel').count()).toBe(0);
    await accessibleBoth(b.page, 'citizen-review-peer', setCitizenLang);
    await app(b.page, 'approve').click();
    await expect.poll(() => toast(b.page).textContent()).toContain('Dane zostały przekazane');

    await peerWidget.getByTestId('data-card').waitFor();
    await expect
      .poll(() => peerWidget.getByTestId('signature').getAttribute('data-signature'))
      .toBe('valid');
    const secrets = await secretsOf(t, personB!.pesel);
    expect(await peerWidget.getByTestId('person-name').textContent()).toContain(
      `${secrets[0]} ${secrets[1]}`,
    );
    // An object URL made from the register's bytes (CSP-safe), not a data: URL.
    expect(await peerWidget.getByTestId('portrait').getAttribute('src')).toMatch(/^blob:/);
    expect(await peerWidget.getByTestId('claim-id_card-age_over_18').textContent()).toMatch(
      /Tak|Nie/,
    );
    expect(await peerWidget.getByTestId('claim-id_card-document_valid').count()).toBe(1);
    expect(await peerWidget.getByTestId('claim-id_card-pesel').count()).toBe(0);
    expect(await peerWidget.getByTestId('countdown').getAttribute('data-kind')).toBe('display');
    expect(
      Number(await peerWidget.getByTestId('countdown').getAttribute('data-seconds')),
    ).toBeGreaterThan(60);
    await auditBoth(
      a.page,
      'citizen-peer-data',
      setCitizenLang,
      peerWidget.getByTestId('person-name'),
    );

    // A peer session's display window is 120 s.
    await t.advance(121_000);
    await expect
      .poll(() => peerWidget.getByTestId('status').getAttribute('data-phase'))
      .toBe('wiped');
    expect(await peerWidget.getByTestId('data-card').count()).toBe(0);
    await expectAccessible(a.page, 'citizen-peer-wiped.pl');
    await expectWiped(a.page, secrets);
    await expectWidgetForgot(a.page, secrets);
    await expectCitizenStorage(a.page, secrets);
    await expectCitizenStorage(b.page, secrets);
  }, 45_000);
});
