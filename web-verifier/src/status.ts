/**
 * The status line: one sentence for where the session is, and a tone (neutral / ok / warn /
 * danger) that is always shown with an icon and the words, never by colour alone. Pure, so the
 * wording of every state can be tested without a DOM.
 */
import type { Lang } from '../../contracts/documents.js';
import type { SessionState } from '../../contracts/sessions.js';
import { stateText, t } from './i18n.js';
import type { Model } from './session-model.js';

/** How a status looks. */
export type Tone = 'neutral' | 'ok' | 'warn' | 'danger';

/** The icon that goes with each tone. */
export const toneIcons: Readonly<Record<Tone, string>> = {
  neutral: 'ℹ',
  ok: '✓',
  warn: '!',
  danger: '✕',
};

/**
 * The tone of each state. Exhaustive: a state added to the contracts fails the build here until
 * it is given one. `danger` states end a session without data and are announced assertively.
 */
export const stateTones = {
  awaiting_citizen: 'neutral',
  awaiting_approval: 'neutral',
  approved: 'neutral',
  delivered: 'neutral',
  expired: 'warn',
  rejected: 'danger',
  cancelled: 'danger',
  timed_out: 'danger',
  failed: 'danger',
} as const satisfies Record<SessionState, Tone>;

/** Whether a state ends a session without data (shown as danger, announced assertively). */
export function isDangerState(state: SessionState): boolean {
  return stateTones[state] === 'danger';
}

/** The status line for a model. */
export function statusOf(m: Model, lang: Lang): { text: string; tone: Tone } {
  const s = t(lang);
  switch (m.phase) {
    case 'idle':
      return { text: s.idle, tone: 'neutral' };
    case 'connecting':
      return m.retrying
        ? { text: s.reconnecting, tone: 'warn' }
        : { text: s.connecting, tone: 'neutral' };
    case 'error':
      return { text: s.stopped, tone: 'danger' };
    case 'data':
      return { text: s.states.delivered, tone: 'ok' };
    case 'wiped':
      return { text: m.wiped === 'closed' ? s.wipedClosed : s.wiped, tone: 'neutral' };
    case 'live':
    case 'ended': {
      if (!m.state) return { text: s.connecting, tone: 'neutral' };
      if (m.phase === 'live' && m.retrying) return { text: s.reconnecting, tone: 'warn' };
      if (m.phase === 'live' && m.stale) return { text: s.confirming, tone: 'warn' };
      let text = stateText(m.state, m.flow, lang);
      if (m.endReason && m.endReason !== m.state && m.endReason !== 'delivered') {
        text += ` ${s.endReasons[m.endReason]}`;
      }
      return { text, tone: stateTones[m.state] };
    }
  }
}
