/**
 * From a request to the claims that reach the verifier (D2, D3): what a verifier may ask for,
 * what the register is asked for (source claims only), and the derived claims computed here so
 * that, say, `age_over_18` never needs the birth date to leave the hub.
 */
import {
  derivedClaims,
  peselBirthDate,
  type Claim,
  type ClaimPolicy,
  type ClaimValue,
  type DocumentStatus,
  type Issue,
  type PresentedClaims,
  type VerificationRequest,
} from '../../contracts/index.js';
import type { DocumentAsk, RegisterDocument } from '../../adapters/registers/index.js';

const derived: readonly string[] = derivedClaims;

/** Requested claims the policy does not allow, as issues (empty when all are allowed; D3). */
export function policyViolations(request: VerificationRequest, policy: ClaimPolicy): Issue[] {
  const issues: Issue[] = [];
  request.documents.forEach((doc, i) => {
    const allowed: readonly string[] = policy[doc.type] ?? [];
    doc.claims.forEach((claim, j) => {
      if (!allowed.includes(claim)) {
        issues.push({
          path: `request.documents.${i}.claims.${j}`,
          message: `not allowed to ask for ${doc.type}.${claim}`,
        });
      }
    });
  });
  return issues;
}

/** What to ask the register for: each document with its source claims only. */
export function registerAsks(request: VerificationRequest): DocumentAsk[] {
  return request.documents.map((doc) => ({
    type: doc.type,
    claims: doc.claims.filter((claim) => !derived.includes(claim)),
  }));
}

// Built once: constructing an Intl formatter costs more than the rest of a delivery's claims.
const warsawDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' });

/** The last minute asked for and its date: formatting a date costs more than the rest here. */
let lastMinute = Number.NaN;
let lastDate = '';

/**
 * The calendar date (`YYYY-MM-DD`) in Poland at `now`. Poland's offsets are whole hours, so the
 * date is the same all through a minute; it is computed once per minute.
 */
export function polishDate(now: number): string {
  const minute = Math.floor(now / 60_000);
  if (minute !== lastMinute) {
    lastDate = warsawDate.format(new Date(minute * 60_000));
    lastMinute = minute;
  }
  return lastDate;
}

/**
 * Whether someone born on `birthDate` is 18 or older on `today` (both `YYYY-MM-DD`). A 29 February
 * birthday falls on 28 February in common years (Polish Civil Code art. 112).
 */
export function isAdult(birthDate: string, today: string): boolean {
  const year = Number(birthDate.slice(0, 4)) + 18;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDay = birthDate.slice(4) === '-02-29' && !leap ? '-02-28' : birthDate.slice(4);
  return `${String(year).padStart(4, '0')}${monthDay}` <= today;
}

/**
 * The claims delivered for a request: exactly the requested ones per document, plus its
 * `status` (`missing` when the register holds no such document).
 */
export function presentClaims(
  request: VerificationRequest,
  documents: readonly RegisterDocument[],
  pesel: string,
  now: number,
): PresentedClaims {
  const birthDate = peselBirthDate(pesel);
  const today = polishDate(now);
  const out: PresentedClaims = {};
  for (const asked of request.documents) {
    const doc = documents.find((d) => d.type === asked.type);
    const values: Record<string, ClaimValue | DocumentStatus> = {};
    if (!doc) {
      // Nothing is vouched for by a document the register does not hold.
      if (asked.claims.includes('document_valid')) values['document_valid'] = false;
      values['status'] = 'missing';
      out[asked.type] = values;
      continue;
    }
    for (const claim of asked.claims as readonly Claim[]) {
      if (claim === 'age_over_18') {
        if (birthDate) values[claim] = isAdult(birthDate, today);
      } else if (claim === 'document_valid') {
        values[claim] = doc.status === 'valid';
      } else if (doc.claims[claim] !== undefined) {
        values[claim] = doc.claims[claim];
      }
    }
    values['status'] = doc.status;
    out[asked.type] = values;
  }
  return out;
}

/** Requested claim names as `documentType.claim` (for audit and history; never values). */
export function claimNames(request: VerificationRequest): string[] {
  return request.documents.flatMap((doc) => doc.claims.map((claim) => `${doc.type}.${claim}`));
}
