/**
 * Log in: the dev-mode stand-in for Profil Zaufany (PRODUCT §8). Lists a few synthetic people
 * from `GET /v1/dev/citizens` and logs in as the one picked; the citizen token stays in memory.
 */
import { css, html, nothing } from 'lit';
import type { DevCitizen } from '../../../contracts/http.js';
import type { AppError } from '../error-text.js';
import { sharedStyles } from '../styles.js';
import { errorSlot } from '../parts.js';
import { Screen } from './screen.js';

/** `<mdok-login-screen>`. */
export class LoginScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    citizens: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      .people > li {
        padding: 0;
        border: none;
        background: none;
      }
      .person {
        flex-direction: column;
        align-items: flex-start;
        gap: 0.1rem;
        text-align: left;
        min-height: 64px;
      }
      .person .name {
        font-size: 1.125rem;
      }
    `,
  ];

  declare citizens: DevCitizen[] | null;
  declare error: AppError | null;
  declare busy: number | null;

  constructor() {
    super();
    this.citizens = null;
    this.error = null;
    this.busy = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.citizens) void this.load();
  }

  private errorMessage(): string | null {
    if (!this.error) return null;
    // Without dev mode there is no picker: the real identity provider would be used.
    if (this.error.code === 'not_found' && !this.citizens) return this.t('login.unavailable');
    return this.shell.errorText(this.error, 'login');
  }

  private async load(): Promise<void> {
    this.error = null;
    const result = await this.shell.api.devCitizens(8);
    if (result.ok) this.citizens = result.data.citizens;
    else this.error = result.error;
  }

  private async pick(index: number, citizen: DevCitizen): Promise<void> {
    if (this.busy !== null) return;
    this.busy = index;
    this.error = null;
    const result = await this.shell.api.login(citizen.pesel);
    this.busy = null;
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    this.shell.loggedIn(result.data.citizenToken, citizen);
  }

  override render() {
    const list = this.citizens;
    return html`
      <h1 tabindex="-1">${this.t('login.title')}</h1>
      <p class="hint">${this.t('login.intro')}</p>
      ${errorSlot(this.errorMessage(), 'login-error')}
      ${
        this.error && !list
          ? html`<button class="secondary" @click=${() => this.load()}>
              ${this.t('common.tryAgain')}
            </button>`
          : nothing
      }
      ${
        list === null && !this.error
          ? html`<p role="status">${this.t('common.loading')}</p>`
          : nothing
      }
      ${list && list.length === 0 ? html`<p>${this.t('login.empty')}</p>` : nothing}
      ${
        list && list.length > 0
          ? html`<h2 id="pick">${this.t('login.pick')}</h2>
              <ul class="list people" aria-labelledby="pick">
                ${list.map(
                  (c, i) =>
                    html`<li>
                      <button
                        class="secondary person"
                        data-testid="login-citizen-${i}"
                        aria-disabled=${this.busy !== null ? 'true' : 'false'}
                        @click=${() => this.pick(i, c)}
                      >
                        <span class="name">${c.givenName} ${c.familyName}</span>
                        <span class="hint">${this.t('login.pesel', { pesel: c.pesel })}</span>
                        ${
                          this.busy === i
                            ? html`<span role="status">${this.t('login.signingIn')}</span>`
                            : nothing
                        }
                      </button>
                    </li>`,
                )}
              </ul>`
          : nothing
      }
    `;
  }
}

customElements.define('mdok-login-screen', LoginScreen);
