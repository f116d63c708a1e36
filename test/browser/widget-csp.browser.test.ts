/**
 * The widget on a bank's own site, in real Chromium: the page is served from another origin than
 * the hub (a tiny local server) under a strict Content Security Policy (`default-src 'self'`,
 * scripts only from the page and the hub, connections only to the page and the hub's http and
 * ws origins, images only from the page and `blob:`, styles only from the page: no inline style
 * and no `data:` image anywhere), and loads the widget from the versioned URL with its SRI hash.
 * A whole F1 verification runs there: QR and code, the citizen approves, the signed data with
 * the portrait visible, the wipe (E1). No CSP violation may be reported, neither as a
 * `securitypolicyviolation` event nor on the console, and the test shows that it would see one.
 */
import { describe, expect, it } from 'vitest';
import type { ConsoleMessage } from 'playwright-core';
import { approve, join } from '../helpers/flows.js';
import { expectDataCard, status, widget } from './helpers/clerk.js';
import { browserSuite } from './helpers/e2e.js';
import { recorded, startHostSite, startVerification } from './helpers/host-site.js';
import { expectWidgetForgot, expectWiped } from './helpers/privacy.js';
import { guideCsp, startGuideSite } from './helpers/guide-site.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver-process.js';

const suite = browserSuite();

const strictCsp = (hub: URL) =>
  [
    "default-src 'self'",
    `script-src 'self' ${hub.origin}`,
    `connect-src 'self' ${hub.origin} ws://${hub.host}`,
    "img-src 'self' blob:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

describe('[A4] the widget on an institution’s own origin under a strict CSP', () => {
  it('[F1, A4, E1] completes a verification with the portrait shown and no CSP violation', async () => {
    const t = await suite.hub();
    const site = await startHostSite(t, { lang: 'pl', csp: strictCsp });
    const clerk = await suite.clerk();
    const cspConsole: string[] = [];
    clerk.page.on('console', (message: ConsoleMessage) => {
      if (/content security policy/i.test(message.text())) cspConsole.push(message.text());
    });
    try {
      const citizen = await t.citizen({ index: 5 });
      await clerk.page.goto(site.url);
      expect(new URL(clerk.page.url()).origin).not.toBe(new URL(t.url).origin);
      await clerk.page.waitForFunction(() => customElements.get('mdok-verify') !== undefined);

      const sessionId = await startVerification(clerk.page);
      await widget(clerk.page, 'qr').waitFor();
      expect(await status(clerk.page).getAttribute('data-online')).toBe('true');
      const code = await widget(clerk.page, 'code').getAttribute('data-code');
      expect(await join(citizen, { code: code! })).toMatchObject({ ok: true });
      expect(await approve(citizen, sessionId)).toMatchObject({ ok: true });

      // The signature check fetched the hub's JWKS cross-origin (connect-src) and passed.
      await expectDataCard(clerk.page);
      const portrait = widget(clerk.page, 'portrait');
      expect(await portrait.getAttribute('src')).toMatch(new RegExp(`^blob:${site.origin}/`));
      await expect
        .poll(() => portrait.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      expect(await portrait.isVisible()).toBe(true);
      // The countdown bar's width is set through the CSSOM (allowed), not by a style attribute
      // in the template (blocked): it is applied.
      const bar = clerk.page.locator('mdok-verify').locator('.bar > span');
      expect(
        await bar.evaluate(
          (el) =>
            el.getBoundingClientRect().width / el.parentElement!.getBoundingClientRect().width,
        ),
      ).toBeGreaterThan(0.5);

      const secrets = [
        ...(
          await t.register.readDocuments(citizen.pesel, [
            { type: 'id_card', claims: ['family_name', 'document_number'] },
          ])
        )
          .flatMap((doc) => Object.values(doc.claims))
          .map(String),
      ];
      expect(secrets).toHaveLength(2);
      await t.advance(61_000);
      await expect.poll(() => status(clerk.page).getAttribute('data-phase')).toBe('wiped');
      await expectWiped(clerk.page, secrets);
      await expectWidgetForgot(clerk.page, secrets);

      const { violations, events } = await recorded(clerk.page);
      expect(violations, 'securitypolicyviolation events').toEqual([]);
      expect(cspConsole, 'CSP messages on the console').toEqual([]);
      expect(events.map((e) => e.type)).toContain('mdok-verified');
      expect(events.find((e) => e.type === 'mdok-verified')?.detail).toMatchObject({
        sessionId,
        signature: 'valid',
      });

      // The detector is not blind: an inline style attribute is reported both ways.
      await clerk.page.evaluate(() => {
        const probe = document.createElement('p');
        probe.setAttribute('style', 'color: red');
        document.body.append(probe);
      });
      await expect
        .poll(async () => (await recorded(clerk.page)).violations)
        .toEqual([expect.stringMatching(/^style-src/)]);
      await expect.poll(() => cspConsole.length).toBeGreaterThan(0);
    } finally {
      await site.close();
    }
  }, 90_000);

  it('[F1, A4, E3, §6] the guide’s bank site: its tag, script and policy in the browser; its backend verifies the result with the typed client and receives the signed session.delivered webhook', async () => {
    const t = await suite.hub();
    const receiver = await startWebhookReceiver({ secrets: [] });
    const site = await startGuideSite(t, { webhookUrl: receiver.url });
    await receiver.setSecrets([site.webhookSecret!]);
    const clerk = await suite.clerk();
    const cspConsole: string[] = [];
    clerk.page.on('console', (message: ConsoleMessage) => {
      if (/content security policy/i.test(message.text())) cspConsole.push(message.text());
    });
    try {
      expect(guideCsp(new URL(t.url))).toContain(`connect-src 'self' ${new URL(t.url).origin}`);
      const citizen = await t.citizen({ index: 6 });
      const person = t.register.find((p) => p.pesel === citizen.pesel)!;
      await clerk.page.goto(site.url);
      await clerk.page.waitForFunction(() => customElements.get('mdok-verify') !== undefined);
      await clerk.page.click('#verify');
      await widget(clerk.page, 'qr').waitFor();
      const code = await widget(clerk.page, 'code').getAttribute('data-code');
      const joined = await join(citizen, { code: code! });
      if (!joined.ok) throw new Error(JSON.stringify(joined));
      expect(await approve(citizen, joined.data.sessionId)).toMatchObject({ ok: true });
      await expectDataCard(clerk.page);

      // The page's script asked its backend, which fetched and verified the result (E3).
      const expected = person.age >= 18 && person.documents.id_card.status === 'valid';
      await expect
        .poll(() => clerk.page.textContent('#outcome'))
        .toBe(expected ? 'Zweryfikowano' : 'Odmowa');
      expect(site.finished).toEqual([
        {
          sessionId: joined.data.sessionId,
          adult: person.age >= 18,
          documentValid: person.documents.id_card.status === 'valid',
        },
      ]);
      // The backend's webhook: signed, verified by the receiver process, ids and states only.
      const delivered = await receiver.next(
        (r) =>
          r.event?.type === 'session.delivered' && r.event.data.sessionId === joined.data.sessionId,
      );
      expect(delivered.verified).toBe(true);
      expect(delivered.event?.data).toMatchObject({
        verifierId: site.verifierId,
        state: 'delivered',
      });
      expect(delivered.body).not.toContain(person.familyName);

      const { violations, events } = await recorded(clerk.page);
      expect(violations, 'securitypolicyviolation events').toEqual([]);
      expect(cspConsole, 'CSP messages on the console').toEqual([]);
      expect(events.find((e) => e.type === 'mdok-verified')?.detail).toMatchObject({
        sessionId: joined.data.sessionId,
        signature: 'valid',
      });
    } finally {
      await site.close();
      await receiver.stop();
    }
  }, 90_000);
});
