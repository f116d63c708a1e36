/**
 * The screens before the data arrives, as Lit templates: the rotating QR with the 6-digit code
 * (F1/F4), the field for the citizen's PESEL or phone number (F2/F3), the match number the
 * citizen must type (F2, P5), the field for the SMS code (F3), and the countdown of the current
 * window. Templates only: state and handlers come from the element. While the connection is
 * down, the QR, the code and the match number are greyed out and marked out of date (`stale`).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Lang } from '../../contracts/documents.js';
import { cssProps } from './css-props.js';
import { codeGroups, formatCountdown, spokenCountdown } from './format.js';
import { t } from './i18n.js';
import { qrShapeCached } from './qr.js';

/** A countdown to `until` (local ms). `kind` tells the window from the display countdown. */
export function countdownView(
  kind: 'window' | 'display',
  until: number,
  now: number,
  total: number | null,
  lang: Lang,
): TemplateResult {
  const s = t(lang);
  const left = Math.max(0, until - now);
  const label = kind === 'window' ? s.windowLeft : s.displayLeft;
  const share = total && total > 0 ? Math.min(100, (left / total) * 100) : null;
  return html`<div class="side-countdown">
    <p class="label" id="countdown-label-${kind}">${label}</p>
    <p
      class="countdown"
      role="timer"
      part="countdown"
      data-testid="countdown"
      data-kind=${kind}
      data-seconds=${Math.ceil(left / 1000)}
      aria-labelledby="countdown-label-${kind}"
      aria-describedby="countdown-spoken-${kind}"
    >
      ${formatCountdown(left)}
    </p>
    <span class="sr-only" id="countdown-spoken-${kind}">${spokenCountdown(left)}</span>
    ${
      share === null
        ? nothing
        : html`<div class="bar" aria-hidden="true">
            <span ${cssProps({ '--_share': `${share.toFixed(1)}%` })}></span>
          </div>`
    }
  </div>`;
}

/** The visible "out of date" mark of a stale QR, code or match number. */
export function staleMark(stale: boolean, lang: Lang): TemplateResult | typeof nothing {
  return stale
    ? html`<p class="stale-mark" part="stale-mark" data-testid="stale-mark">
        <span aria-hidden="true">! </span>${t(lang).stale}
      </p>`
    : nothing;
}

/** The QR code and the 6-digit code beside it (P1, P2); greyed out and marked when `stale`. */
export function pairingView(
  qr: { payload: string; code: string },
  countdown: TemplateResult | typeof nothing,
  stale: boolean,
  lang: Lang,
): TemplateResult {
  const s = t(lang);
  const { size, path } = qrShapeCached(qr.payload);
  const [a, b] = codeGroups(qr.code);
  return html`<div
    class="pairing ${stale ? 'stale' : ''}"
    data-testid="pairing"
    data-stale=${stale ? 'true' : 'false'}
  >
    <div class="qr" part="qr" data-testid="qr" data-payload=${qr.payload}>
      <svg
        viewBox="0 0 ${size} ${size}"
        role="img"
        aria-label=${s.qrLabel}
        shape-rendering="crispEdges"
      >
        <rect width=${size} height=${size} fill="#fff"></rect>
        <path d=${path} fill="#000"></path>
      </svg>
    </div>
    <div class="side">
      ${staleMark(stale, lang)}
      <div>
        <p class="label" id="code-label">${s.codeLabel}</p>
        <p
          class="code"
          part="code"
          data-testid="code"
          data-code=${qr.code}
          aria-labelledby="code-label"
          aria-describedby="code-hint"
        >
          <span>${a}</span><span>${b}</span>
        </p>
        <p class="hint" id="code-hint">${s.codeHint}</p>
      </div>
      ${countdown}
    </div>
  </div>`;
}

/** A text field with its label, hint, error and submit button. */
export interface FieldProps {
  id: 'subject' | 'otp';
  label: string;
  hint: string;
  submit: string;
  error: string | null;
  busy: boolean;
  inputmode: 'tel' | 'numeric';
  maxlength: number;
  onSubmit: (value: string) => void;
}

/** A one-field form (subject or OTP): keyboard-first, labelled, errors tied to the input. */
export function fieldView(p: FieldProps, lang: Lang): TemplateResult {
  const submit = (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const input = form.querySelector('input');
    if (!p.busy && input) p.onSubmit(input.value);
  };
  const describedBy = p.error ? `${p.id}-hint ${p.id}-error` : `${p.id}-hint`;
  return html`<form @submit=${submit} part="form" novalidate>
    <label for="${p.id}-input">${p.label}</label>
    <p class="hint" id="${p.id}-hint">${p.hint}</p>
    <div class="form-row">
      <input
        id="${p.id}-input"
        name=${p.id}
        type="text"
        part="input"
        data-testid="${p.id}-input"
        inputmode=${p.inputmode}
        maxlength=${p.maxlength}
        autocomplete="off"
        spellcheck="false"
        aria-describedby=${describedBy}
        aria-invalid=${p.error ? 'true' : 'false'}
      />
      <button
        type="submit"
        part="button submit-button"
        data-testid="${p.id}-submit"
        aria-disabled=${p.busy ? 'true' : 'false'}
      >
        ${p.busy ? t(lang).working : p.submit}
      </button>
    </div>
    ${
      p.error
        ? html`<p class="field-error" id="${p.id}-error" data-testid="${p.id}-error">
            <span aria-hidden="true">✕ </span>${p.error}
          </p>`
        : nothing
    }
  </form>`;
}

/** The 2-digit match number the citizen types on the phone (F2, P5); marked when `stale`. */
export function matchView(matchNumber: string, stale: boolean, lang: Lang): TemplateResult {
  const s = t(lang);
  return html`<div class=${stale ? 'stale' : ''} data-stale=${stale ? 'true' : 'false'}>
    ${staleMark(stale, lang)}
    <p class="label" id="match-label">${s.matchLabel}</p>
    <p
      class="match"
      part="match-number"
      data-testid="match-number"
      aria-labelledby="match-label"
      aria-describedby="match-hint"
    >
      ${matchNumber}
    </p>
    <p class="hint" id="match-hint">${s.matchHint}</p>
  </div>`;
}
