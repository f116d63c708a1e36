/**
 * Home: join a verifier's session (F1, and F4 when another citizen checks you) by scanning its
 * QR code, where the browser can read one, or by typing the pairing code. Requests pushed to the
 * citizen (F2) arrive on their own; the app shows them wherever the citizen is.
 */
import { PAIRING_CODE_LENGTH } from '../../../contracts/sessions.js';
import { css, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { AppError } from '../error-text.js';
import { digitsOnly } from '../format.js';
import { barcodeDetector } from '../qr-scanner.js';
import { sharedStyles } from '../styles.js';
import { errorSlot } from '../parts.js';
import { Screen } from './screen.js';

/** `<mdok-home-screen>`. */
export class HomeScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    code: { state: true },
    scanning: { state: true },
    busy: { state: true },
    problem: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      .or {
        text-align: center;
        color: var(--muted);
        margin: 0.75rem 0;
      }
      .scan-close {
        margin-top: 0.75rem;
      }
    `,
  ];

  declare code: string;
  declare scanning: boolean;
  declare busy: boolean;
  /** What went wrong last: a badly typed code, the camera, or the hub's answer. */
  declare problem: { text: string } | null;
  private readonly canScan = barcodeDetector() !== null;

  constructor() {
    super();
    this.code = '';
    this.scanning = false;
    this.busy = false;
    this.problem = null;
  }

  private showError(error: AppError, context: 'join' | 'scan'): void {
    this.problem = { text: this.shell.errorText(error, context) };
  }

  private async submitCode(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    if (this.code.length !== PAIRING_CODE_LENGTH) {
      this.problem = { text: this.t('home.codeFormat') };
      this.renderRoot.querySelector<HTMLInputElement>('#code')?.focus();
      return;
    }
    this.problem = null;
    this.busy = true;
    const error = await this.shell.join({ code: this.code });
    this.busy = false;
    if (error) {
      this.showError(error, 'join');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#code')?.select();
    }
  }

  private async scanned(event: CustomEvent<string>): Promise<void> {
    this.scanning = false;
    this.problem = null;
    this.shell.announce(this.t('scan.found'));
    this.busy = true;
    const error = await this.shell.join({ qr: event.detail });
    this.busy = false;
    if (error) this.showError(error, 'scan');
  }

  private scanFailed(event: CustomEvent<'denied' | 'failed'>): void {
    this.scanning = false;
    this.problem = { text: this.t(event.detail === 'denied' ? 'scan.denied' : 'scan.failed') };
  }

  private async openScanner(): Promise<void> {
    if (this.busy) return;
    this.problem = null;
    this.scanning = true;
    await this.updateComplete;
    // The button that had focus is gone: the scanner's heading takes it.
    this.renderRoot.querySelector<HTMLElement>('#scan-title')?.focus();
  }

  private async closeScanner(): Promise<void> {
    this.scanning = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[data-testid="scan-button"]')?.focus();
  }

  private renderScan() {
    if (!this.canScan) return nothing;
    if (this.scanning) {
      return html`<section class="card" aria-labelledby="scan-title">
        <h2 id="scan-title" tabindex="-1">${this.t('scan.title')}</h2>
        <p>${this.t('scan.instructions')}</p>
        <mdok-qr-scanner
          .label=${this.t('scan.video')}
          .foreignText=${this.t('scan.notOurs')}
          @mdok-qr=${this.scanned}
          @mdok-scan-failed=${this.scanFailed}
          @mdok-scan-closed=${() => (this.scanning = false)}
        ></mdok-qr-scanner>
        <button class="secondary scan-close" @click=${this.closeScanner}>
          ${this.t('scan.close')}
        </button>
      </section>`;
    }
    return html`<button
        data-testid="scan-button"
        aria-disabled=${String(this.busy)}
        @click=${this.openScanner}
      >
        <svg aria-hidden="true" width="24" height="24" viewBox="0 0 24 24" fill="currentColor">
          <path
            d="M3 3h7v7H3V3zm2 2v3h3V5H5zm9-2h7v7h-7V3zm2 2v3h3V5h-3zM3 14h7v7H3v-7zm2 2v3h3v-3H5zm9-2h3v3h-3v-3zm3 3h4v4h-4v-4zm-3 2h2v2h-2v-2z"
          />
        </svg>
        ${this.t('home.scan')}
      </button>
      <p class="or">${this.t('home.or')}</p>`;
  }

  override render() {
    const name = this.shell.citizen?.givenName;
    return html`
      <h1 tabindex="-1">${this.t('home.title')}</h1>
      ${name ? html`<p><strong>${this.t('home.greeting', { name })}</strong></p>` : nothing}
      <p>${this.t('home.intro')}</p>
      ${this.renderScan()}
      <form class="card stack" novalidate @submit=${this.submitCode}>
        <div>
          <label for="code">${this.t('home.code')}</label>
          <input
            id="code"
            class="digits"
            type="text"
            inputmode="numeric"
            autocomplete="off"
            maxlength=${PAIRING_CODE_LENGTH + 1}
            data-testid="join-code-input"
            aria-describedby="code-hint join-error"
            aria-invalid=${this.problem ? 'true' : 'false'}
            .value=${live(this.code)}
            @input=${(e: Event) => {
              const input = e.target as HTMLInputElement;
              this.code = digitsOnly(input.value).slice(0, PAIRING_CODE_LENGTH);
              input.value = this.code;
            }}
          />
          <p class="hint" id="code-hint">${this.t('home.codeHint')}</p>
        </div>
        ${errorSlot(this.problem?.text, 'join-error')}
        <button type="submit" data-testid="join-code-submit" aria-disabled=${String(this.busy)}>
          ${this.busy ? this.t('home.joining') : this.t('home.codeSubmit')}
        </button>
      </form>
      <p class="hint">${this.t('home.pushInfo')}</p>
    `;
  }
}

customElements.define('mdok-home-screen', HomeScreen);
