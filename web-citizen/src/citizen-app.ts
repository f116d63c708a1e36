/**
 * `<mdok-citizen-app>`: the root of the citizen's phone app. Holds the journey's state (language,
 * citizen token in memory, this device's credential, the request waiting for a decision, the live
 * line), routes between screens by the URL hash, and implements the `Shell` screens call. Around
 * the screen: a header (name, connection, language switch), the banner of a request that arrived
 * while elsewhere, the status region, and the navigation.
 */
import { LitElement, html, nothing } from 'lit';
import { banner, header, statusRegion, type Toast } from './app-frame.js';
import { appStyles } from './app-styles.js';
import type { RequestIncomingEvent, RequestWithdrawnEvent } from '../../contracts/events.js';
import { createApi, type Api, type TokenKind } from './api.js';
import { errorText, type AppError, type ErrorContext } from './error-text.js';
import { withdrawnText } from './format.js';
import { t, type Lang, type MessageKey, type Params } from './i18n.js';
import { navBar, navStyles } from './nav-bar.js';
import { appPathAfterCallback, loginCallbackQuery } from './login-callback.js';
import { hashOf, parseHash, resolveRoute, type Route } from './router.js';
import type { CitizenProfile, Shell, Tone } from './shell.js';
import { CitizenSocket, type ConnectionStatus } from './socket.js';
import { loadDevice, loadLang, saveDevice, saveLang, type DeviceCredential } from './storage.js';
import type { Screen } from './screens/screen.js';
import './screens/login-screen.js';
import './screens/activation-screen.js';
import './screens/home-screen.js';
import './screens/review-screen.js';
import './screens/history-screen.js';
import './screens/devices-screen.js';
import './screens/peer-screen.js';

/** Errors after which the request is over, whatever the screen shows. */
const ENDING: readonly string[] = [
  'gone',
  'expired',
  'not_found',
  'too_many_attempts',
  'register_unavailable',
  'conflict',
  'forbidden',
];
/** A message younger than this survives the navigation it came with. */
const TOAST_SURVIVES_MS = 1_500;

/** The root element. */
export class CitizenApp extends LitElement implements Shell {
  static override properties = {
    lang: { state: true },
    route: { state: true },
    citizen: { state: true },
    device: { state: true },
    request: { state: true },
    connection: { state: true },
    toast: { state: true },
  };
  static override styles = [navStyles, appStyles];

  declare lang: Lang;
  declare route: Route;
  declare citizen: CitizenProfile | null;
  declare device: DeviceCredential | null;
  declare request: RequestIncomingEvent | null;
  declare connection: ConnectionStatus;
  /** The status message: in the page flow (it never covers anything) until the next screen. */
  declare toast: Toast | null;
  readonly api: Api;
  /** The citizen token: memory only, never stored. */
  private citizenToken: string | null = null;
  private socket: CitizenSocket | null = null;
  /** The identity provider's answer this page was opened with, until the login screen takes it. */
  private loginCallback: string | null = null;

  constructor() {
    super();
    this.lang = loadLang() ?? 'pl';
    this.citizen = null;
    this.device = loadDevice();
    this.request = null;
    this.connection = 'connecting';
    this.toast = null;
    this.route = 'login';
    const here = new URL(location.href);
    this.loginCallback = loginCallbackQuery(here);
    if (this.loginCallback !== null) history.replaceState(null, '', appPathAfterCallback(here));
    this.api = createApi({
      base: location.origin,
      token: (kind) => (kind === 'device' ? (this.device?.deviceToken ?? null) : this.citizenToken),
      onUnauthorized: (kind) => this.unauthorized(kind),
    });
  }

  private readonly onHash = () => this.syncRoute();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    this.applyLang();
    this.syncRoute();
    this.openSocket();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.onHash);
    this.socket?.close();
    this.socket = null;
  }

  // ---- Shell ---------------------------------------------------------------------------------

  t(key: MessageKey, params?: Params): string {
    return t(this.lang, key, params);
  }

  errorText(error: AppError, context?: ErrorContext): string {
    return errorText(this.lang, error, context);
  }

  announce(text: string, tone: Tone = 'info'): void {
    // Emptying first makes a repeated message count as a change for screen readers.
    this.toast = null;
    const at = Date.now();
    void this.updateComplete.then(() => (this.toast = { text, tone, at }));
  }

  go(route: Route): void {
    if (location.hash === hashOf(route)) this.syncRoute();
    else location.hash = hashOf(route);
  }

  loggedIn(citizenToken: string, citizen: CitizenProfile): void {
    this.citizenToken = citizenToken;
    this.citizen = citizen;
    const name = [citizen.givenName, citizen.familyName].filter(Boolean).join(' ');
    this.announce(name ? this.t('login.done', { name }) : this.t('login.doneNoName'));
    this.go(this.device ? 'home' : 'activate');
  }

  logout(): void {
    this.citizenToken = null;
    this.citizen = null;
    this.announce(this.t('login.loggedOut'));
    this.go(this.device ? 'home' : 'login');
  }

  takeLoginCallback(): string | null {
    const query = this.loginCallback;
    this.loginCallback = null;
    return query;
  }

  activated(device: DeviceCredential): void {
    this.device = device;
    saveDevice(device);
    this.openSocket();
    this.announce(this.t('activate.done'), 'success');
    this.go('home');
  }

  async join(by: { code: string } | { qr: string }): Promise<AppError | null> {
    if (!this.socket) return { code: 'network', message: 'not connected' };
    const result = await this.socket.join(by);
    if (!result.ok) return result.error;
    this.request = result.data;
    this.go('review');
    return null;
  }

  async approve(matchNumber?: string): Promise<AppError | null> {
    const request = this.request;
    if (!request || !this.socket) return { code: 'network', message: 'not connected' };
    const result = await this.socket.approve(request.sessionId, matchNumber);
    return this.decided(
      request,
      result,
      this.t('review.approved', { name: request.verifier.name }),
    );
  }

  async reject(): Promise<AppError | null> {
    const request = this.request;
    if (!request || !this.socket) return { code: 'network', message: 'not connected' };
    const result = await this.socket.reject(request.sessionId);
    return this.decided(request, result, this.t('review.rejected'));
  }

  deviceGone(message: string, byUser = false): void {
    // The hub's disconnect and the citizen's own request race; the first one does the work.
    if (!this.device && !byUser) return;
    this.socket?.close();
    this.socket = null;
    this.request = null;
    this.device = null;
    saveDevice(null);
    this.announce(message, 'info');
    this.go('activate');
  }

  // ---- internals -----------------------------------------------------------------------------

  private decided(
    request: RequestIncomingEvent,
    result: { ok: true } | { ok: false; error: AppError },
    done: string,
  ): AppError | null {
    if (this.request?.sessionId !== request.sessionId) return result.ok ? null : result.error;
    if (result.ok) {
      this.request = null;
      this.announce(done, 'success');
      this.go('home');
      return null;
    }
    if (ENDING.includes(result.error.code)) {
      const context: ErrorContext = request.matchRequired ? 'match' : 'general';
      this.request = null;
      this.announce(this.errorText(result.error, context), 'error');
      this.go('home');
    }
    return result.error;
  }

  private openSocket(): void {
    if (!this.device || this.socket) return;
    this.socket = new CitizenSocket(location.origin, this.device.deviceToken, {
      incoming: (event) => this.incoming(event),
      withdrawn: (event) => this.withdrawn(event),
      status: (status) => (this.connection = status),
      refused: (definitely) => void this.refused(definitely),
    });
  }

  private incoming(event: RequestIncomingEvent): void {
    const fresh = this.request?.sessionId !== event.sessionId;
    this.request = event;
    if (fresh && this.route !== 'review') navigator.vibrate?.(200);
  }

  private withdrawn(event: RequestWithdrawnEvent): void {
    if (this.request?.sessionId !== event.sessionId) return;
    this.request = null;
    this.announce(withdrawnText(event.reason, this.lang), 'info');
    if (this.route === 'review') this.go('home');
  }

  /** The hub cut the line or refused the token: find out whether this device is still active. */
  private async refused(definitely: boolean): Promise<void> {
    if (definitely) return this.deviceGone(this.t('devices.thisDeactivated'));
    const check = await this.api.devices();
    // A 401 has already gone through `unauthorized`; anything else: the device is fine.
    if (check.ok || check.error.code !== 'unauthorized') this.socket?.reconnect();
  }

  private unauthorized(kind: TokenKind): void {
    if (kind === 'device') {
      this.deviceGone(this.t('devices.thisDeactivated'));
      return;
    }
    this.citizenToken = null;
    if (!this.device) {
      this.announce(this.t('err.unauthorized.activation'), 'error');
      this.go('login');
    }
  }

  private syncRoute(): void {
    const wanted = parseHash(location.hash);
    const route = resolveRoute(wanted, {
      hasDevice: this.device !== null,
      hasCitizenToken: this.citizenToken !== null,
      hasRequest: this.request !== null,
    });
    if (route !== wanted) history.replaceState(null, '', hashOf(route));
    if (route !== this.route && this.toast && Date.now() - this.toast.at > TOAST_SURVIVES_MS) {
      this.toast = null;
    }
    this.route = route;
  }

  private setLang(lang: Lang): void {
    this.lang = lang;
    saveLang(lang);
    this.applyLang();
  }

  private applyLang(): void {
    document.documentElement.lang = this.lang;
    document.title = this.t('app.title');
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('route') && changed.get('route') !== undefined) {
      // A new screen: start reading (and tabbing) at its heading.
      const screen = this.renderRoot.querySelector<Screen>('main > *');
      void screen?.focusHeading();
      window.scrollTo(0, 0);
    }
  }

  private renderScreen() {
    const { lang } = this;
    switch (this.route) {
      case 'login':
        return html`<mdok-login-screen .shell=${this} lang=${lang}></mdok-login-screen>`;
      case 'activate':
        return html`<mdok-activation-screen .shell=${this} lang=${lang}></mdok-activation-screen>`;
      case 'home':
        return html`<mdok-home-screen .shell=${this} lang=${lang}></mdok-home-screen>`;
      case 'review':
        return html`<mdok-review-screen
          .shell=${this}
          .request=${this.request}
          lang=${lang}
        ></mdok-review-screen>`;
      case 'history':
        return html`<mdok-history-screen .shell=${this} lang=${lang}></mdok-history-screen>`;
      case 'devices':
        return html`<mdok-devices-screen .shell=${this} lang=${lang}></mdok-devices-screen>`;
      case 'peer':
        return html`<mdok-peer-screen .shell=${this} lang=${lang}></mdok-peer-screen>`;
    }
  }

  override render() {
    const other: Lang = this.lang === 'pl' ? 'en' : 'pl';
    const t = (key: MessageKey) => this.t(key);
    return html`
      ${header(t, this.device ? this.connection : null, other, () => this.setLang(other))}
      <div aria-live="assertive">
        ${this.request && this.route !== 'review' ? banner(t, this.request.verifier.name) : nothing}
      </div>
      ${statusRegion(t, this.toast, () => (this.toast = null))}
      <main class=${this.device ? 'with-nav' : ''}>${this.renderScreen()}</main>
      ${this.device ? navBar(this.route, t) : nothing}
    `;
  }
}

customElements.define('mdok-citizen-app', CitizenApp);
