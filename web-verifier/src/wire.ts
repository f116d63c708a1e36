/**
 * Minimal shape checks of what arrives on `/verifier` (PRODUCT §8, contracts/events.ts). The
 * hub parses everything it receives with zod; the widget only has to refuse what it cannot
 * render, without shipping zod to the bank's page. Each parser answers the typed event or null.
 */
import type { ClaimValue, DocumentStatus, DocumentType } from '../../contracts/documents.js';
import { documentTypes } from '../../contracts/documents.js';
import type { ErrorObject } from '../../contracts/errors.js';
import type {
  SessionDataEvent,
  SessionEndedEvent,
  SessionQrEvent,
  SessionStateEvent,
} from '../../contracts/events.js';
import type { EndReason, Flow, SessionState } from '../../contracts/sessions.js';
import { isDocumentStatus } from './format.js';

/** The session states of S1 (contracts/sessions.ts). */
export const sessionStates = [
  'awaiting_citizen',
  'awaiting_approval',
  'approved',
  'delivered',
  'expired',
  'rejected',
  'cancelled',
  'timed_out',
  'failed',
] as const satisfies readonly SessionState[];

/** States after which nothing more happens. */
export const terminalStates = [
  'expired',
  'rejected',
  'cancelled',
  'timed_out',
  'failed',
] as const satisfies readonly SessionState[];

/** The flows of PRODUCT §3. */
export const flows = [
  'code',
  'push',
  'otp',
  'peer',
  'privileged',
] as const satisfies readonly Flow[];

/** End reasons of `session:ended` (contracts/sessions.ts). */
export const endReasons = [
  'delivered',
  'expired',
  'rejected',
  'cancelled',
  'timed_out',
  'failed',
  'too_many_attempts',
  'register_unavailable',
  'device_deactivated',
  'verifier_suspended',
  'answered',
] as const satisfies readonly EndReason[];

/** Whether a state is terminal. */
export function isTerminalState(state: SessionState): boolean {
  return (terminalStates as readonly string[]).includes(state);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  isStr(v) && (list as readonly string[]).includes(v);
const isTime = (v: unknown): v is string => isStr(v) && !Number.isNaN(Date.parse(v));

/** `session:state`, or null. */
export function parseState(v: unknown): SessionStateEvent | null {
  if (!isObj(v) || !isStr(v.sessionId) || !oneOf(sessionStates, v.state) || !isTime(v.at)) {
    return null;
  }
  const event: SessionStateEvent = { sessionId: v.sessionId, state: v.state, at: v.at };
  if (oneOf(flows, v.flow)) event.flow = v.flow;
  if (isTime(v.deadline)) event.deadline = v.deadline;
  if (isStr(v.matchNumber) && /^\d{1,4}$/.test(v.matchNumber)) event.matchNumber = v.matchNumber;
  return event;
}

/** `session:qr`, or null. */
export function parseQr(v: unknown): SessionQrEvent | null {
  if (!isObj(v) || !isStr(v.payload) || v.payload.length === 0 || v.payload.length > 512) {
    return null;
  }
  if (!isStr(v.code) || !/^\d{6}$/.test(v.code)) return null;
  const validForSeconds = typeof v.validForSeconds === 'number' ? v.validForSeconds : 5;
  return { payload: v.payload, code: v.code, validForSeconds };
}

/** One delivered document: claim values and the status. */
export type DocumentClaims = Record<string, ClaimValue> & { status: DocumentStatus };

const isClaimValue = (v: unknown): v is ClaimValue =>
  isStr(v) ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  (Array.isArray(v) && v.every(isStr));

/** `session:data`, or null (unknown document types and malformed documents refuse it all). */
export function parseData(v: unknown): SessionDataEvent | null {
  if (!isObj(v) || !isStr(v.sessionId) || !isStr(v.presentation) || !isTime(v.displayUntil)) {
    return null;
  }
  if (!isObj(v.claims)) return null;
  const claims: Partial<Record<DocumentType, DocumentClaims>> = {};
  for (const [type, doc] of Object.entries(v.claims)) {
    if (!oneOf(documentTypes, type) || !isObj(doc) || !isDocumentStatus(doc.status)) return null;
    for (const [claim, value] of Object.entries(doc)) {
      if (claim !== 'status' && !isClaimValue(value)) return null;
    }
    claims[type] = doc as DocumentClaims;
  }
  return {
    sessionId: v.sessionId,
    presentation: v.presentation,
    claims,
    displayUntil: v.displayUntil,
  };
}

/** `session:ended`, or null. */
export function parseEnded(v: unknown): SessionEndedEvent | null {
  if (!isObj(v) || !isStr(v.sessionId) || !oneOf(endReasons, v.reason)) return null;
  return { sessionId: v.sessionId, reason: v.reason };
}

/** `session:token`: a fresh widget token for reconnects (kept in memory only). */
export function parseToken(v: unknown): { widgetToken: string; expiresAt: string } | null {
  if (!isObj(v) || !isStr(v.widgetToken) || !isStr(v.expiresAt)) return null;
  return { widgetToken: v.widgetToken, expiresAt: v.expiresAt };
}

/** An ack `{ ok: true } | { ok: false, error }`; anything else reads as a protocol error. */
export function parseAck(v: unknown): { ok: true } | { ok: false; error: ErrorObject } {
  if (isObj(v) && v.ok === true) return { ok: true };
  if (isObj(v) && v.ok === false && isObj(v.error) && isStr(v.error.code)) {
    const message = isStr(v.error.message) ? v.error.message : '';
    return { ok: false, error: { code: v.error.code as ErrorObject['code'], message } };
  }
  return { ok: false, error: { code: 'internal', message: 'malformed acknowledgement' } };
}

/** The `{ code, message }` of a refused handshake (`connect_error`'s `data`), if present. */
export function parseConnectError(v: unknown): { code: string; message: string } | null {
  if (!isObj(v) || !isObj(v.data) || !isStr(v.data.code)) return null;
  return { code: v.data.code, message: isStr(v.data.message) ? v.data.message : '' };
}
