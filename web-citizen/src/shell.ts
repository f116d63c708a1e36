/**
 * What a screen may ask of the app around it: words in the current language, the API, the live
 * line's commands, moving to another screen, and announcing a result. The root element
 * implements it; screens get it as a property and never touch each other.
 */
import type { DevCitizen } from '../../contracts/http.js';
import type { RequestIncomingEvent } from '../../contracts/events.js';
import type { Api } from './api.js';
import type { AppError, ErrorContext } from './error-text.js';
import type { Lang, MessageKey, Params } from './i18n.js';
import type { Route } from './router.js';
import type { DeviceCredential } from './storage.js';

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
  /** The person picked at login (memory only), for prefill and greeting. */
  readonly citizen: DevCitizen | null;
  readonly device: DeviceCredential | null;
  /** The request waiting for the citizen's decision, if any (memory only). */
  readonly request: RequestIncomingEvent | null;
  /** Shows and announces a short message (the status region). */
  announce(text: string, tone?: Tone): void;
  go(route: Route): void;
  loggedIn(citizenToken: string, citizen: DevCitizen): void;
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
