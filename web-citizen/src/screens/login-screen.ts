/**
 * Log in: through the identity provider the hub is set up with (login.gov.pl; in dev mode the
 * dev provider), by OpenID Connect. The button asks the hub to start a login and sends the
 * browser to the provider; the provider sends it back to the app's callback page, whose answer
 * this screen hands to the hub for the citizen token (kept in memory only). In dev mode a
 * shortcut lists a few synthetic people from `GET /v1/dev/citizens` and logs in as the one
 * picked, past the provider.
 */
import { css, html, nothing } from 'lit';
import type { DevCitizen } from '../../../contracts/http.js';
import type { AppError } from '../error-text.js';
import { sharedStyles } from '../styles.js';
import { errorSlot } from '../parts.js';
import { Screen } from './screen.js';

/** What is known of a way to log in: still asking, there is none, or there is. */
type Offer<T> = { state: 'loading' } | { state: 'none' } | { state: 'ready'; value: T };

/** `<mdok-login-screen>`. */
export class LoginScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    provider: { state: true },
    citizens: { state: true },
    phase: { state: true },
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
      .dev {
        margin-top: 2rem;
      }
    `,
  ];

  /** The identity provider's name, when the hub has one. */
  declare provider: Offer<string>;
  /** Dev mode's sample people, when the hub is in dev mode. */
  declare citizens: Offer<DevCitizen[]>;
  /** Where the login through the provider is. */
  declare phase: 'idle' | 'redirecting' | 'finishing';
  declare error: AppError | null;
  /** The index of the dev person being logged in, if any. */
  declare busy: number | null;

  constructor() {
    super();
    this.provider = { state: 'loading' };
    this.citizens = { state: 'loading' };
    this.phase = 'idle';
    this.error = null;
    this.busy = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const answer = this.shell.takeLoginCallback();
    if (answer !== null) void this.finish(answer);
    if (this.provider.state === 'loading') void this.load();
  }

  private errorMessage(): string | null {
    const error = this.error;
    if (!error) return null;
    if (error.code === 'forbidden' && error.where === 'acr') return this.t('login.acrTooLow');
    if (error.code === 'forbidden' && error.where?.startsWith('claims.')) {
      return this.t('login.noPesel');
    }
    return this.shell.errorText(error, 'login');
  }

  private async load(): Promise<void> {
    this.provider = { state: 'loading' };
    this.citizens = { state: 'loading' };
    const [provider, citizens] = await Promise.all([
      this.shell.api.oidcProvider(),
      this.shell.api.devCitizens(8),
    ]);
    // `not_found` means "not on this server": no provider set up, or no dev mode.
    const offer = <T>(result: { ok: true; data: T } | { ok: false; error: AppError }): Offer<T> =>
      result.ok ? { state: 'ready', value: result.data } : { state: 'none' };
    this.provider = offer(provider.ok ? { ok: true, data: provider.data.providerName } : provider);
    this.citizens = offer(citizens.ok ? { ok: true, data: citizens.data.citizens } : citizens);
    const failed = [provider, citizens].find((r) => !r.ok && r.error.code !== 'not_found');
    if (failed && !failed.ok && !this.error) this.error = failed.error;
  }

  /** Starts a login at the provider and leaves the page for it. */
  private async start(): Promise<void> {
    if (this.phase !== 'idle' || this.busy !== null) return;
    this.phase = 'redirecting';
    this.error = null;
    const result = await this.shell.api.oidcStart(this.lang);
    if (!result.ok) {
      this.phase = 'idle';
      this.error = result.error;
      return;
    }
    location.assign(result.data.authorizationUrl);
  }

  /** Hands the provider's answer to the hub. */
  private async finish(query: string): Promise<void> {
    this.phase = 'finishing';
    this.error = null;
    const result = await this.shell.api.oidcCallback(query);
    this.phase = 'idle';
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    const { citizenToken, givenName, familyName } = result.data;
    this.shell.loggedIn(citizenToken, {
      ...(givenName ? { givenName: givenName.split(' ')[0]! } : {}),
      ...(familyName ? { familyName } : {}),
    });
  }

  private async pick(index: number, citizen: DevCitizen): Promise<void> {
    if (this.busy !== null || this.phase !== 'idle') return;
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

  private renderProvider() {
    const provider = this.provider;
    if (provider.state !== 'ready') return nothing;
    const name = provider.value;
    return html`<button
        data-testid="login-oidc"
        aria-disabled=${this.phase !== 'idle' ? 'true' : 'false'}
        @click=${() => this.start()}
      >
        ${this.t('login.provider', { provider: name })}
      </button>
      ${
        this.phase === 'redirecting'
          ? html`<p role="status">${this.t('login.redirecting', { provider: name })}</p>`
          : nothing
      }`;
  }

  private renderDev() {
    const citizens = this.citizens;
    if (citizens.state !== 'ready') return nothing;
    const list = citizens.value;
    return html`<section class="dev" aria-labelledby="dev-title">
      <h2 id="dev-title">${this.t('login.devTitle')}</h2>
      <p class="hint">${this.t('login.devIntro')}</p>
      ${list.length === 0 ? html`<p>${this.t('login.empty')}</p>` : nothing}
      ${
        list.length > 0
          ? html`<h3 id="pick">${this.t('login.pick')}</h3>
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
    </section>`;
  }

  override render() {
    const loading = this.provider.state === 'loading' || this.citizens.state === 'loading';
    const nothingOffered = this.provider.state === 'none' && this.citizens.state === 'none';
    return html`
      <h1 tabindex="-1">${this.t('login.title')}</h1>
      <p class="hint">${this.t('login.intro')}</p>
      ${errorSlot(this.errorMessage(), 'login-error')}
      ${
        this.phase === 'finishing'
          ? html`<p role="status" data-testid="login-finishing">${this.t('login.finishing')}</p>`
          : nothing
      }
      ${loading && this.phase !== 'finishing' ? html`<p role="status">${this.t('common.loading')}</p>` : nothing}
      ${
        nothingOffered
          ? html`<p data-testid="login-unavailable">${this.t('login.unavailable')}</p>
              <button class="secondary" @click=${() => this.load()}>
                ${this.t('common.tryAgain')}
              </button>`
          : nothing
      }
      ${this.renderProvider()} ${this.renderDev()}
    `;
  }
}

customElements.define('mdok-login-screen', LoginScreen);
