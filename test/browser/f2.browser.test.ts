/**
 * F2 in real Chromium: the clerk types the citizen's PESEL into the widget, which shows the
 * 2-digit match number; the request pops up live on the citizen's enrolled phone, where a wrong
 * number is refused (P5) and the right one approves; the data reaches the clerk and is wiped
 * after the display window, PESEL typed by the clerk included (E1).
 */
import { describe, expect, it } from 'vitest';
import { auditBoth } from './helpers/audit.js';
import { app, enrol, setCitizenLang, toast } from './helpers/citizen.js';
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
  secretsOf,
} from './helpers/privacy.js';

const suite = browserSuite();

describe('F2 push flow in the browser', () => {
  it('[F2, P5, E1] PESEL typed in the widget → live request on the phone → match number → data → wiped', async () => {
    const t = await suite.hub();
    const clerk = await suite.clerk();
    const phone = await suite.phone();
    const person = (await t.register.sample(8))[1]!;
    await enrol(phone.page, t.url, 1);

    await openDemo(clerk.page, t.url, 'bank');
    await startFlow(clerk.page, 'push');
    await widget(clerk.page, 'subject-input').waitFor();
    await auditBoth(clerk.page, 'clerk-f2-subject', setClerkLang);
    await widget(clerk.page, 'subject-input').fill(person.pesel);
    await widget(clerk.page, 'subject-submit').click();
    await expect
      .poll(() => status(clerk.page).getAttribute('data-state'))
      .toBe('awaiting_approval');
    const match = (await widget(clerk.page, 'match-number').textContent())?.trim() ?? '';
    expect(match).toMatch(/^\d{2}$/);
    await auditBoth(clerk.page, 'clerk-f2-match', setClerkLang);

    // The request arrives by itself on the phone, wherever the citizen is in the app.
    await app(phone.page, 'incoming-banner').waitFor();
    expect(await app(phone.page, 'incoming-banner-name').textContent()).toContain(
      'Bank Przykładowy S.A.',
    );
    await app(phone.page, 'incoming-banner').click();
    await app(phone.page, 'review').waitFor();
    await app(phone.page, 'match-input').waitFor();
    await auditBoth(
      phone.page,
      'citizen-review-match',
      setCitizenLang,
      app(phone.page, 'match-input'),
    );

    // P5: approving needs the number; a wrong one is refused and the request stays.
    const wrong = match === '42' ? '24' : '42';
    await app(phone.page, 'match-input').fill(wrong);
    await app(phone.page, 'approve').click();
    await expect
      .poll(async () => (await app(phone.page, 'decide-error').textContent())?.trim())
      .not.toBe('');
    expect(await app(phone.page, 'review').count()).toBe(1);
    expect(await status(clerk.page).getAttribute('data-state')).toBe('awaiting_approval');
    await app(phone.page, 'match-input').fill(match);
    await app(phone.page, 'approve').click();
    await expect.poll(() => toast(phone.page).textContent()).toContain('Dane zostały przekazane');

    await expectDataCard(clerk.page);
    const secrets = await secretsOf(t, person.pesel);
    expect(await widget(clerk.page, 'person-name').textContent()).toContain(
      `${secrets[0]} ${secrets[1]}`,
    );
    expect(await widget(clerk.page, 'claim-id_card-pesel').textContent()).toContain(person.pesel);

    await t.advance(61_000);
    await expect.poll(() => status(clerk.page).getAttribute('data-phase')).toBe('wiped');
    await expectWiped(clerk.page, secrets);
    await expectWidgetForgot(clerk.page, secrets);
    await expectNoStorage(clerk.page);
    await expectCitizenStorage(phone.page, secrets);
  }, 45_000);
});
