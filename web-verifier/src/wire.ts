/**
 * Minimal shape checks of what arrives on `/verifier` (PRODUCT §8, contracts/events.ts). The
 * hub parses everything it receives with zod; the widget only has to refuse what it cannot
 * render, without shipping zod to the bank's page. The lists of states, flows and end reasons
 * are the contracts' own (`contracts/sessions.ts`), and each parser names every field of its
 * contract type: a field or a state added to the contracts fails the widget's build until the
 * widget handles it, instead of being dropped at run time. Each parser answers the typed event
 * or null.
 */
import type { ClaimValue, DocumentStatus, DocumentType } from '../../contracts/documents.js';
import { documentTypes } from '../../contracts/documents.js';
import { PAIRING_CODE_LENGTH } from '../../contracts/sessions.js';
import type { ErrorDetails, ErrorObject } from '../../contracts/errors.js';
import { errorCodes } from '../../contracts/errors.js';
import type {
  SessionDataEvent,
  SessionEndedEvent,
  SessionQrEvent,
  SessionStateEvent,
  SessionTokenEvent,
} from '../../contracts/events.js';
import { endReasons, flows, sessionStates } from '../../contracts/sessions.js';
import { isDocumentStatus } from './format.js';

/**
 * Returns `keys` when they name every key of `T`, and fails to compile otherwise: the widget's
 * parsers list the fields they copy, and a field added to a contract type must be added here.
 */
export function fieldsOf<T>() {
  return <const K extends readonly (keyof T)[]>(
    keys: K & (Exclude<keyof T, K[number]> extends never ? unknown : never),
  ): K => keys;
}

/** Every field of `session:state` the widget reads. */
export const stateFields = fieldsOf<SessionStateEvent>()([
  'sessionId',
  'state',
  'at',
  'flow',
  'deadline',
  'matchNumber',
]);
/** Every field of `session:qr` the widget reads. */
export const qrFields = fieldsOf<SessionQrEvent>()(['payload', 'code', 'validForSeconds']);
/** Every field of `session:data` the widget reads. */
export const dataFields = fieldsOf<SessionDataEvent>()([
  'sessionId',
  'presentation',
  'claims',
  'displayUntil',
]);
/** Every field of `session:ended` the widget reads. */
export const endedFields = fieldsOf<SessionEndedEvent>()(['sessionId', 'reason']);
/** Every field of `session:token` the widget reads. */
export const tokenFields = fieldsOf<SessionTokenEvent>()(['widgetToken', 'expiresAt']);
/** Every field of an error's `details` the widget reads. */
export const detailFields = fieldsOf<ErrorDetails>()(['attemptsLeft', 'retryAfterSeconds']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const oneOf = <T extends string>(list: readonly T[], v: unknown): v is T =>
  isStr(v) && (list as readonly string[]).includes(v);
const isTime = (v: unknown): v is string => isStr(v) && !Number.isNaN(Date.parse(v));
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

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
  if (!isStr(v.code) || !new RegExp(`^\\d{${PAIRING_CODE_LENGTH}}$`).test(v.code)) return null;
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
export function parseToken(v: unknown): SessionTokenEvent | null {
  if (!isObj(v) || !isStr(v.widgetToken) || !isStr(v.expiresAt)) return null;
  return { widgetToken: v.widgetToken, expiresAt: v.expiresAt };
}

/** The structured `details` of an error (SPEC V2), keeping only well-formed counts. */
export function parseDetails(v: unknown): ErrorDetails | null {
  if (!isObj(v)) return null;
  const details: ErrorDetails = {};
  if (isCount(v.attemptsLeft)) details.attemptsLeft = v.attemptsLeft;
  if (isCount(v.retryAfterSeconds)) details.retryAfterSeconds = v.retryAfterSeconds;
  return Object.keys(details).length > 0 ? details : null;
}

/**
 * An ack `{ ok: true } | { ok: false, error }`; anything else reads as a protocol error. A code
 * the contracts do not know reads as `internal` (V3: nothing else crosses the wire).
 */
export function parseAck(v: unknown): { ok: true } | { ok: false; error: ErrorObject } {
  if (isObj(v) && v.ok === true) return { ok: true };
  if (isObj(v) && v.ok === false && isObj(v.error) && isStr(v.error.code)) {
    const message = isStr(v.error.message) ? v.error.message : '';
    const code = oneOf(errorCodes, v.error.code) ? v.error.code : 'internal';
    const error: ErrorObject = { code, message };
    const details = parseDetails(v.error.details);
    if (details) error.details = details;
    return { ok: false, error };
  }
  return { ok: false, error: { code: 'internal', message: 'malformed acknowledgement' } };
}

/** The `{ code, message }` of a refused handshake (`connect_error`'s `data`), if present. */
export function parseConnectError(v: unknown): { code: string; message: string } | null {
  if (!isObj(v) || !isObj(v.data) || !isStr(v.data.code)) return null;
  return { code: v.data.code, message: isStr(v.data.message) ? v.data.message : '' };
}
