/**
 * The contracts shared by hub, adapters and web front ends. Imports nothing from them.
 */
export {
  ErrorCode,
  errorCodes,
  httpStatusOf,
  Issue,
  ErrorObject,
  ErrorDetails,
  ErrorBody,
  toIssues,
} from './errors.js';
export type { Ack, AckFn } from './errors.js';
export {
  Flow,
  FlowSchema,
  SessionState,
  SessionStateSchema,
  PAIRING_CODE_LENGTH,
  OTP_LENGTH,
  sessionStates,
  terminalStates,
  pendingStates,
  isTerminal,
  isPending,
  isAnsweredYes,
  flows,
  endReasons,
  EndReasonSchema,
} from './sessions.js';
export type { EndReason, TerminalState, PendingState } from './sessions.js';
export {
  documentTypes,
  DocumentTypeSchema,
  documentStatuses,
  DocumentStatusSchema,
  derivedClaims,
  claimsByDocument,
  allClaims,
  ClaimSchema,
  isClaimOf,
  peerClaims,
  peerDocuments,
  ClaimValueSchema,
  documentLabels,
  claimLabels,
  statusLabels,
} from './documents.js';
export type {
  DocumentType,
  DocumentStatus,
  DerivedClaim,
  Claim,
  ClaimValue,
  Lang,
  Label,
} from './documents.js';
export {
  peselCheckDigit,
  peselBirthDate,
  isValidPesel,
  PeselSchema,
  normalizePhone,
  PhoneSchema,
  SubjectSchema,
} from './identifiers.js';
export type { Subject } from './identifiers.js';
export {
  verifierKinds,
  VerifierKindSchema,
  RequesterKindSchema,
  VerifierStatusSchema,
  OriginSchema,
  ClaimPolicySchema,
  CreateVerifierBody,
  VerifierView,
  WebhookUrlSchema,
  PatchVerifierBody,
  PatchVerifierResponse,
  RotateKeyBody,
  RotateKeyResponse,
  WebhookView,
  ApiKeyView,
} from './verifiers.js';
export type { VerifierKind, RequesterKind, VerifierStatus, ClaimPolicy } from './verifiers.js';
export {
  webhookEventTypes,
  WebhookEventTypeSchema,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_EVENT_ID_HEADER,
  WEBHOOK_TOLERANCE_SECONDS,
  WebhookEventData,
  WebhookEvent,
  webhookSignedPayload,
  formatWebhookSignature,
  parseWebhookSignature,
} from './webhooks.js';
export type { WebhookEventType } from './webhooks.js';
export {
  PRESENTATION_TYP,
  OUTCOME_TYP,
  OutcomeDocument,
  OutcomeDocuments,
  OutcomePayload,
  PresentationPayload,
  SessionResult,
} from './outcomes.js';
export { RequestedDocument, VerificationRequest, PresentedClaims } from './requests.js';
export {
  CreateSessionBody,
  CreateSessionResponse,
  SessionStatusResponse,
  SessionData,
  SessionListQuery,
  SessionListResponse,
  LoginBody,
  LoginResponse,
  ActivationBody,
  ActivationResponse,
  DeviceView,
  AuditQuery,
  HistoryEntry,
  HistoryQuery,
  HistoryPage,
  PeerSessionBody,
  PeerSessionResponse,
  DevCitizensQuery,
  DevCitizen,
  DevSmsQuery,
  SmsMessage,
} from './http.js';
export {
  OidcProviderView,
  OidcStartBody,
  OidcStartResponse,
  OidcCallbackBody,
  OidcLoginResponse,
} from './oidc.js';
export {
  PROTOCOL_VERSION,
  HandshakeAuth,
  Namespace,
  SessionStateEvent,
  SessionQrEvent,
  SessionDataEvent,
  SessionEndedEvent,
  SessionTokenEvent,
  SessionCancelCommand,
  OtpSubmitCommand,
  SubjectPushCommand,
  RequesterView,
  RequestIncomingEvent,
  RequestWithdrawnEvent,
  PairingJoinCommand,
  RequestApproveCommand,
  RequestRejectCommand,
  verifierCommands,
  citizenCommands,
} from './events.js';
export type {
  VerifierServerEvents,
  VerifierClientEvents,
  CitizenServerEvents,
  CitizenClientEvents,
  ConnectErrorData,
} from './events.js';
export { displayText, hasUnsafeCharacters, LegalBasisSchema } from './text.js';
export {
  MAX_REPORT_DAYS,
  VerificationReportQuery,
  OutcomeCounts,
  VerifierDayRow,
  FlowRow,
  VerificationReport,
} from './reports.js';
