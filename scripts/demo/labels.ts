/**
 * Plain-language rendering for the demo: requested claims as the citizen reads them (Polish,
 * English in brackets, from `contracts/documents.ts`), delivered claim values as the clerk's
 * screen shows them, with the portrait abbreviated.
 */
import {
  claimLabels,
  documentLabels,
  statusLabels,
  type Claim,
  type DocumentStatus,
  type DocumentType,
  type Label,
  type PresentedClaims,
  type RequesterKind,
  type VerificationRequest,
} from '../../contracts/index.js';
import { wrapList } from './timeline.js';

/** `Polski (English)`. */
export function both(label: Label): string {
  return `${label.pl} (${label.en})`;
}

const kindLabels: Readonly<Record<RequesterKind, string>> = {
  public_office: 'urząd',
  police: 'policja',
  bank: 'bank',
  post: 'poczta',
  telecom: 'operator telekomunikacyjny',
  library: 'biblioteka',
  business: 'firma',
  citizen: 'osoba prywatna',
};

/** The kind of a requester, in Polish. */
export function kindLabel(kind: RequesterKind): string {
  return kindLabels[kind];
}

/** The label of a claim in both languages (the raw name when unknown). */
export function claimLabel(claim: string): string {
  const label = (claimLabels as Record<string, Label | undefined>)[claim];
  return label ? both(label) : claim;
}

/** Detail lines of a request as the citizen reads it: each document, then its claims. */
export function requestLines(request: VerificationRequest): string[] {
  return request.documents.flatMap((doc) => [
    `${both(documentLabels[doc.type])}:`,
    ...wrapList(doc.claims.map(claimLabel), 86).map((line) => `    ${line}`),
  ]);
}

/** The request as the backend sends it: document types and raw claim names. */
export function rawRequestLines(request: VerificationRequest): string[] {
  return request.documents.map((doc) => `${doc.type}: ${doc.claims.join(', ')}`);
}

/** A claim value for the screen; the portrait becomes `[portrait SVG, N KB]`. */
export function showValue(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'tak (yes)' : 'nie (no)';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'string' && value.startsWith('data:image/')) {
    const [head = '', data = ''] = value.split(',');
    const bytes = head.endsWith(';base64') ? Buffer.from(data, 'base64').length : data.length;
    const format = head.includes('svg') ? 'SVG' : head.slice(11).split(/[;+]/)[0]!.toUpperCase();
    return `[portrait ${format}, ${(bytes / 1024).toFixed(1)} KB]`;
  }
  return String(value);
}

/** Detail lines of delivered claims: per document its status, then `Label: value` per claim. */
export function claimLines(claims: PresentedClaims): string[] {
  const lines: string[] = [];
  for (const [type, values] of Object.entries(claims)) {
    const { status, ...rest } = values ?? {};
    const statusText = both(statusLabels[status as DocumentStatus]);
    lines.push(`${both(documentLabels[type as DocumentType])} — status: ${statusText}`);
    for (const [claim, value] of Object.entries(rest)) {
      lines.push(`    ${claimLabel(claim as Claim)}: ${showValue(value)}`);
    }
  }
  return lines;
}

/** How many claims (document statuses left out) a delivery carries. */
export function claimCount(claims: PresentedClaims): number {
  return Object.values(claims).reduce((n, doc) => n + Object.keys(doc ?? {}).length - 1, 0);
}

/** A wall-clock time `HH:MM:SS` of an ISO instant. */
export function clockTime(iso: string): string {
  return new Date(iso).toTimeString().slice(0, 8);
}

/** Seconds from now until an ISO instant, rounded. */
export function secondsUntil(iso: string): number {
  return Math.max(0, Math.round((Date.parse(iso) - Date.now()) / 1000));
}
