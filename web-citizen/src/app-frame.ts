/**
 * The frame around every screen, as template parts of the root element: the header (name,
 * connection state, language switch), the banner of a request that arrived while the citizen
 * was elsewhere, and the status region where results are announced. Every state carries a word
 * or a sign besides its colour.
 */
import { html, nothing } from 'lit';
import type { MessageKey } from './i18n.js';
import type { Tone } from './shell.js';
import type { ConnectionStatus } from './socket.js';

/** A status message and when it was shown. */
export interface Toast {
  text: string;
  tone: Tone;
  at: number;
}

type T = (key: MessageKey) => string;

const toastSign: Record<Tone, string> = { info: 'ℹ', success: '✓', error: '⚠' };
const connectionSign: Record<ConnectionStatus, string> = {
  online: '●',
  connecting: '◌',
  offline: '✕',
};

/** The header; `connection` is null before activation (there is no live line yet). */
export function header(
  t: T,
  connection: ConnectionStatus | null,
  otherLang: string,
  switchLang: () => void,
) {
  return html`<header>
    <span class="brand">${t('app.name')}</span>
    ${
      connection
        ? html`<span class="conn" data-testid="connection-status" data-status=${connection}>
            <span aria-hidden="true">${connectionSign[connection]}</span>
            ${t(`conn.${connection}`)}
          </span>`
        : nothing
    }
    <button
      class="lang"
      lang=${otherLang}
      data-testid="lang-switch"
      aria-label=${t('lang.switchLabel')}
      @click=${switchLang}
    >
      ${t('lang.switch')}
    </button>
  </header>`;
}

/** The banner leading to a request waiting for a decision. */
export function banner(t: T, verifierName: string) {
  return html`<a class="banner" href="#/review" data-testid="incoming-banner">
    <svg aria-hidden="true" width="28" height="28" viewBox="0 0 24 24" fill="currentColor">
      <path
        d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2zm6-6V11c0-3.07-1.64-5.64-4.5-6.32V4a1.5 1.5 0 0 0-3 0v.68C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1z"
      />
    </svg>
    <span class="banner-text">
      <strong>${t('incoming.banner')}</strong>
      <span data-testid="incoming-banner-name">${verifierName}</span>
      <span class="tap">${t('incoming.open')}</span>
    </span>
  </a>`;
}

/** The status region (always in the page, so screen readers hear each new message). */
export function statusRegion(t: T, toast: Toast | null, close: () => void) {
  return html`<div class="toast ${toast?.tone ?? ''}">
    <div role="status" data-testid="toast">
      ${
        toast
          ? html`<p>
              <span aria-hidden="true">${toastSign[toast.tone]}</span>
              ${toast.tone === 'error' ? `${t('common.error')}: ` : ''}${toast.text}
            </p>`
          : nothing
      }
    </div>
    ${
      toast
        ? html`<button class="close" aria-label=${t('common.close')} @click=${close}>
            <span aria-hidden="true">✕</span>
          </button>`
        : nothing
    }
  </div>`;
}
