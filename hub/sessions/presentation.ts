/**
 * The signed presentation (D4): a compact JWS (ES256) over the delivered claims, bound to the
 * verifier (`aud`), the session and the verifier's nonce, expiring with the display window.
 * Verifiers check it against `/.well-known/jwks.json`.
 */
import { SignJWT } from 'jose';
import type { DocumentStatus, DocumentType, PresentedClaims } from '../../contracts/index.js';
import { randomId } from '../security/crypto.js';
import type { SigningKey } from '../security/hub-keys.js';

/** JOSE `typ` of presentations. */
export const PRESENTATION_TYP = 'mdok-presentation+jwt';

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
  return new SignJWT({
    sid: input.sessionId,
    ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
    documents,
    claims,
    status,
  })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: PRESENTATION_TYP })
    .setIssuer(input.issuer)
    .setAudience(input.verifierId)
    .setIssuedAt(Math.floor(input.issuedAt / 1000))
    .setExpirationTime(Math.ceil(input.displayUntil / 1000))
    .setJti(randomId(16))
    .sign(key.privateKey);
}
