/**
 * The whole widget as one template: header with the PL/EN switch, the status line, an error
 * box, the body of the current step (QR, identifier field, match number, SMS-code field or the
 * data card), the cancel / close button, and the two live regions screen readers listen to
 * (polite for progress, assertive for rejections, expiry and errors).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Lang } from '../../contracts/documents.js';
import { cardView } from './card.view.js';
import type { ImageUrl } from './image-urls.js';
import type { MdokCommand } from './events.js';
import { errorText, t, type AnyErrorCode } from './i18n.js';
import { canCancel, type Model } from './session-model.js';
import { statusOf, toneIcons } from './status.js';
import { countdownView, fieldView, matchView, pairingView } from './steps.view.js';

/** Everything the template needs. */
export interface WidgetViewProps {
  model: Model;
  now: number;
  lang: Lang;
  busy: MdokCommand | null;
  /** Field errors, already in words. */
  subjectError: string | null;
  otpError: string | null;
  /** A non-fatal error to show in the error box. */
  notice: AnyErrorCode | null;
  said: { polite: string; assertive: string };
  /** Object URLs of the inline images on the card (portraits), by their data URL. */
  images: ImageUrl;
  onLang(lang: Lang): void;
  onCancel(): void;
  onSubject(value: string): void;
  onOtp(value: string): void;
}

/** Compile-time exhaustiveness: a state added to the contracts fails the build here. */
function unhandled(state: never): typeof nothing {
  void state;
  return nothing;
}

function identifierField(p: WidgetViewProps): TemplateResult {
  const s = t(p.lang);
  return fieldView(
    {
      id: 'subject',
      label: s.subjectLabel,
      hint: s.subjectHint,
      submit: p.model.flow === 'otp' ? s.subjectSubmitOtp : s.subjectSubmitPush,
      error: p.subjectError,
      busy: p.busy === 'subject:push',
      inputmode: 'tel',
      maxlength: 20,
      onSubmit: p.onSubject,
    },
    p.lang,
  );
}

function otpField(p: WidgetViewProps): TemplateResult {
  const s = t(p.lang);
  return fieldView(
    {
      id: 'otp',
      label: s.otpLabel,
      hint: s.otpHint,
      submit: s.otpSubmit,
      error: p.otpError,
      busy: p.busy === 'otp:submit',
      inputmode: 'numeric',
      maxlength: 7,
      onSubmit: p.onOtp,
    },
    p.lang,
  );
}

function bodyView(p: WidgetViewProps): TemplateResult | typeof nothing {
  const { model: m, now, lang: l } = p;
  const windowCountdown =
    m.deadline !== null ? countdownView('window', m.deadline, now, null, l) : nothing;
  if (m.phase === 'data' && m.data) {
    const total = Date.parse(m.data.displayUntil) - Date.parse(m.stateAt ?? m.data.displayUntil);
    const countdown = countdownView('display', m.data.wipeAt, now, total > 0 ? total : null, l);
    return cardView(m.data, countdown, p.images, l);
  }
  if (m.phase !== 'live' || !m.state) return nothing;
  const identifierFlow = m.flow === 'push' || m.flow === 'otp';
  switch (m.state) {
    case 'awaiting_citizen':
      if (identifierFlow) return html`${identifierField(p)}${windowCountdown}`;
      return m.qr ? pairingView(m.qr, windowCountdown, m.stale, l) : windowCountdown;
    case 'awaiting_approval':
      if (m.flow === 'push' && m.matchNumber) {
        return html`${matchView(m.matchNumber, m.stale, l)}${windowCountdown}`;
      }
      if (m.flow === 'otp') return html`${otpField(p)}${windowCountdown}`;
      return windowCountdown;
    // Nothing to do but wait (the status line says what for) or read the outcome.
    case 'approved':
    case 'delivered':
    case 'expired':
    case 'rejected':
    case 'cancelled':
    case 'timed_out':
    case 'failed':
      return nothing;
    default:
      return unhandled(m.state);
  }
}

/** The widget. */
export function widgetView(p: WidgetViewProps): TemplateResult {
  const { model: m, lang: l } = p;
  const s = t(l);
  const status = statusOf(m, l);
  const alertCode = m.phase === 'error' ? m.error?.code : p.notice;
  const cancelling = p.busy === 'session:cancel';
  return html`<section class="panel" part="panel" lang=${l} aria-labelledby="mdok-title">
    <div class="head" part="header">
      <h2 class="title" id="mdok-title">${s.title}</h2>
      <div
        class="langs"
        role="group"
        aria-label="Język / Language"
        part="lang-switch"
        data-testid="lang-switch"
      >
        ${(['pl', 'en'] as const).map(
          (code) =>
            html`<button
              type="button"
              lang=${code}
              part="button lang-button"
              data-testid="lang-${code}"
              aria-pressed=${l === code ? 'true' : 'false'}
              title=${code === 'pl' ? 'Polski' : 'English'}
              @click=${() => p.onLang(code)}
            >
              ${code.toUpperCase()}
            </button>`,
        )}
      </div>
    </div>
    <p
      class="status ${status.tone === 'neutral' ? '' : `tone-${status.tone}`}"
      part="status"
      data-testid="status"
      data-phase=${m.phase}
      data-state=${m.state ?? ''}
      data-online=${m.online ? 'true' : 'false'}
      tabindex="-1"
    >
      <span class="icon" aria-hidden="true">${toneIcons[status.tone]}</span
      ><span>${status.text}</span>
    </p>
    ${
      alertCode
        ? html`<p class="alert" part="alert" data-testid="error" data-code=${alertCode}>
            ${errorText(alertCode, l)}
          </p>`
        : nothing
    }
    ${bodyView(p)}
    ${
      canCancel(m)
        ? html`<div class="actions">
            <button
              type="button"
              class="secondary"
              part="button cancel-button"
              data-testid="cancel"
              aria-disabled=${cancelling ? 'true' : 'false'}
              @click=${p.onCancel}
            >
              ${cancelling ? s.working : m.phase === 'data' ? s.closeData : s.cancel}
            </button>
          </div>`
        : nothing
    }
    <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="announce-polite">
      ${p.said.polite}
    </div>
    <div class="sr-only" aria-live="assertive" aria-atomic="true" data-testid="announce-assertive">
      ${p.said.assertive}
    </div>
  </section>`;
}
