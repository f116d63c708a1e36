/**
 * The status line (web-verifier/src/status.ts): every phase and state reads as a sentence in
 * both languages, endings name their reason, and the tone that colours it is never the only
 * signal (each tone has an icon).
 */
import { describe, expect, it } from 'vitest';
import { SessionState } from '../../../contracts/index.js';
import { initialModel, type Model } from '../../../web-verifier/src/session-model.js';
import { statusOf, toneIcons } from '../../../web-verifier/src/status.js';

const model = (patch: Partial<Model>): Model => ({ ...initialModel(), ...patch });

describe('[S1] status line', () => {
  it('[S1] says something in pl and en for every state', () => {
    for (const lang of ['pl', 'en'] as const) {
      for (const state of Object.values(SessionState)) {
        const { text, tone } = statusOf(model({ phase: 'live', state, flow: 'code' }), lang);
        expect(text, `${lang} ${state}`).toMatch(/\S/);
        expect(toneIcons[tone]).toMatch(/\S/);
      }
    }
  });

  it('[S5] marks rejection and cancellation as danger and names the end reason', () => {
    const failed = statusOf(
      model({ phase: 'ended', state: 'failed', endReason: 'too_many_attempts' }),
      'en',
    );
    expect(failed.tone).toBe('danger');
    expect(failed.text).toMatch(/failed.*Too many wrong codes/);
    expect(statusOf(model({ phase: 'ended', state: 'rejected' }), 'pl').text).toMatch(/odrzucił/);
  });

  it('[E1] tells the clerk when the data is on screen and when it was wiped', () => {
    expect(statusOf(model({ phase: 'data', state: 'delivered' }), 'en').tone).toBe('ok');
    expect(statusOf(model({ phase: 'wiped', wiped: 'closed' }), 'pl').text).toMatch(/zamknięte/);
    expect(statusOf(model({ phase: 'wiped', wiped: 'display_ended' }), 'en').text).toMatch(/wiped/);
  });

  it('[X3] shows retrying while the connection is down, and a stop on a refusal', () => {
    expect(statusOf(model({ phase: 'connecting', retrying: true }), 'en')).toEqual({
      text: 'No connection to mDok Hub — retrying…',
      tone: 'warn',
    });
    expect(
      statusOf(model({ phase: 'live', state: 'awaiting_citizen', retrying: true }), 'pl').tone,
    ).toBe('warn');
    expect(statusOf(model({ phase: 'error' }), 'en').tone).toBe('danger');
  });
});
