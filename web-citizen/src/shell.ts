/**
 * What a screen may ask of the app around it: words in the current language, the API, the live
 * line's commands, moving to another screen, and announcing a result. The root element
 * implements it; screens get it as a property and never touch each other.
 */
import type { RequestIncomingEvent } from '../../contracts/events.js';
import type { Api } from './api.js';
import type { AppError, ErrorContext } from './error-text.js';
import type { Lang, MessageKey, Params } from './i18n.js';
import type { Route } from './router.js';
import type { DeviceCredential } from './storage.js';

/**
 * Who logged in, as far as the app needs it (memory only): the names to greet with and, after
 * the dev shortcut, the phone number on record to prefill activation. Never the PESEL.
 */
export interface CitizenProfile {
  givenName?: string;
  familyName?: string;
  phone?: string;
}

/** How an announcement reads: a plain status, a success, or an error (worded as such). */
export type Tone = 'info' | 'success' | 'error';

/** The app as a screen sees it. */
export interface Shell {
  readonly lang: Lang;
  /** A string in the current language. */
  t(key: MessageKey, params?: Params): string;
  /** An error as a plain sentence in the current language. */
  errorText(error: AppError, context?: ErrorContext): string;
  readonly api: Api;
  /** Who logged in (memory only), for prefill and greeting. */
  readonly citizen: CitizenProfile | null;
  readonly device: DeviceCredential | null;
  /** The request waiting for the citizen's decision, if any (memory only). */
  readonly request: RequestIncomingEvent | null;
  /** Shows and announces a short message (the status region). */
  announce(text: string, tone?: Tone): void;
  go(route: Route): void;
  loggedIn(citizenToken: string, citizen: CitizenProfile): void;
  /** Forgets the login (the citizen token); this device's activation stays. */
  logout(): void;
  /**
   * The identity provider's answer this page was opened with (the callback page's query
   * string), handed out once; null when there is none.
   */
  takeLoginCallback(): string | null;
  activated(device: DeviceCredential): void;
  /** `pairing:join`; on success the review screen opens. */
  join(by: { code: string } | { qr: string }): Promise<AppError | null>;
  /** Approves the waiting request. */
  approve(matchNumber?: string): Promise<AppError | null>;
  /** Rejects the waiting request. */
  reject(): Promise<AppError | null>;
  /**
   * This device is no longer active: forget it and go back to activation. `byUser` marks the
   * citizen's own deactivation, whose message wins over the hub's disconnect racing it.
   */
  deviceGone(message: string, byUser?: boolean): void;
}
