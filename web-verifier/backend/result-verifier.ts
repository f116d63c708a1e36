/**
 * Checking what the hub signed (D4, E3) on the verifier's backend, with jose: the outcome
 * (`typ` `mdok-outcome+jwt`) and, with `retain: true`, the presentation (`typ`
 * `mdok-presentation+jwt`). Each must be ES256 under a key of the hub's JWKS, issued by the hub
 * (`iss` = its public URL), addressed to this verifier (`aud`), for this session (`sid`), with
 * the nonce the backend sent (`nonce`), and not expired (`exp`, the end of the display window,
 * with a small clock tolerance). The claims beside a JWS must be exactly the signed ones.
 */
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import {
  OUTCOME_TYP,
  OutcomePayload,
  PRESENTATION_TYP,
  PresentationPayload,
  type PresentedClaims,
  type SessionResult,
} from '../../contracts/index.js';

/** What a signed token must match. */
export interface ExpectedToken {
  /** The hub's keys (`createRemoteJWKSet(new URL('/.well-known/jwks.json', hub))`). */
  jwks: JWTVerifyGetKey;
  /** The hub's public URL (its `PUBLIC_URL`). */
  issuer: string;
  /** This verifier's id. */
  verifierId: string;
  sessionId: string;
  /** The nonce sent with `POST /v1/sessions`; required in the token when given. */
  nonce?: string | undefined;
  /** Seconds of clock difference tolerated on `exp` / `iat`. Default 5. */
  clockToleranceSeconds?: number;
}

/** Why a signed result was refused. */
export class ResultVerificationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ResultVerificationError';
  }
}

/** A result whose outcome (and presentation, if any) passed every check. */
export interface VerifiedResult {
  sessionId: string;
  /** The checked outcome: statuses and derived claims per document. */
  outcome: OutcomePayload;
  /** With `retain: true`: the checked presentation and the raw claims it signs. */
  presentation?: { payload: PresentationPayload; claims: PresentedClaims };
}

async function verifyToken(jws: string, typ: string, expected: ExpectedToken): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(jws, expected.jwks, {
      algorithms: ['ES256'],
      typ,
      issuer: expected.issuer.replace(/\/$/, ''),
      audience: expected.verifierId,
      clockTolerance: expected.clockToleranceSeconds ?? 5,
      requiredClaims: ['exp', 'iat', 'sid'],
    }));
  } catch (error) {
    throw new ResultVerificationError(`the ${typ} is not valid: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (payload.sid !== expected.sessionId) {
    throw new ResultVerificationError(`the ${typ} is for another session`);
  }
  if (expected.nonce !== undefined && payload.nonce !== expected.nonce) {
    throw new ResultVerificationError(`the ${typ} does not carry our nonce`);
  }
  return payload;
}

/** Checks the outcome JWS; answers its payload. */
export async function verifyOutcome(jws: string, expected: ExpectedToken): Promise<OutcomePayload> {
  const parsed = OutcomePayload.safeParse(await verifyToken(jws, OUTCOME_TYP, expected));
  if (!parsed.success) throw new ResultVerificationError('the outcome is not in the contract');
  return parsed.data;
}

/** Checks the presentation JWS; answers its payload. */
export async function verifyPresentationJws(
  jws: string,
  expected: ExpectedToken,
): Promise<PresentationPayload> {
  const parsed = PresentationPayload.safeParse(await verifyToken(jws, PRESENTATION_TYP, expected));
  if (!parsed.success) throw new ResultVerificationError('the presentation is not in the contract');
  return parsed.data;
}

function sameJson(a: unknown, b: unknown): boolean {
  const canonical = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Checks a whole `GET /v1/sessions/:id/result` answer: the outcome always, the presentation when
 * it is there, and that the unsigned copies beside them (`documents`, `claims`) say exactly what
 * was signed.
 */
export async function verifyResult(
  result: SessionResult,
  expected: ExpectedToken,
): Promise<VerifiedResult> {
  const outcome = await verifyOutcome(result.outcome, expected);
  if (!sameJson(outcome.documents, result.documents)) {
    throw new ResultVerificationError(
      'the documents beside the outcome differ from the signed ones',
    );
  }
  if (outcome.retained !== result.retained) {
    throw new ResultVerificationError('retained differs from the signed outcome');
  }
  const verified: VerifiedResult = { sessionId: result.sessionId, outcome };
  if (result.presentation !== undefined) {
    const payload = await verifyPresentationJws(result.presentation, expected);
    const signed: Record<string, Record<string, unknown>> = {};
    for (const type of payload.documents) {
      signed[type] = { ...payload.claims[type], status: payload.status[type] };
    }
    if (!sameJson(signed, result.claims ?? {})) {
      throw new ResultVerificationError(
        'the claims beside the presentation differ from the signed ones',
      );
    }
    verified.presentation = { payload, claims: result.claims ?? {} };
  } else if (outcome.retained) {
    throw new ResultVerificationError('the outcome says retained but no presentation came');
  }
  return verified;
}
