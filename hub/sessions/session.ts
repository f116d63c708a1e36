/**
 * The session record as the hub keeps it in the session store. Secrets (QR secret, OTP hash,
 * the subject's sealed PESEL) stay here and never go out on the wire; the claims never come here
 * at all (they live, sealed, only in the presentation blob for the display window).
 */
import type {
  EndReason,
  Flow,
  RequesterKind,
  SessionState,
  VerificationRequest,
} from '../../contracts/index.js';
import type { SessionRecordBase } from '../../adapters/sessions/index.js';

/** Who asks, frozen at creation so the citizen sees what the verifier was when it asked. */
export interface RequesterSnapshot {
  id: string;
  name: string;
  kind: RequesterKind;
  branch?: string;
  /** An administrator-approved institution (D1); false for a citizen (F4). */
  verified: boolean;
  /** Origins allowed to open this session's verifier socket (A4). */
  origins: string[];
}

/** A live session. Times are epoch milliseconds. */
export interface Session extends SessionRecordBase {
  flow: Flow;
  state: SessionState;
  verifier: RequesterSnapshot;
  request: VerificationRequest;
  nonce?: string;
  reference?: string;
  /** F5: legal basis / case reference (A6). */
  legalBasis?: string;
  /** Display window length for this session (E1). */
  displaySeconds: number;
  createdAt: number;
  /** When the session entered its current state. */
  stateAt: number;
  /** Hard cap on the whole life (S3). */
  expiresAt: number;
  /** F1/F4: the 6-digit code (single use, P2). */
  pairingCode?: string;
  /** F1/F4: the id inside QR payloads. */
  pairingId?: string;
  /** F1/F4: the QR HMAC secret, base64url (P1: never leaves the hub). */
  qrSecret?: string;
  /** F2: the 2-digit match number (P5). */
  matchNumber?: string;
  /** F3: keyed hash of the SMS code. */
  otpHash?: string;
  /** Keyed hash of the citizen's PESEL, once the citizen is known. */
  citizenRef?: string;
  /** F1/F4: the device that joined. */
  deviceId?: string;
  /** F3/F5: the subject's PESEL, sealed (AES-GCM) — the clerk typed it, no device brings it. */
  subjectSealed?: string;
  /** F4: the verifying citizen's reference (they may not verify themselves). */
  peerOwnerRef?: string;
  /** E1: end of the display window, once delivered. */
  displayUntil?: number;
  /** E3: the backend fetched the result. */
  resultFetched?: boolean;
  /** Why it ended, for terminal states and delivery. */
  endReason?: EndReason;
}
