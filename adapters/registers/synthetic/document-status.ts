/**
 * How a synthetic document's status is decided: a suspension or revocation recorded by the
 * authority wins; otherwise the document is expired once its expiry date is behind the register's
 * `today` (it is still valid on the expiry date itself), and valid before that.
 */
import type { ClaimValue, DocumentType } from '../../../contracts/index.js';
import type { Condition } from './document-plan.js';
import type { RecordedStatus, SourceClaim, SyntheticDocument } from './synthetic-person.js';

/** The status on `today` of a document with this recorded status and expiry date (if any). */
export function statusOn(
  recorded: RecordedStatus,
  expiryDate: string | null,
  today: string,
): SyntheticDocument['status'] {
  if (recorded !== 'valid') return recorded;
  return expiryDate !== null && expiryDate < today ? 'expired' : 'valid';
}

/** A document of `type` generated in `condition`, its status worked out for `today`. */
export function makeDocument<T extends DocumentType>(
  type: T,
  condition: Condition,
  expiryDate: string | null,
  today: string,
  claims: Record<SourceClaim<T>, ClaimValue>,
): SyntheticDocument<T> {
  const recordedStatus: RecordedStatus =
    condition === 'suspended' || condition === 'revoked' ? condition : 'valid';
  const document = {
    type,
    recordedStatus,
    status: statusOn(recordedStatus, expiryDate, today),
    claims,
  };
  // TypeScript cannot resolve the distributive SyntheticDocument<T> for a generic T.
  return document as SyntheticDocument<T>;
}
