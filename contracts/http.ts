/**
 * Bodies and answers of the HTTP API (PRODUCT §6, §8). Every body is parsed by one of these
 * strict schemas (V1); answers are typed by them and checked with `satisfies`.
 */
import { z } from 'zod';
import { PresentedClaims, VerificationRequest } from './requests.js';
import { PeselSchema, PhoneSchema, SubjectSchema } from './identifiers.js';
import { EndReasonSchema, FlowSchema, SessionStateSchema } from './sessions.js';
import { displayText, LegalBasisSchema } from './text.js';
import { RequesterKindSchema } from './verifiers.js';

/** `POST /v1/sessions` body. Flow-specific requirements are in contracts/SPEC.md. */
export const CreateSessionBody = z
  .strictObject({
    flow: FlowSchema.exclude(['peer']),
    request: VerificationRequest,
    subject: SubjectSchema.optional(),
    legalBasis: LegalBasisSchema.optional(),
    displaySeconds: z.number().int().min(1).max(600).optional(),
    nonce: z.string().min(1).max(128).optional(),
    reference: z.string().min(1).max(128).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.flow === 'privileged') {
      if (!body.subject || !('pesel' in body.subject)) {
        ctx.addIssue({
          code: 'custom',
          path: ['subject'],
          message: 'privileged needs subject.pesel',
        });
      }
      if (!body.legalBasis) {
        ctx.addIssue({
          code: 'custom',
          path: ['legalBasis'],
          message: 'privileged needs legalBasis',
        });
      }
    } else if (body.legalBasis !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['legalBasis'],
        message: 'only privileged takes legalBasis',
      });
    }
    if (body.flow === 'code' && body.subject !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'code flow takes no subject' });
    }
  });
/** `POST /v1/sessions` body. */
export type CreateSessionBody = z.infer<typeof CreateSessionBody>;

/** `POST /v1/sessions` answer (201). */
export const CreateSessionResponse = z.strictObject({
  sessionId: z.string(),
  state: SessionStateSchema,
  expiresAt: z.string(),
  widgetToken: z.string(),
  code: z.string().optional(),
  matchNumber: z.string().optional(),
});
/** `POST /v1/sessions` answer (201). */
export type CreateSessionResponse = z.infer<typeof CreateSessionResponse>;

/** `GET /v1/sessions/:id` answer: state only, never claims. */
export const SessionStatusResponse = z.strictObject({
  sessionId: z.string(),
  flow: FlowSchema,
  state: SessionStateSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  displayUntil: z.string().optional(),
  endReason: EndReasonSchema.optional(),
  reference: z.string().optional(),
});
/** `GET /v1/sessions/:id` answer. */
export type SessionStatusResponse = z.infer<typeof SessionStatusResponse>;

/**
 * `GET /v1/sessions?reference=…`: the verifier's own sessions created with that reference,
 * newest first, state only.
 */
export const SessionListQuery = z.strictObject({
  reference: z.string().min(1).max(128),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
/** `GET /v1/sessions?reference=…` query. */
export type SessionListQuery = z.infer<typeof SessionListQuery>;

/** `GET /v1/sessions?reference=…` answer. */
export const SessionListResponse = z.strictObject({ sessions: z.array(SessionStatusResponse) });
/** `GET /v1/sessions?reference=…` answer. */
export type SessionListResponse = z.infer<typeof SessionListResponse>;

/** The `session:data` payload (the clerk's screen); the backend's result is `SessionResult`. */
export const SessionData = z.strictObject({
  sessionId: z.string(),
  presentation: z.string(),
  claims: PresentedClaims,
  displayUntil: z.string(),
});
/** The delivered presentation. */
export type SessionData = z.infer<typeof SessionData>;

/** `POST /v1/citizen/login` body (identity-provider stand-in, dev mode). */
export const LoginBody = z.strictObject({ pesel: PeselSchema });
/** `POST /v1/citizen/login` answer. */
export const LoginResponse = z.strictObject({ citizenToken: z.string(), expiresAt: z.string() });
/** `POST /v1/citizen/login` answer. */
export type LoginResponse = z.infer<typeof LoginResponse>;

/** `POST /v1/citizen/activation` body. */
export const ActivationBody = z.strictObject({
  phone: PhoneSchema,
  deviceName: displayText(1, 80),
});
/** `POST /v1/citizen/activation` answer (201). */
export const ActivationResponse = z.strictObject({ deviceId: z.string(), deviceToken: z.string() });
/** `POST /v1/citizen/activation` answer. */
export type ActivationResponse = z.infer<typeof ActivationResponse>;

/** One enrolled device. */
export const DeviceView = z.strictObject({
  deviceId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  active: z.boolean(),
  deactivatedAt: z.string().optional(),
});
/** One enrolled device. */
export type DeviceView = z.infer<typeof DeviceView>;

/** One entry of the citizen's history (H3). */
export const HistoryEntry = z.strictObject({
  sessionId: z.string(),
  at: z.string(),
  verifier: z.strictObject({
    id: z.string(),
    name: z.string(),
    kind: RequesterKindSchema,
    branch: z.string().optional(),
  }),
  flow: FlowSchema,
  claims: z.array(z.string()),
  outcome: z.string(),
  legalBasis: z.string().optional(),
});
/** One entry of the citizen's history. */
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/**
 * `GET /v1/citizen/history` query (H3): a page of at most `limit` entries, newest first; with
 * `before`, the entries older than the previous page (its `next`, an opaque cursor).
 */
export const HistoryQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().min(1).max(512).optional(),
});
/** `GET /v1/citizen/history` query. */
export type HistoryQuery = z.infer<typeof HistoryQuery>;

/** `GET /v1/citizen/history` answer: `next` only when older entries may follow. */
export const HistoryPage = z.strictObject({
  entries: z.array(HistoryEntry),
  next: z.string().optional(),
});
/** `GET /v1/citizen/history` answer. */
export type HistoryPage = z.infer<typeof HistoryPage>;

/**
 * `GET /v1/admin/audit` query (H1): at most `limit` events, newest first; with `before`, only
 * events older than that seq (the last `seq` of the previous page).
 */
export const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().min(1).optional(),
});
/** `GET /v1/admin/audit` query. */
export type AuditQuery = z.infer<typeof AuditQuery>;

/** `POST /v1/citizen/peer-sessions` body. */
export const PeerSessionBody = z.strictObject({
  request: VerificationRequest,
  displaySeconds: z.number().int().min(1).max(600).optional(),
});
/** `POST /v1/citizen/peer-sessions` answer (201). */
export const PeerSessionResponse = z.strictObject({
  sessionId: z.string(),
  widgetToken: z.string(),
  code: z.string(),
  expiresAt: z.string(),
});
/** `POST /v1/citizen/peer-sessions` answer. */
export type PeerSessionResponse = z.infer<typeof PeerSessionResponse>;

/** `GET /v1/dev/citizens?limit=N` query. */
export const DevCitizensQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(10),
});
/** A synthetic identity offered by dev mode. */
export const DevCitizen = z.strictObject({
  pesel: z.string(),
  phone: z.string(),
  givenName: z.string(),
  familyName: z.string(),
});
/** A synthetic identity offered by dev mode. */
export type DevCitizen = z.infer<typeof DevCitizen>;

/** `GET /v1/dev/sms?phone=…` query. */
export const DevSmsQuery = z.strictObject({ phone: PhoneSchema });
/** One SMS written to the console gateway's outbox. */
export const SmsMessage = z.strictObject({ to: z.string(), text: z.string(), at: z.string() });
/** One SMS written to the console gateway's outbox. */
export type SmsMessage = z.infer<typeof SmsMessage>;
