/**
 * The citizen's history (H3) on a phone, in real Chromium: a long history comes a page at a time
 * (50 entries, newest first) and "show older" appends the next page until there is none; the
 * refresh starts again from the newest. Entries are appended to the hub's real audit log.
 */
import { describe, expect, it } from 'vitest';
import { citizenRefOf } from '../../hub/sessions/subjects.js';
import { auditBoth } from './helpers/audit.js';
import { app, enrol, nav, setCitizenLang } from './helpers/citizen.js';
import { browserSuite } from './helpers/e2e.js';

const suite = browserSuite();

describe('history on the phone', () => {
  it('[H3] shows 50 entries at a time, newest first; "show older" adds the rest', async () => {
    const t = await suite.hub();
    const phone = await suite.phone();
    const person = (await t.register.sample(1))[0]!;
    const citizenRef = citizenRefOf(t.hub.ctx, person.pesel);
    const verifier = t.verifiers.bank.verifier;
    for (let i = 0; i < 53; i++) {
      await t.hub.ctx.records.audit.append({
        at: new Date(t.clock.now() - (53 - i) * 60_000).toISOString(),
        sessionId: `history-${i}`,
        verifierId: verifier.id,
        verifierName: verifier.name,
        verifierKind: verifier.kind,
        flow: 'code',
        citizenRef,
        claims: ['id_card.age_over_18'],
        outcome: i % 2 === 0 ? 'delivered' : 'rejected',
        node: 'test',
      });
    }

    await enrol(phone.page, t.url, 0);
    await nav(phone.page, 'history');
    const items = app(phone.page, 'history-item');
    await expect.poll(() => items.count()).toBe(50);
    // Newest first: the last one appended heads the list.
    expect(await items.first().getAttribute('data-outcome')).toBe('delivered');
    await app(phone.page, 'history-older').waitFor();
    await auditBoth(
      phone.page,
      'citizen-history-older',
      setCitizenLang,
      app(phone.page, 'history-older'),
    );

    await app(phone.page, 'history-older').click();
    await expect.poll(() => items.count()).toBe(53);
    await expect.poll(() => app(phone.page, 'history-older').count()).toBe(0);
    expect(await items.last().getAttribute('data-outcome')).toBe('delivered');

    // Refresh: the newest page again, with the way to the older ones.
    await phone.page.locator('mdok-history-screen .toolbar button').click();
    await expect.poll(() => items.count()).toBe(50);
    await app(phone.page, 'history-older').waitFor();
  }, 60_000);
});
