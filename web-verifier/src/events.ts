/**
 * The DOM events `<mdok-verify>` dispatches to the host page, with their typed details. All
 * bubble and cross the shadow boundary (`composed`), so a page may listen on the element or on
 * `document`. No event carries claim values: the widget shows the data, the verifier's backend
 * fetches it once with `GET /v1/sessions/:id/result` (E3) when its policy allows.
 */
import type { DocumentStatus, DocumentType, Lang } from '../../contracts/documents.js';
import type { Flow, SessionState } from '../../contracts/sessions.js';
import type { AnyErrorCode } from './i18n.js';
import type { JwsFailure } from './jws.js';

/** Why the data card was wiped. */
export type WipeReason =
  /** The display window ended (E1): the countdown reached zero or the hub said `expired`. */
  | 'display_ended'
  /** The clerk pressed "Close and wipe data". */
  | 'closed'
  /** The hub ended the session while the card was shown. */
  | 'session_ended'
  /** The token changed or the element left the page. */
  | 'reset';

/** `mdok-state`: the session moved to another state. */
export interface MdokStateDetail {
  /** The session, or null when the widget ended before the hub named it. */
  sessionId: string | null;
  state: SessionState;
  flow: Flow | null;
  /** When the state was entered (ISO). */
  at: string;
  /** End of the current window (ISO), when there is one. */
  deadline: string | null;
  /** `hub` for states the hub reported; `widget` for a local cancel without a connection. */
  source: 'hub' | 'widget';
}

/** `mdok-verified`: the citizen's data is on screen and its signature was checked. */
export interface MdokVerifiedDetail {
  sessionId: string;
  /** The delivered documents and their status at presentation time (no claim values). */
  documents: { type: DocumentType; status: DocumentStatus }[];
  /** When the card will be wiped (ISO, the hub's `displayUntil`). */
  displayUntil: string;
  /** Outcome of the hub-signature check (D4). */
  signature: 'valid' | 'invalid' | 'unavailable';
  /** Why the signature was not accepted, when it was not. */
  signatureProblem: JwsFailure | null;
}

/** `mdok-expired`: the data card was removed from the DOM and the data from memory. */
export interface MdokExpiredDetail {
  sessionId: string | null;
  reason: WipeReason;
  /** When it was wiped (ISO). */
  at: string;
}

/** The command an error answered, if any. */
export type MdokCommand = 'session:cancel' | 'subject:push' | 'otp:submit';

/** `mdok-error`: something went wrong; `fatal` errors end the widget's session. */
export interface MdokErrorDetail {
  /** A V3 code from the hub, or one of the widget's own (`network`, `timeout`, …). */
  code: AnyErrorCode;
  /** Developer-facing message (the hub's, or the widget's in English). */
  message: string;
  fatal: boolean;
  command: MdokCommand | null;
}

/** `mdok-language`: the clerk switched the language with the widget's own PL/EN switch. */
export interface MdokLanguageDetail {
  /** The language now shown. */
  lang: Lang;
  /** The language shown before. */
  previous: Lang;
}

/** The events of `<mdok-verify>` by name. */
export interface MdokEventMap {
  'mdok-state': CustomEvent<MdokStateDetail>;
  'mdok-verified': CustomEvent<MdokVerifiedDetail>;
  'mdok-expired': CustomEvent<MdokExpiredDetail>;
  'mdok-error': CustomEvent<MdokErrorDetail>;
  'mdok-language': CustomEvent<MdokLanguageDetail>;
}

declare global {
  interface HTMLElementEventMap {
    'mdok-state': CustomEvent<MdokStateDetail>;
    'mdok-verified': CustomEvent<MdokVerifiedDetail>;
    'mdok-expired': CustomEvent<MdokExpiredDetail>;
    'mdok-error': CustomEvent<MdokErrorDetail>;
    'mdok-language': CustomEvent<MdokLanguageDetail>;
  }
}

/** Names of the events, for host pages that want to loop over them. */
export const mdokEvents = [
  'mdok-state',
  'mdok-verified',
  'mdok-expired',
  'mdok-error',
  'mdok-language',
] as const satisfies readonly (keyof MdokEventMap)[];

/** Builds one of the widget's events: bubbling, composed, not cancelable. */
export function mdokEvent<K extends keyof MdokEventMap>(
  name: K,
  detail: MdokEventMap[K]['detail'],
): MdokEventMap[K] {
  return new CustomEvent(name, { detail, bubbles: true, composed: true }) as MdokEventMap[K];
}
