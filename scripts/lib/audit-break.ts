/**
 * Says in words where and how an audit chain is broken (H2), for `npm run audit:verify` and
 * `npm run records:migrate`: given a failed verification and the log, it looks at the event the
 * chain broke at and the one before it, and names the first thing that does not fit — a missing
 * event, a `prevHash` that does not point at its predecessor, fields changed after writing, or a
 * chain rewritten from some point on (only the head it was promised to reach tells that one).
 */
import { GENESIS_HASH, auditHash } from '../../adapters/records/index.js';
import type { AuditLog, AuditVerification } from '../../adapters/records/index.js';

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** One sentence naming the break `verification` reports; '' when the chain is whole. */
export async function explainAuditBreak(
  audit: AuditLog,
  verification: AuditVerification,
): Promise<string> {
  if (verification.ok || verification.brokenAt === undefined) return '';
  const at = verification.brokenAt;
  const around = await audit.range({ fromSeq: Math.max(1, at - 1), limit: 2 });
  const previous = around.find((event) => event.seq === at - 1);
  const event = around.find((event) => event.seq === at);
  if (at > 1 && previous === undefined) {
    return `event ${at - 1} is missing: the chain goes from an earlier event straight to event ${at}`;
  }
  if (event === undefined) {
    return `event ${at} is missing: the log ends at event ${at - 1}, but it had reached event ${at} (the newest events were removed)`;
  }
  const expected = previous?.hash ?? GENESIS_HASH;
  if (event.prevHash !== expected) {
    return `event ${at} does not point at event ${at - 1}: its prevHash ${short(event.prevHash)} is not ${short(expected)} (one of the two was changed, or events were reordered)`;
  }
  if (event.hash !== auditHash(event.prevHash, event)) {
    return `event ${at} was changed after it was written: its fields no longer give its hash ${short(event.hash)}`;
  }
  return `event ${at} is not the event the chain's head recorded: the chain was rewritten (hashes recomputed) up to event ${at}`;
}
