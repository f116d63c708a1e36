/**
 * `<mdok-verify>`: the verifier widget a bank or post office drops into its page (PRODUCT §1,
 * F1–F5). It takes a widget token from the host page (A2), connects to the hub's `/verifier`
 * namespace and walks the clerk through the session: QR and 6-digit code, or the citizen's
 * PESEL/phone and then the match number or the SMS code; live status; the data card with the
 * hub's signature checked (D4) and a countdown after which the card leaves the DOM and the data
 * leaves memory (E1). Cancel at every step; Polish and English; keyboard and screen reader
 * first; safe under a strict Content Security Policy (no style attributes, no `data:` images).
 * Nothing is ever written to localStorage, sessionStorage, IndexedDB or caches.
 */
import { LitElement, type PropertyValues, type TemplateResult } from 'lit';
import type { ErrorObject } from '../../contracts/errors.js';
import type { DocumentType } from '../../contracts/documents.js';
import { orderedDocuments } from './card.view.js';
import type { MdokVerifyElement } from './element.types.js';
import { mdokEvent, type MdokCommand, type WipeReason } from './events.js';
import { parseOtp, parseSubject } from './format.js';
import { errorText, stateText, t, widgetLang, type AnyErrorCode, type Lang } from './i18n.js';
import { createImageUrls } from './image-urls.js';
import { jwksUrl, verifierOfToken, verifyPresentation, type JwsResult } from './jws.js';
import {
  canCancel,
  initialModel,
  reduce,
  type Action,
  type Model,
  type ShownData,
} from './session-model.js';
import { isDangerState } from './status.js';
import { createSessionClient, resolveHub, type SessionClient } from './session-client.js';
import { styles } from './styles.js';
import { widgetView } from './widget.view.js';

/** Seconds before the wipe at which screen readers are warned once. */
const WARN_BEFORE_WIPE_S = 10;

type FieldError = {
  field: 'subject' | 'otp';
  code: AnyErrorCode;
  /** Wrong codes still allowed (the hub's `details.attemptsLeft`). */
  left: number | null;
  /** Seconds before another try (the hub's `details.retryAfterSeconds`). */
  retryAfter: number | null;
};

/**
 * The verifier widget. Attributes: `token`, `hub`, `lang`, `issuer` (element.types.ts).
 * Events: see events.ts.
 */
export class MdokVerify extends LitElement implements MdokVerifyElement {
  static override properties = {
    token: { type: String },
    hub: { type: String },
    // Reflected once set (the PL/EN switch shows on the element), never as an empty `lang=""`,
    // which would declare the element's language unknown.
    lang: { type: String, reflect: true, converter: { toAttribute: (v: string) => v || null } },
    issuer: { type: String },
    _model: { state: true },
    _now: { state: true },
    _busy: { state: true },
    _fieldError: { state: true },
    _notice: { state: true },
    _said: { state: true },
  };
  static override styles = styles;

  /** Widget token minted by `POST /v1/sessions` (required). Setting another one starts over. */
  declare token: string;
  /** Hub base URL; default: the origin the widget's script was loaded from. */
  declare hub: string;
  /** `pl` or `en`; unset: `<html lang>`, else Polish. The visible PL/EN switch sets it too. */
  declare lang: string;
  /** Expected `iss` of presentations (the hub's public URL); default: the hub's origin. */
  declare issuer: string;
  declare private _model: Model;
  declare private _now: number;
  declare private _busy: MdokCommand | null;
  declare private _fieldError: FieldError | null;
  declare private _notice: AnyErrorCode | null;
  declare private _said: { polite: string; assertive: string };

  private client: SessionClient | null = null;
  private key: string | null = null;
  private hubUrl: string | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private wipeTimer: ReturnType<typeof setTimeout> | null = null;
  private focusNext: string | null = null;
  private warned = false;
  private networkReported = false;
  /** Object URLs of the card's portraits; revoked at every wipe. */
  private readonly images = createImageUrls();
  /** Follows `<html lang>` while the element has no `lang` of its own. */
  private langObserver: MutationObserver | null = null;

  constructor() {
    super();
    this.token = '';
    this.hub = '';
    this.lang = '';
    this.issuer = '';
    this._model = initialModel();
    this._now = Date.now();
    this._busy = null;
    this._fieldError = null;
    this._notice = null;
    this._said = { polite: '', assertive: '' };
  }

  private get l(): Lang {
    return widgetLang(this.lang, document.documentElement.lang);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisibility);
    this.langObserver = new MutationObserver(() => this.requestUpdate());
    this.langObserver.observe(document.documentElement, { attributeFilter: ['lang'] });
    // Before the first update the host may still be setting `token` (append, then set): the
    // first `updated()` starts the session. Later, being put back on the page restarts it.
    if (this.hasUpdated) this.sync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.langObserver?.disconnect();
    this.langObserver = null;
    this.sync();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('token') || changed.has('hub')) this.sync();
    if (this.focusNext) {
      const target = this.renderRoot.querySelector<HTMLElement>(this.focusNext);
      this.focusNext = null;
      target?.focus();
    }
  }

  /** Starts, restarts or stops the connection to match `token`, `hub` and being on the page. */
  private sync(): void {
    const hub = resolveHub(this.hub, import.meta.url, document.baseURI);
    const key = this.isConnected ? `${hub ?? ''} ${this.token}` : null;
    if (key === this.key) return;
    this.stop();
    this.key = key;
    this.hubUrl = hub;
    if (!this.isConnected) return;
    if (!this.token) {
      this.apply({ type: 'no_token' });
      this._notice = 'no_token';
      this.error('no_token', 'the element has no token: set `token` to start', false, null);
      return;
    }
    if (!hub) {
      this.apply({ type: 'refused', error: { code: 'network', message: 'no hub URL' } });
      return;
    }
    this.apply({ type: 'start' });
    this.ticker = setInterval(() => this.tick(), 500);
    this.client = createSessionClient({
      hub,
      token: this.token,
      handlers: {
        onConnect: () => {
          this.networkReported = false;
          this.apply({ type: 'connected' });
        },
        onDisconnect: () => {
          this.apply({ type: 'disconnected' });
          this.reportNetwork('connection lost');
        },
        onConnectError: (error, refused) => {
          if (refused) this.apply({ type: 'refused', error });
          else {
            this.apply({ type: 'network_error' });
            this.reportNetwork(error.message);
          }
        },
        onState: (event) => this.apply({ type: 'state', event, now: Date.now() }),
        onQr: (event) => this.apply({ type: 'qr', event }),
        onData: (event) => this.apply({ type: 'data', event, now: Date.now() }),
        onEnded: (event) => this.apply({ type: 'ended', event }),
        onProtocolError: (name) => this.error('protocol', `malformed ${name}`, false, null),
      },
    });
  }

  /** Closes the connection and wipes whatever is shown. */
  private stop(): void {
    this.client?.close();
    this.client = null;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    if (this._model.data) this.apply({ type: 'wipe', reason: 'reset' });
    this.images.revokeAll();
    this.clearWipeTimer();
    this._model = initialModel();
    this._busy = null;
    this._fieldError = null;
    this._notice = null;
    this.warned = false;
  }

  /** Runs an action through the reducer and performs what the change implies. */
  private apply(action: Action): void {
    const prev = this._model;
    const next = reduce(prev, action);
    if (next === prev) return;
    const focusInside = this.shadowRoot?.activeElement != null;
    this._model = next;
    this._now = Date.now();

    if (next.state && next.state !== prev.state) {
      this.dispatchEvent(
        mdokEvent('mdok-state', {
          sessionId: next.sessionId,
          state: next.state,
          flow: next.flow,
          at: next.stateAt ?? new Date().toISOString(),
          deadline: next.deadlineIso,
          source: action.type === 'local_cancel' ? 'widget' : 'hub',
        }),
      );
      this._fieldError = null;
      this._notice = null;
      if (!next.data && next.phase !== 'wiped') {
        this.say(stateText(next.state, next.flow, this.l), isDangerState(next.state));
      }
      if (next.state === 'awaiting_approval' && next.flow === 'otp' && focusInside) {
        this.focusNext = '#otp-input';
      }
    }
    if (next.phase === 'error' && prev.phase !== 'error' && next.error) {
      this.error(next.error.code, next.error.message, true, null);
      this.finish();
    }
    if (next.data && !prev.data) this.showData(next.data, focusInside);
    if (!next.data && prev.data) this.dataWiped(prev.data.sessionId, next.wiped ?? 'reset');
    if (next.phase !== 'wiped' && next.phase !== prev.phase && focusInside) {
      if (next.phase === 'ended' || next.phase === 'error') this.focusNext = '[part~="status"]';
    }
    if (next.endReason && !prev.endReason && next.endReason !== 'delivered') this.finish();
  }

  private showData(data: ShownData, focusInside: boolean): void {
    this.warned = false;
    this.say(t(this.l).states.delivered, false);
    if (focusInside) this.focusNext = '#card-title';
    this.clearWipeTimer();
    this.wipeTimer = setTimeout(() => this.tick(), Math.max(0, data.wipeAt - Date.now()) + 50);
    void this.checkSignature(data.sessionId, data.presentation, data.claims, data.displayUntil);
  }

  private dataWiped(sessionId: string, reason: WipeReason): void {
    this.clearWipeTimer();
    this.images.revokeAll();
    const s = t(this.l);
    this.say(reason === 'closed' ? s.wipedClosed : s.wiped, true);
    if (this.shadowRoot?.activeElement == null) this.focusNext = '[part~="status"]';
    this.dispatchEvent(
      mdokEvent('mdok-expired', { sessionId, reason, at: new Date().toISOString() }),
    );
    // Closed by the clerk: nothing more to hear (a reconnect would only replay the data).
    if (reason === 'closed') this.finish();
  }

  /** Stops listening once the session is over; the screen keeps the final status. */
  private finish(): void {
    this.client?.close();
    this.client = null;
    if (this.ticker && !this._model.data) clearInterval(this.ticker);
    if (!this._model.data) this.ticker = null;
  }

  private async checkSignature(
    sessionId: string,
    presentation: string,
    claims: ShownData['claims'],
    displayUntil: string,
  ): Promise<void> {
    const hub = this.hubUrl;
    // `aud` must be this widget's verifier, as its token names it.
    const audience = verifierOfToken(this.token);
    const result: JwsResult =
      hub && audience
        ? await verifyPresentation(presentation, {
            sessionId,
            issuer: this.issuer || hub,
            audience,
            jwks: jwksUrl(hub),
            shown: claims as Record<string, Record<string, unknown>>,
            // The hub's clock: the same skew correction as the wipe time.
            now: Date.now() - this._model.skewMs,
          })
        : { ok: false, reason: 'unavailable' };
    const problem = result.ok ? null : result.reason;
    this.apply({ type: 'signature', sessionId, ok: result.ok, problem });
    const shown = this._model.data;
    if (!shown || shown.sessionId !== sessionId) return;
    const s = t(this.l);
    this.say(s.signature[shown.signature], !result.ok);
    this.dispatchEvent(
      mdokEvent('mdok-verified', {
        sessionId,
        documents: orderedDocuments(shown.claims).map(({ type, status }) => ({
          type: type as DocumentType,
          status,
        })),
        displayUntil,
        signature: result.ok ? 'valid' : problem === 'unavailable' ? 'unavailable' : 'invalid',
        signatureProblem: problem,
      }),
    );
    if (!result.ok)
      this.error('bad_signature', `presentation not accepted: ${problem}`, false, null);
  }

  private tick(): void {
    const now = Date.now();
    this._now = now;
    const data = this._model.data;
    if (!data) return;
    const left = Math.ceil((data.wipeAt - now) / 1000);
    if (left <= 0) this.apply({ type: 'wipe', reason: 'display_ended' });
    else if (left <= WARN_BEFORE_WIPE_S && !this.warned) {
      this.warned = true;
      this.say(t(this.l).endingSoon(left), false);
    }
  }

  /** Background tabs throttle timers: check the wipe as soon as the page is seen again. */
  private readonly onVisibility = (): void => this.tick();

  private clearWipeTimer(): void {
    if (this.wipeTimer) clearTimeout(this.wipeTimer);
    this.wipeTimer = null;
  }

  /** Puts a message into the polite or the assertive live region. */
  private say(text: string, assertive: boolean): void {
    const region = assertive ? 'assertive' : 'polite';
    // The same text twice must still be announced: alternate a trailing no-break space.
    const same = this._said[region].trimEnd() === text;
    const value = same && !this._said[region].endsWith('\u00a0') ? `${text}\u00a0` : text;
    this._said = { ...this._said, [region]: value };
  }

  private error(
    code: AnyErrorCode | string,
    message: string,
    fatal: boolean,
    cmd: MdokCommand | null,
  ): void {
    this.dispatchEvent(
      mdokEvent('mdok-error', { code: code as AnyErrorCode, message, fatal, command: cmd }),
    );
    if (fatal || cmd) this.say(errorText(code, this.l), true);
  }

  private reportNetwork(message: string): void {
    if (this.networkReported) return;
    this.networkReported = true;
    this.error('network', message, false, null);
    this.say(t(this.l).reconnecting, true);
  }

  private commandFailed(
    cmd: MdokCommand,
    error: ErrorObject | { code: 'timeout'; message: string },
  ) {
    const details = 'details' in error ? error.details : undefined;
    if (cmd === 'session:cancel') this._notice = error.code;
    else
      this._fieldError = {
        field: cmd === 'otp:submit' ? 'otp' : 'subject',
        code: error.code,
        left: details?.attemptsLeft ?? null,
        retryAfter: details?.retryAfterSeconds ?? null,
      };
    this.error(error.code, error.message, false, cmd);
  }

  private async onCancel(): Promise<void> {
    const m = this._model;
    if (this._busy || !canCancel(m)) return;
    if (m.phase === 'data') {
      this.apply({ type: 'wipe', reason: 'closed' });
      return;
    }
    if (!m.sessionId || !this.client || !m.online) {
      this.apply({ type: 'local_cancel' });
      this.finish();
      return;
    }
    const client = this.client;
    this._busy = 'session:cancel';
    const result = await client.cancel(m.sessionId);
    this._busy = null;
    if (client !== this.client) return;
    if (result.ok) return;
    if (result.error.code === 'timeout') {
      this.apply({ type: 'local_cancel' });
      this.finish();
    } else this.commandFailed('session:cancel', result.error);
  }

  private async onSubject(raw: string): Promise<void> {
    const subject = parseSubject(raw);
    const m = this._model;
    if (!subject) {
      this._fieldError = { field: 'subject', code: 'bad_subject', left: null, retryAfter: null };
      this.say(errorText('bad_subject', this.l), true);
      this.focusNext = '#subject-input';
      return;
    }
    if (!this.client || !m.sessionId || this._busy) return;
    const client = this.client;
    this._busy = 'subject:push';
    this._fieldError = null;
    const result = await client.pushSubject(m.sessionId, subject);
    this._busy = null;
    if (client !== this.client) return;
    if (result.ok) {
      const input = this.renderRoot.querySelector<HTMLInputElement>('#subject-input');
      if (input) input.value = '';
    } else {
      this.commandFailed('subject:push', result.error);
      this.focusNext = '#subject-input';
    }
  }

  private async onOtp(raw: string): Promise<void> {
    const code = parseOtp(raw);
    const m = this._model;
    if (!code) {
      this._fieldError = { field: 'otp', code: 'bad_otp', left: null, retryAfter: null };
      this.say(errorText('bad_otp', this.l), true);
      this.focusNext = '#otp-input';
      return;
    }
    if (!this.client || !m.sessionId || this._busy) return;
    const client = this.client;
    this._busy = 'otp:submit';
    this._fieldError = null;
    const result = await client.submitOtp(m.sessionId, code);
    this._busy = null;
    if (client !== this.client) return;
    const input = this.renderRoot.querySelector<HTMLInputElement>('#otp-input');
    if (result.ok) {
      if (input) input.value = '';
    } else {
      this.commandFailed('otp:submit', result.error);
      input?.select();
      this.focusNext = '#otp-input';
    }
  }

  private fieldErrorText(field: 'subject' | 'otp'): string | null {
    const e = this._fieldError;
    if (!e || e.field !== field) return null;
    const s = t(this.l);
    const parts = [errorText(e.code, this.l)];
    if (e.left !== null) parts.push(s.attemptsLeft(e.left));
    if (e.retryAfter !== null) parts.push(s.retryAfter(e.retryAfter));
    return parts.join(' ');
  }

  /** The clerk pressed PL or EN: show it and tell the host page. */
  private onLang(lang: Lang): void {
    const previous = this.l;
    this.lang = lang;
    if (lang !== previous) this.dispatchEvent(mdokEvent('mdok-language', { lang, previous }));
  }

  protected override render(): TemplateResult {
    return widgetView({
      model: this._model,
      now: this._now,
      lang: this.l,
      busy: this._busy,
      subjectError: this.fieldErrorText('subject'),
      otpError: this.fieldErrorText('otp'),
      notice: this._notice,
      said: this._said,
      images: this.images.url,
      onLang: (lang) => this.onLang(lang),
      onCancel: () => void this.onCancel(),
      onSubject: (value) => void this.onSubject(value),
      onOtp: (value) => void this.onOtp(value),
    });
  }
}
