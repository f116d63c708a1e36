/**
 * Polish and English are both complete (web-verifier/src/i18n.ts): every session state, end
 * reason, error code (the hub's V3 codes and the widget's own) and flow has a non-empty text in
 * both languages; document, claim and status labels come from the contracts (D1); the widget's
 * language falls back to the page's and then to Polish.
 */
import { describe, expect, it } from 'vitest';
import {
  EndReasonSchema,
  Flow,
  SessionState,
  allClaims,
  documentStatuses,
  documentTypes,
  errorCodes,
} from '../../../contracts/index.js';
import {
  WidgetErrorCode,
  claimLabel,
  documentLabel,
  errorText,
  langs,
  resolveLang,
  stateText,
  statusLabel,
  strings,
  widgetLang,
} from '../../../web-verifier/src/i18n.js';

/** Every string leaf of an object, with its dotted path. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

describe('[D1] i18n completeness', () => {
  it('[D1] both languages have the same keys, none empty', () => {
    const pl = leaves(strings.pl);
    const en = leaves(strings.en);
    expect(pl.map(([k]) => k)).toEqual(en.map(([k]) => k));
    for (const [path, value] of [...pl, ...en]) {
      if (typeof value === 'function') continue;
      expect(typeof value, path).toBe('string');
      expect((value as string).trim(), path).not.toBe('');
    }
  });

  it('[S1] every session state has a text in pl and en, per flow where it differs', () => {
    for (const lang of langs) {
      for (const state of Object.values(SessionState)) {
        for (const flow of Object.values(Flow)) {
          expect(stateText(state, flow, lang)).toMatch(/\S/);
        }
      }
    }
    expect(stateText('awaiting_approval', 'push', 'pl')).not.toBe(
      stateText('awaiting_approval', 'code', 'pl'),
    );
    expect(stateText('awaiting_approval', 'otp', 'en')).toMatch(/code/);
  });

  it('[V3] every error code and end reason has a text in pl and en', () => {
    const codes = [...errorCodes, ...Object.values(WidgetErrorCode)];
    for (const lang of langs) {
      for (const code of codes) expect(strings[lang].errors[code], `${lang} ${code}`).toMatch(/\S/);
      for (const reason of EndReasonSchema.options) {
        expect(strings[lang].endReasons[reason], `${lang} ${reason}`).toMatch(/\S/);
      }
      expect(errorText('no_such_code', lang)).toBe(strings[lang].errors.internal);
    }
    expect(errorText('subject_busy', 'pl')).not.toBe(errorText('subject_busy', 'en'));
  });

  it('[D1] documents, claims and statuses use the contracts’ plain-language labels', () => {
    for (const lang of langs) {
      for (const type of documentTypes) expect(documentLabel(type, lang)).not.toBe(type);
      for (const claim of allClaims) expect(claimLabel(claim, lang)).not.toBe(claim);
      for (const status of documentStatuses) expect(statusLabel(status, lang)).toMatch(/\S/);
    }
    expect(statusLabel('missing', 'pl')).toBe('Brak w rejestrze');
    expect(documentLabel('id_card', 'pl')).toBe('Dowód osobisty');
    expect(claimLabel('unknown_claim', 'en')).toBe('unknown_claim');
  });

  it('reads the lang attribute: en and en-GB are English, everything else Polish', () => {
    expect(resolveLang('en')).toBe('en');
    expect(resolveLang('EN-gb')).toBe('en');
    expect(resolveLang('pl')).toBe('pl');
    expect(resolveLang('de')).toBe('pl');
    expect(resolveLang(null)).toBe('pl');
  });

  it('takes its own lang, else the page’s <html lang>, else Polish', () => {
    expect(widgetLang('en', 'pl')).toBe('en');
    expect(widgetLang('pl', 'en-GB')).toBe('pl');
    expect(widgetLang('', 'en-GB')).toBe('en');
    expect(widgetLang(undefined, 'en')).toBe('en');
    expect(widgetLang(null, '')).toBe('pl');
    expect(widgetLang('', 'de')).toBe('pl');
  });
});
