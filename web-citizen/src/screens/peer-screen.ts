/**
 * "Verify someone" (F4): the citizen picks what to see of the other person's identity card
 * (only the peer claims: name, photo, 18+, validity; D3) and why, opens a peer session, and shows
 * the verifier widget `<mdok-verify>`: its QR code and 6-digit code for the other person to
 * scan or type, then, after their consent, their data with the countdown and the wipe (E1). The
 * widget is loaded only when needed; leaving the screen removes it and the data with it.
 */
import { css, html } from 'lit';
import { peerClaims, type Claim } from '../../../contracts/documents.js';
import type { PeerSessionResponse } from '../../../contracts/http.js';
import type { AppError } from '../error-text.js';
import { claimLabel } from '../i18n.js';
import { sharedStyles } from '../styles.js';
import { errorSlot } from '../parts.js';
import { Screen } from './screen.js';

/** Claims ticked at first: enough to know who it is, nothing more (data minimisation). */
const DEFAULT_CLAIMS: readonly Claim[] = ['given_names', 'family_name', 'photo', 'document_valid'];

/** `<mdok-peer-screen>`. */
export class PeerScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    claims: { state: true },
    purpose: { state: true },
    problem: { state: true },
    error: { state: true },
    loadFailed: { state: true },
    busy: { state: true },
    session: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.75rem;
        min-height: 48px;
        font-weight: 400;
        margin: 0;
      }
      .check input {
        width: 24px;
        height: 24px;
        margin: 0;
        accent-color: var(--primary);
      }
      mdok-verify {
        display: block;
        margin: 0 0 1rem;
      }
    `,
  ];

  declare claims: Set<Claim>;
  declare purpose: string | null;
  declare problem: 'claims' | 'purpose' | null;
  declare error: AppError | null;
  /** The widget's code could not be loaded (a network problem). */
  declare loadFailed: boolean;
  declare busy: boolean;
  /** The open peer session: only its widget token and code, never the other person's data. */
  declare session: PeerSessionResponse | null;

  constructor() {
    super();
    this.claims = new Set(DEFAULT_CLAIMS);
    this.purpose = null;
    this.problem = null;
    this.error = null;
    this.loadFailed = false;
    this.busy = false;
    this.session = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Leaving the screen ends the check on this phone: the widget goes, and with it the data.
    this.session = null;
  }

  private toggle(claim: Claim, on: boolean): void {
    const next = new Set(this.claims);
    if (on) next.add(claim);
    else next.delete(claim);
    this.claims = next;
  }

  private async start(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const purpose = (this.purpose ?? this.t('peer.purposeDefault')).trim();
    this.error = null;
    this.loadFailed = false;
    this.problem = this.claims.size === 0 ? 'claims' : !purpose ? 'purpose' : null;
    if (this.problem) return;
    this.busy = true;
    const loading = import('../../../web-verifier/src/index.js');
    const result = await this.shell.api.peerSession({
      documents: [{ type: 'id_card', claims: peerClaims.filter((c) => this.claims.has(c)) }],
      purpose,
      retain: false,
    });
    try {
      await loading;
    } catch {
      this.busy = false;
      this.loadFailed = true;
      return;
    }
    this.busy = false;
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    this.session = result.data;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#show')?.focus();
  }

  private async end(): Promise<void> {
    this.session = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
  }

  private renderForm() {
    const claimsBad = this.problem === 'claims';
    const purposeBad = this.problem === 'purpose';
    return html`<form class="card stack" novalidate @submit=${this.start}>
      <fieldset
        data-testid="peer-claims"
        aria-describedby="claims-error"
        aria-invalid=${String(claimsBad)}
      >
        <legend>${this.t('peer.claims')}</legend>
        ${peerClaims.map(
          (claim) =>
            html`<label class="check">
              <input
                type="checkbox"
                data-testid="peer-claim-${claim}"
                .checked=${this.claims.has(claim)}
                @change=${(e: Event) => this.toggle(claim, (e.target as HTMLInputElement).checked)}
              />
              ${claimLabel(claim, this.lang)}
            </label>`,
        )}
        ${errorSlot(claimsBad ? this.t('peer.claimsRequired') : null, 'claims-error', false)}
      </fieldset>
      <div>
        <label for="purpose">${this.t('peer.purpose')}</label>
        <input
          id="purpose"
          type="text"
          maxlength="200"
          data-testid="peer-purpose"
          aria-describedby="purpose-hint purpose-error"
          aria-invalid=${String(purposeBad)}
          .value=${this.purpose ?? this.t('peer.purposeDefault')}
          @input=${(e: Event) => (this.purpose = (e.target as HTMLInputElement).value)}
        />
        <p class="hint" id="purpose-hint">${this.t('peer.purposeHint')}</p>
        ${errorSlot(purposeBad ? this.t('peer.purposeRequired') : null, 'purpose-error', false)}
      </div>
      ${errorSlot(
        this.loadFailed
          ? this.t('peer.loadFailed')
          : this.error && this.shell.errorText(this.error, 'peer'),
        'peer-error',
      )}
      <button type="submit" data-testid="peer-start" aria-disabled=${String(this.busy)}>
        ${this.busy ? this.t('peer.starting') : this.t('peer.start')}
      </button>
    </form>`;
  }

  private renderSession(session: PeerSessionResponse) {
    return html`<p id="show" tabindex="-1"><strong>${this.t('peer.show')}</strong></p>
      <mdok-verify
        data-testid="peer-widget"
        token=${session.widgetToken}
        hub=${location.origin}
        lang=${this.lang}
      ></mdok-verify>
      <button class="secondary" data-testid="peer-end" @click=${this.end}>
        ${this.t('peer.end')}
      </button>`;
  }

  override render() {
    return html`
      <h1 tabindex="-1">${this.t('peer.title')}</h1>
      ${
        this.session
          ? this.renderSession(this.session)
          : html`<p>${this.t('peer.intro')}</p>
              ${this.renderForm()}`
      }
    `;
  }
}

customElements.define('mdok-peer-screen', PeerScreen);
