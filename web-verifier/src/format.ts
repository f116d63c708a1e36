/**
 * Turns delivered claim values into what the clerk reads: dates as on Polish documents
 * (DD.MM.YYYY) or spelled out in English, flags as Tak/Nie, lists joined, codes such as sex
 * and nationality in words, the portrait as an inline image (only `data:image/…`: the widget
 * never loads a remote picture; the element shows it through an object URL, image-urls.ts). Also the small parsers of what the clerk types. Pure functions.
 */
import type { DocumentStatus, Lang } from '../../contracts/documents.js';
import { documentStatuses } from '../../contracts/documents.js';
import { isValidPesel, normalizePhone } from '../../contracts/identifiers.js';
import { t } from './i18n.js';

/** A claim value as the widget renders it. */
export type FormattedValue =
  | { kind: 'text'; text: string }
  | { kind: 'list'; items: string[]; text: string }
  | { kind: 'image'; src: string }
  | { kind: 'flag'; value: boolean; text: string };

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const enMonths = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `YYYY-MM-DD` → `DD.MM.YYYY` (pl) or `D Month YYYY` (en); other text unchanged. */
export function formatDate(value: string, lang: Lang): string {
  const m = isoDate.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  const month = enMonths[Number(mo) - 1];
  if (lang === 'en' && month) return `${Number(d)} ${month} ${y}`;
  return `${d}.${mo}.${y}`;
}

/** Whether a photo value is an inline image the widget may show. */
export function isInlineImage(value: unknown): value is string {
  return typeof value === 'string' && /^data:image\/(svg\+xml|png|jpeg|webp);base64,/.test(value);
}

/** Formats one claim value for display. */
export function formatClaim(claim: string, value: unknown, lang: Lang): FormattedValue {
  const s = t(lang);
  if (claim === 'photo') {
    return isInlineImage(value) ? { kind: 'image', src: value } : { kind: 'text', text: s.noValue };
  }
  if (typeof value === 'boolean') {
    return { kind: 'flag', value, text: value ? s.yes : s.no };
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => String(v));
    return { kind: 'list', items, text: items.length > 0 ? items.join(', ') : s.noValue };
  }
  if (typeof value === 'number') return { kind: 'text', text: String(value) };
  if (typeof value !== 'string' || value === '') return { kind: 'text', text: s.noValue };
  if (claim === 'sex') return { kind: 'text', text: s.sex[value] ?? value };
  if (claim === 'nationality') return { kind: 'text', text: s.nationality[value] ?? value };
  return { kind: 'text', text: formatDate(value, lang) };
}

/** Whether a value is one of the document statuses. */
export function isDocumentStatus(value: unknown): value is DocumentStatus {
  return typeof value === 'string' && (documentStatuses as readonly string[]).includes(value);
}

/** Visual severity of a document status: only `valid` is fine; never shown by colour alone. */
export function statusTone(status: DocumentStatus): 'ok' | 'danger' | 'warn' {
  if (status === 'valid') return 'ok';
  if (status === 'missing') return 'warn';
  return 'danger';
}

/** The icon that accompanies a status word. */
export function statusIcon(status: DocumentStatus): string {
  const icons: Record<DocumentStatus, string> = {
    valid: '✓',
    expired: '✕',
    suspended: '!',
    revoked: '✕',
    missing: '?',
  };
  return icons[status];
}

/** `m:ss` for a countdown; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** The countdown for a screen reader ("2 min 5 s"; the abbreviations read in both languages). */
export function spokenCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes === 0 ? `${seconds} s` : `${minutes} min ${seconds} s`;
}

/** A pairing code as two halves for reading aloud at the counter (`1234 5678`). */
export function codeGroups(code: string): [string, string] {
  const half = Math.ceil(code.length / 2);
  return [code.slice(0, half), code.slice(half)];
}

/**
 * Reads what the clerk typed as the citizen: a PESEL (the contracts' check: 11 digits, a real
 * birth date, the check digit) or a phone number (normalised as the hub does: a bare 9-digit
 * Polish number gets +48, `00` becomes `+`); null when it is neither.
 */
export function parseSubject(raw: string): { pesel: string } | { phone: string } | null {
  const compact = raw.replace(/[\s\-().]/g, '');
  if (/^\d{11}$/.test(compact)) return isValidPesel(compact) ? { pesel: compact } : null;
  const phone = normalizePhone(compact);
  return /^\+[1-9]\d{7,14}$/.test(phone) ? { phone } : null;
}

/** Reads a typed SMS code: `OTP_LENGTH` digits, spaces allowed; null otherwise. */
export function parseOtp(raw: string): string | null {
  const compact = raw.replace(/\s/g, '');
  return /^\d{6}$/.test(compact) ? compact : null;
}
