/**
 * F3 in real Chromium: at the municipal office the clerk types the PESEL of a citizen who has
 * not enrolled any phone; the hub sends the SMS code (read back from the dev SMS outbox), a
 * wrong code is refused with the attempts left (P3), the right one brings the identity card,
 * the vehicle registration and the insurance onto the screen, and the window wipes them (E1).
 */
import { describe, expect, it } from 'vitest';
import type { SmsMessage } from '../../contracts/index.js';
import { auditBoth } from './helpers/audit.js';
import {
  expectDataCard,
  openDemo,
  setClerkLang,
  startFlow,
  status,
  widget,
} from './helpers/clerk.js';
import { browserSuite } from './helpers/e2e.js';
import { expectNoStorage, expectWidgetForgot, expectWiped, secretsOf } from './helpers/privacy.js';
import type { TestHub } from '../helpers/test-hub.js';

const suite = browserSuite();

/** A synthetic person who holds every document the office asks for. */
async function carOwner(t: TestHub) {
  for (const person of await t.register.sample(60)) {
    const docs = await t.register.readDocuments(person.pesel, [
      { type: 'id_card', claims: [] },
      { type: 'vehicle_registration', claims: [] },
      { type: 'vehicle_insurance', claims: [] },
    ]);
    if (docs.length === 3) return person;
  }
  throw new Error('no car owner among the first 60 synthetic people');
}

describe('F3 SMS-code flow in the browser', () => {
  it('[F3, P3, E1] PESEL typed in the widget → SMS code read to the clerk → data → wiped', async () => {
    const t = await suite.hub();
    const clerk = await suite.clerk();
    const person = await carOwner(t);

    await openDemo(clerk.page, t.url, 'office');
    await startFlow(clerk.page, 'otp');
    await widget(clerk.page, 'subject-input').fill(person.pesel);
    await widget(clerk.page, 'subject-submit').click();
    await expect
      .poll(() => status(clerk.page).getAttribute('data-state'))
      .toBe('awaiting_approval');
    await widget(clerk.page, 'otp-input').waitFor();
    await auditBoth(clerk.page, 'clerk-f3-otp', setClerkLang);

    const sms = await t.api<{ messages: SmsMessage[] }>(
      'GET',
      `/v1/dev/sms?phone=${encodeURIComponent(person.phone)}`,
    );
    expect(sms.status).toBe(200);
    const text = sms.body.messages.at(-1)?.text ?? '';
    expect(text).toContain('Urząd Miasta Krakowa');
    const code = /\b(\d{6})\b/.exec(text)?.[1];
    expect(code).toBeDefined();

    const wrong = code === '000000' ? '111111' : '000000';
    await widget(clerk.page, 'otp-input').fill(wrong);
    await widget(clerk.page, 'otp-submit').click();
    await widget(clerk.page, 'otp-error').waitFor();
    // P3: the attempts left come from the ack's details.attemptsLeft, not from English text.
    expect(await widget(clerk.page, 'otp-error').textContent()).toMatch(/Pozostało prób: [1-4]\./);
    await widget(clerk.page, 'otp-input').fill(code!);
    await widget(clerk.page, 'otp-submit').click();

    await expectDataCard(clerk.page);
    for (const type of ['id_card', 'vehicle_registration', 'vehicle_insurance']) {
      await widget(clerk.page, `document-${type}`).waitFor();
      expect(await widget(clerk.page, `doc-status-${type}`).getAttribute('data-status')).toMatch(
        /^(valid|expired|suspended|revoked)$/,
      );
    }
    const secrets = await secretsOf(t, person.pesel);
    expect(await widget(clerk.page, 'person-name').textContent()).toContain(secrets[1]);
    const extra = await Promise.all(
      ['vehicle_registration-registration_number', 'vehicle_insurance-policy_number'].map(
        async (id) => (await widget(clerk.page, `claim-${id}`).locator('dd').textContent())!.trim(),
      ),
    );
    await auditBoth(
      clerk.page,
      'clerk-f3-data-card',
      setClerkLang,
      widget(clerk.page, 'document-vehicle_registration'),
    );

    await t.advance(61_000);
    await expect.poll(() => status(clerk.page).getAttribute('data-phase')).toBe('wiped');
    await expectWiped(clerk.page, [...secrets, ...extra]);
    await expectWidgetForgot(clerk.page, [...secrets, ...extra]);
    await expectNoStorage(clerk.page);
  }, 40_000);
});
