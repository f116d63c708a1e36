/**
 * The signed presentation (D4): a compact JWS (ES256) over the delivered claims, bound to the
 * verifier (`aud`), the session and the verifier's nonce, expiring with the display window.
 * Verifiers check it against `/.well-known/jwks.json`. Also the outcome (E3): what a backend
 * receives when the request did not ask to retain data — statuses and derived claims, signed.
 */
import {
  OUTCOME_TYP,
  PRESENTATION_TYP,
  derivedClaims,
  type DocumentStatus,
  type DocumentType,
  type OutcomeDocuments,
  type PresentedClaims,
} from '../../contracts/index.js';
import { randomId } from '../security/crypto.js';
import { es256Signer, type Es256Signer } from '../security/es256.js';
import type { SigningKey } from '../security/hub-keys.js';

/** Each key's signers, made once (the header is written once per key and `typ`). */
const signers = new WeakMap<SigningKey, { presentation: Es256Signer; outcome: Es256Signer }>();

function signersOf(key: SigningKey): { presentation: Es256Signer; outcome: Es256Signer } {
  let made = signers.get(key);
  if (!made) {
    made = {
      presentation: es256Signer(key.privateKey, key.kid, PRESENTATION_TYP),
      outcome: es256Signer(key.privateKey, key.kid, OUTCOME_TYP),
    };
    signers.set(key, made);
  }
  return made;
}

/** What goes into a presentation. */
export interface PresentationInput {
  issuer: string;
  verifierId: string;
  sessionId: string;
  nonce?: string | undefined;
  claims: PresentedClaims;
  issuedAt: number;
  displayUntil: number;
}

/** Signs the presentation; returns the compact JWS. */
export async function signPresentation(key: SigningKey, input: PresentationInput): Promise<string> {
  const documents = Object.keys(input.claims) as DocumentType[];
  const status: Partial<Record<DocumentType, DocumentStatus>> = {};
  const claims: Record<string, Record<string, unknown>> = {};
  for (const type of documents) {
    const { status: docStatus, ...values } = input.claims[type] ?? {};
    status[type] = docStatus as DocumentStatus;
    claims[type] = values;
  }
  return signersOf(key).presentation.sign({
    sid: input.sessionId,
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    documents,
    claims,
    status,
    iss: input.issuer,
    aud: input.verifierId,
    iat: Math.floor(input.issuedAt / 1000),
    exp: Math.ceil(input.displayUntil / 1000),
    jti: randomId(16),
  });
}

/**
 * The outcome's documents (E3): each document's status and the derived claims that were asked
 * for — nothing a citizen would call their data.
 */
export function outcomeDocuments(claims: PresentedClaims): OutcomeDocuments {
  const documents: OutcomeDocuments = {};
  for (const type of Object.keys(claims) as DocumentType[]) {
    const presented = claims[type] ?? {};
    const entry: OutcomeDocuments[DocumentType] = {
      status: presented.status as DocumentStatus,
    };
    for (const claim of derivedClaims) {
      const value = presented[claim];
      if (typeof value === 'boolean') entry![claim] = value;
    }
    documents[type] = entry;
  }
  return documents;
}

/** What goes into an outcome. */
export interface OutcomeInput {
  issuer: string;
  verifierId: string;
  sessionId: string;
  nonce?: string | undefined;
  reference?: string | undefined;
  retained: boolean;
  documents: OutcomeDocuments;
  issuedAt: number;
  /** The end of the display window: the outcome expires with it, like the presentation. */
  expiresAt: number;
}

/** Signs the outcome (E3): a compact JWS, `typ` `mdok-outcome+jwt`. */
export async function signOutcome(key: SigningKey, input: OutcomeInput): Promise<string> {
  return signersOf(key).outcome.sign({
    sid: input.sessionId,
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    ...(input.reference === undefined ? {} : { ref: input.reference }),
    retained: input.retained,
    documents: input.documents,
    iss: input.issuer,
    aud: input.verifierId,
    iat: Math.floor(input.issuedAt / 1000),
    exp: Math.ceil(input.expiresAt / 1000),
    jti: randomId(16),
  });
}
