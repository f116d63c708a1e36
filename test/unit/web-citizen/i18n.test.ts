/**
 * The citizen app's words (D1, V3): Polish and English have the same keys and placeholders,
 * nothing is empty, and every code the hub can send — error codes, requester kinds, flows,
 * outcomes, end reasons — has a sentence in both languages.
 */
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../contracts/errors.js';
import { EndReasonSchema, Flow, terminalStates } from '../../../contracts/sessions.js';
import { verifierKinds } from '../../../contracts/verifiers.js';
import { claimLabels, documentLabels } from '../../../contracts/documents.js';
import {
  claimLabel,
  documentLabel,
  isMessageKey,
  langs,
  messages,
  t,
  toLang,
} from '../../../web-citizen/src/i18n.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('string tables', () => {
  it('[D1] Polish and English have exactly the same keys', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.pl).sort());
  });

  it('[D1] every string is non-empty and has the same placeholders in both languages', () => {
    for (const key of Object.keys(messages.pl) as (keyof typeof messages.pl)[]) {
      for (const lang of langs) expect(messages[lang][key].trim(), `${lang} ${key}`).not.toBe('');
      expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.pl[key]));
    }
  });

  it('[D1] Polish is the default and the words differ between the languages', () => {
    expect(toLang(undefined)).toBe('pl');
    expect(toLang('de')).toBe('pl');
    expect(toLang('en')).toBe('en');
    expect(t('pl', 'review.approve')).toBe('Udostępnij');
    expect(t('en', 'review.approve')).toBe('Share');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('pl', 'history.privileged', { basis: 'art. 15 ustawy o Policji' })).toBe(
      'Sprawdzenie bez Twojej zgody — podstawa prawna: art. 15 ustawy o Policji',
    );
    expect(t('en', 'review.branch')).toBe('Branch: {branch}');
  });

  it('[V3] every error code has a general sentence in both languages', () => {
    for (const code of [...errorCodes, 'network'])
      expect(isMessageKey(`err.${code}`), code).toBe(true);
  });

  it('[D1] every requester kind, flow, outcome and end reason is put into words', () => {
    for (const kind of [...verifierKinds, 'citizen'])
      expect(isMessageKey(`kind.${kind}`)).toBe(true);
    for (const flow of Object.values(Flow)) expect(isMessageKey(`flow.${flow}`)).toBe(true);
    for (const outcome of ['delivered', ...terminalStates]) {
      expect(isMessageKey(`outcome.${outcome}`), outcome).toBe(true);
    }
    for (const reason of EndReasonSchema.options) {
      expect(isMessageKey(`withdrawn.${reason}`), reason).toBe(true);
    }
  });

  it('[D1] document and claim names come from the contracts, unknown ones pass through', () => {
    expect(documentLabel('id_card', 'pl')).toBe(documentLabels.id_card.pl);
    expect(claimLabel('age_over_18', 'en')).toBe(claimLabels.age_over_18.en);
    expect(claimLabel('shoe_size', 'pl')).toBe('shoe_size');
    expect(documentLabel('toString', 'pl')).toBe('toString');
  });
});
