/**
 * F4: a citizen opens a session to verify another citizen — limited to the identity card and
 * the peer claims (name, photo, age over 18, validity; A9), never retained, shown to the other
 * citizen as an unverified private person (D1).
 */
import {
  peerClaims,
  peerDocuments,
  type PeerSessionResponse,
  type VerificationRequest,
} from '../../contracts/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { createPairing, insertSession, newSession } from './session-factory.js';
import type { Session } from './session.js';
import { citizenRefOf } from './subjects.js';

/** F4: a citizen opens a session to verify another citizen (peer claims only). */
export async function createPeerSession(
  ctx: HubContext,
  pesel: string,
  request: VerificationRequest,
  displaySeconds: number | undefined,
): Promise<PeerSessionResponse> {
  const issues = request.documents.flatMap((doc, i) =>
    !peerDocuments.includes(doc.type)
      ? [
          {
            path: `request.documents.${i}.type`,
            message: `a citizen may not ask about ${doc.type}`,
          },
        ]
      : doc.claims
          .map((claim, j) => ({ claim, j }))
          .filter(({ claim }) => !peerClaims.includes(claim))
          .map(({ claim, j }) => ({
            path: `request.documents.${i}.claims.${j}`,
            message: `a citizen may not ask for ${claim}`,
          })),
  );
  if (issues.length > 0) {
    throw new HubError(
      'forbidden',
      'a citizen may ask only for name, photo, age over 18 and validity',
      {
        issues,
      },
    );
  }
  if (request.retain) throw new HubError('forbidden', 'a citizen may not retain data');
  const person = await ctx.registers.findPerson({ pesel });
  if (!person) throw new HubError('not_found', 'no such citizen in the register');
  const citizenRef = citizenRefOf(ctx, pesel);
  const draft: Session = {
    ...newSession(ctx, {
      flow: 'peer',
      verifier: {
        id: `citizen:${citizenRef.slice(0, 16)}`,
        name: `${person.givenNames.split(' ')[0]} ${person.familyName}`,
        kind: 'citizen',
        verified: false,
        origins: ctx.config.citizenOrigins,
      },
      request,
      displaySeconds: Math.min(displaySeconds ?? 120, 600),
    }),
    ...createPairing(),
    peerOwnerRef: citizenRef,
  };
  const session = await insertSession(ctx, draft);
  const { token } = await ctx.tokens.widget({
    sessionId: session.id,
    verifierId: session.verifier.id,
  });
  return {
    sessionId: session.id,
    widgetToken: token,
    code: session.pairingCode!,
    expiresAt: new Date(session.deadlineAt ?? session.expiresAt).toISOString(),
  };
}
