/**
 * Error codes (V3) as the citizen reads them: a plain sentence per code and language, a better
 * one where the context changes the meaning, and the attempts left after a wrong code (P3).
 */
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../contracts/errors.js';
import { attemptsLeft, errorText, type ErrorContext } from '../../../web-citizen/src/error-text.js';
import { langs, t } from '../../../web-citizen/src/i18n.js';

const contexts: ErrorContext[] = [
  'general',
  'login',
  'activation',
  'join',
  'scan',
  'match',
  'devices',
  'history',
  'peer',
];

describe('errorText', () => {
  it('[V3] gives every code its own sentence (not the fallback) in every language and context', () => {
    for (const lang of langs) {
      for (const code of [...errorCodes, 'network' as const]) {
        for (const context of contexts) {
          const text = errorText(lang, { code, message: 'x' }, context);
          expect(text.length, `${lang} ${code} ${context}`).toBeGreaterThan(5);
          if (code !== 'internal') expect(text).not.toBe(t(lang, 'err.internal'));
          expect(text).not.toMatch(/[a-z]+_[a-z]+/); // no raw codes
        }
      }
    }
  });

  it('[P3] tells how many tries are left after a wrong code', () => {
    const error = { code: 'code_invalid' as const, message: 'wrong code; 3 attempt(s) left' };
    expect(errorText('pl', error, 'join')).toBe(
      'Nieprawidłowy kod. Sprawdź cyfry i spróbuj ponownie. Pozostałe próby: 3.',
    );
    expect(errorText('en', error, 'match')).toBe(
      'That is not the number. Check the clerk’s screen. Tries left: 3.',
    );
    expect(errorText('pl', { code: 'code_invalid', message: '' }, 'join')).not.toContain('próby');
  });

  it('[P1] an expired QR says to scan again; elsewhere the request expired', () => {
    expect(errorText('pl', { code: 'expired', message: '' }, 'scan')).toContain('Zeskanuj');
    expect(errorText('pl', { code: 'expired', message: '' }, 'join')).toContain('nowy kod');
    expect(errorText('pl', { code: 'expired', message: '' })).toBe('Prośba wygasła.');
  });

  it('[P1] a scanned QR borrows the joining sentences where it has none of its own', () => {
    const bad = { code: 'code_invalid' as const, message: 'wrong code; 2 attempt(s) left' };
    expect(errorText('pl', bad, 'scan')).toBe(
      'Ten kod QR jest nieważny. Poproś o nowy kod i zeskanuj go ponownie. Pozostałe próby: 2.',
    );
    expect(errorText('en', { code: 'subject_busy', message: '' }, 'scan')).toBe(
      errorText('en', { code: 'subject_busy', message: '' }, 'join'),
    );
    expect(errorText('en', { code: 'gone', message: '' }, 'scan')).toBe(
      'This request has already ended. Ask for a new code.',
    );
  });

  it('[S4] explains subject_busy, too_many_attempts and a self-check in plain words', () => {
    expect(errorText('pl', { code: 'subject_busy', message: '' })).toContain('inną prośbę');
    expect(errorText('en', { code: 'too_many_attempts', message: '' }, 'join')).toContain(
      '10 minutes',
    );
    expect(errorText('en', { code: 'forbidden', message: '' }, 'join')).toContain('yourself');
    expect(errorText('pl', { code: 'conflict', message: '' }, 'activation')).toContain(
      'innej osoby',
    );
  });

  it('falls back to the general sentence for an unknown code', () => {
    const text = errorText('pl', { code: 'teapot' as never, message: '' });
    expect(text).toBe(t('pl', 'err.internal'));
  });
});

describe('attemptsLeft', () => {
  it('[P3] reads the count from the hub message', () => {
    expect(attemptsLeft('wrong code; 4 attempt(s) left')).toBe(4);
    expect(attemptsLeft('wrong code; 0 attempt(s) left')).toBe(0);
    expect(attemptsLeft('too many wrong codes')).toBeNull();
  });
});
