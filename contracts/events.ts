/**
 * Socket.IO payloads and typed event maps of the `/verifier` and `/citizen` namespaces
 * (PRODUCT §6, §8). Client-to-server payloads are strict schemas (V1); every command is acked
 * with `Ack<T>` (V2).
 */
import { z } from 'zod';
import type { Ack, ErrorObject } from './errors.js';
import { SessionData } from './http.js';
import { SubjectSchema } from './identifiers.js';
import { VerificationRequest } from './requests.js';
import {
  EndReasonSchema,
  FlowSchema,
  OTP_LENGTH,
  PAIRING_CODE_LENGTH,
  SessionStateSchema,
} from './sessions.js';
import { RequesterKindSchema } from './verifiers.js';

/**
 * Version of the socket protocol, bumped on a breaking change. Clients send it in the handshake
 * (`auth: { token, protocol }`); the hub refuses a version it does not speak with
 * `invalid_request` in `connect_error`. A client that sends none is taken to speak this one.
 */
export const PROTOCOL_VERSION = 1;

/** The handshake's `auth` object of both namespaces. */
export const HandshakeAuth = z.object({
  token: z.string().min(1).max(4096),
  protocol: z.number().int().positive().optional(),
});
/** The handshake's `auth` object. */
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

/** Socket.IO namespace names. */
export const Namespace = { verifier: '/verifier', citizen: '/citizen' } as const;

const SessionId = z.string().min(1).max(64);

// ---- /verifier, server → client -------------------------------------------------------------

/**
 * `session:state`. `flow`, `deadline` (end of the current window, for countdowns) and
 * `matchNumber` (F2, while the citizen decides) extend PRODUCT §8 for the widget.
 */
export const SessionStateEvent = z.strictObject({
  sessionId: z.string(),
  state: SessionStateSchema,
  at: z.string(),
  flow: FlowSchema.optional(),
  deadline: z.string().optional(),
  matchNumber: z.string().optional(),
});
/** `session:state` payload. */
export type SessionStateEvent = z.infer<typeof SessionStateEvent>;

/** `session:qr`: the current QR payload and the pairing code. */
export const SessionQrEvent = z.strictObject({
  payload: z.string(),
  code: z.string(),
  validForSeconds: z.number(),
});
/** `session:qr` payload. */
export type SessionQrEvent = z.infer<typeof SessionQrEvent>;

/** `session:data` payload. */
export const SessionDataEvent = SessionData;
/** `session:data` payload. */
export type SessionDataEvent = SessionData;

/**
 * `session:token` (an extension of PRODUCT §8): a fresh widget token for the same session, sent
 * every half token lifetime while the socket is connected, so that a widget can reconnect at any
 * point of a long session with a token that is still short-lived (A2). Keep it in memory only.
 */
export const SessionTokenEvent = z.strictObject({ widgetToken: z.string(), expiresAt: z.string() });
/** `session:token` payload. */
export type SessionTokenEvent = z.infer<typeof SessionTokenEvent>;

/** `session:ended` payload. */
export const SessionEndedEvent = z.strictObject({ sessionId: z.string(), reason: EndReasonSchema });
/** `session:ended` payload. */
export type SessionEndedEvent = z.infer<typeof SessionEndedEvent>;

// ---- /verifier, client → server -------------------------------------------------------------

/** `session:cancel` payload. */
export const SessionCancelCommand = z.strictObject({ sessionId: SessionId });
/** `otp:submit` payload. */
export const OtpSubmitCommand = z.strictObject({
  sessionId: SessionId,
  code: z.string().regex(new RegExp(`^\\d{${OTP_LENGTH}}$`), `${OTP_LENGTH} digits`),
});
/** `subject:push` payload. */
export const SubjectPushCommand = z.strictObject({ sessionId: SessionId, subject: SubjectSchema });

// ---- /citizen, server → client --------------------------------------------------------------

/** Who asks, as the citizen sees it (D1). */
export const RequesterView = z.strictObject({
  id: z.string(),
  name: z.string(),
  kind: RequesterKindSchema,
  branch: z.string().optional(),
  verified: z.boolean(),
});
/** Who asks, as the citizen sees it. */
export type RequesterView = z.infer<typeof RequesterView>;

/** `request:incoming` payload, also the data of a `pairing:join` ack. */
export const RequestIncomingEvent = z.strictObject({
  sessionId: z.string(),
  flow: FlowSchema,
  verifier: RequesterView,
  request: VerificationRequest,
  matchRequired: z.boolean(),
  expiresAt: z.string(),
  /**
   * E1: how long the data stays on the verifier's screen, in seconds — what the consent screen
   * tells the citizen (D1).
   */
  displaySeconds: z.number().int().min(1).max(600),
});
/** `request:incoming` payload. */
export type RequestIncomingEvent = z.infer<typeof RequestIncomingEvent>;

/** `request:withdrawn` payload. */
export const RequestWithdrawnEvent = z.strictObject({
  sessionId: z.string(),
  reason: EndReasonSchema,
});
/** `request:withdrawn` payload. */
export type RequestWithdrawnEvent = z.infer<typeof RequestWithdrawnEvent>;

// ---- /citizen, client → server --------------------------------------------------------------

/** `pairing:join` payload: the typed 6-digit code or the scanned QR payload. */
export const PairingJoinCommand = z.union([
  z.strictObject({
    code: z
      .string()
      .regex(new RegExp(`^\\d{${PAIRING_CODE_LENGTH}}$`), `${PAIRING_CODE_LENGTH} digits`),
  }),
  z.strictObject({ qr: z.string().min(1).max(256) }),
]);
/** `request:approve` payload. */
export const RequestApproveCommand = z.strictObject({
  sessionId: SessionId,
  matchNumber: z
    .string()
    .regex(/^\d{2}$/, 'two digits')
    .optional(),
});
/** `request:reject` payload. */
export const RequestRejectCommand = z.strictObject({ sessionId: SessionId });

// ---- event maps -----------------------------------------------------------------------------

/** Server → client events of `/verifier`. */
export interface VerifierServerEvents {
  'session:state': (event: SessionStateEvent) => void;
  'session:qr': (event: SessionQrEvent) => void;
  'session:data': (event: SessionDataEvent) => void;
  'session:ended': (event: SessionEndedEvent) => void;
  'session:token': (event: SessionTokenEvent) => void;
}

/** Client → server commands of `/verifier`; payloads are `unknown` until parsed. */
export interface VerifierClientEvents {
  'session:cancel': (payload: z.input<typeof SessionCancelCommand>, ack: (a: Ack) => void) => void;
  'otp:submit': (payload: z.input<typeof OtpSubmitCommand>, ack: (a: Ack) => void) => void;
  'subject:push': (payload: z.input<typeof SubjectPushCommand>, ack: (a: Ack) => void) => void;
}

/** Server → client events of `/citizen`. */
export interface CitizenServerEvents {
  'request:incoming': (event: RequestIncomingEvent) => void;
  'request:withdrawn': (event: RequestWithdrawnEvent) => void;
}

/** Client → server commands of `/citizen`. */
export interface CitizenClientEvents {
  'pairing:join': (
    payload: z.input<typeof PairingJoinCommand>,
    ack: (a: Ack<RequestIncomingEvent>) => void,
  ) => void;
  'request:approve': (
    payload: z.input<typeof RequestApproveCommand>,
    ack: (a: Ack) => void,
  ) => void;
  'request:reject': (payload: z.input<typeof RequestRejectCommand>, ack: (a: Ack) => void) => void;
}

/** Names of the client → server commands per namespace, for refusing unknown events (V1). */
export const verifierCommands = ['session:cancel', 'otp:submit', 'subject:push'] as const;
/** Names of the client → server commands of `/citizen`. */
export const citizenCommands = ['pairing:join', 'request:approve', 'request:reject'] as const;

/** What a refused handshake carries in `connect_error`'s `data`. */
export type ConnectErrorData = ErrorObject;
