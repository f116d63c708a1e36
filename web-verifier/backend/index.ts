/**
 * `@mdok/verify/backend`: what a verifier's backend (Node ≥ 20) needs beside the widget — a
 * typed client of the hub's API that verifies results against the hub's JWKS, the check of a
 * webhook's signature, and the contract types they use.
 */
export { createHubClient } from './hub-client.js';
export type {
  CreateSessionInput,
  FetchedResult,
  HubClient,
  HubClientOptions,
} from './hub-client.js';
export { HubApiError } from './hub-api-error.js';
export {
  ResultVerificationError,
  verifyOutcome,
  verifyPresentationJws,
  verifyResult,
} from './result-verifier.js';
export type { ExpectedToken, VerifiedResult } from './result-verifier.js';
export { WebhookVerificationError, verifyWebhook } from './webhook-verifier.js';
export type { WebhookCheck } from './webhook-verifier.js';
export {
  OUTCOME_TYP,
  PRESENTATION_TYP,
  WEBHOOK_EVENT_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TOLERANCE_SECONDS,
} from '../../contracts/index.js';
export type {
  CreateSessionResponse,
  ErrorCode,
  OutcomeDocuments,
  OutcomePayload,
  PresentationPayload,
  PresentedClaims,
  SessionResult,
  SessionState,
  SessionStatusResponse,
  WebhookEvent,
  WebhookEventType,
} from '../../contracts/index.js';
