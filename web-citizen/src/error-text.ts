/**
 * Turns the hub's error codes (V3) into plain sentences for the citizen. The same code can mean
 * different things where it happens (`expired` while joining is a QR scanned too slowly; while
 * deciding it is the request running out), so each call names its context and the string table
 * may hold a context-specific sentence (`err.<code>.<context>`) beside the general one.
 */
import type { ErrorCode } from '../../contracts/errors.js';
import { isMessageKey, t, type Lang } from './i18n.js';

/** The hub's codes plus the app's own: the network or the server did not answer. */
export type ClientErrorCode = ErrorCode | 'network';

/** An error as the app handles it: a code and the hub's (English, technical) message. */
export interface AppError {
  code: ClientErrorCode;
  message: string;
  /** Where the hub says the problem is (the path of its first issue), e.g. `acr`. */
  where?: string;
}

/** Where an error happened; picks the most helpful sentence. */
export type ErrorContext =
  'general' | 'login' | 'activation' | 'join' | 'scan' | 'match' | 'devices' | 'history' | 'peer';

/** How many tries the hub says are left (`wrong code; 3 attempt(s) left`), if it says so. */
export function attemptsLeft(message: string): number | null {
  const match = /(\d+)\s+attempt/i.exec(message);
  return match ? Number(match[1]) : null;
}

/** Contexts that borrow another's sentences where they have none of their own. */
const fallbackContext: Partial<Record<ErrorContext, ErrorContext>> = { scan: 'join' };

/** The sentence to show for `error` in `context`, in `lang`. */
export function errorText(lang: Lang, error: AppError, context: ErrorContext = 'general'): string {
  const candidates = [`err.${error.code}.${context}`];
  const borrowed = fallbackContext[context];
  if (borrowed) candidates.push(`err.${error.code}.${borrowed}`);
  candidates.push(`err.${error.code}`);
  let text = t(lang, candidates.find(isMessageKey) ?? 'err.internal');
  if (error.code === 'code_invalid') {
    const left = attemptsLeft(error.message);
    if (left !== null) text += ` ${t(lang, 'err.attemptsLeft', { n: left })}`;
  }
  return text;
}
