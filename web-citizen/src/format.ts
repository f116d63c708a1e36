/**
 * Pure helpers that turn wire data into what the citizen reads: requested claims grouped by
 * document with their plain names (D1), history entries (H3), who-is-asking in words, the time
 * left, dates, a device name from the browser's user agent, and the cleaning of typed codes.
 * No DOM, so they are unit-tested in Node.
 */
import type { RequestIncomingEvent } from '../../contracts/events.js';
import type { HistoryEntry } from '../../contracts/http.js';
import type { RequestedDocument } from '../../contracts/requests.js';
import {
  claimLabel,
  documentLabel,
  isMessageKey,
  localeOf,
  t,
  type Lang,
  type MessageKey,
} from './i18n.js';

/** One document and the claims asked of it, with their plain names. */
export interface ClaimGroup {
  type: string;
  title: string;
  claims: { claim: string; label: string }[];
}

/** Groups requested claims by document, in the order they were asked for. */
export function groupRequestedClaims(
  documents: readonly Pick<RequestedDocument, 'type' | 'claims'>[],
  lang: Lang,
): ClaimGroup[] {
  return documents.map((doc) => ({
    type: doc.type,
    title: documentLabel(doc.type, lang),
    claims: doc.claims.map((claim) => ({ claim, label: claimLabel(claim, lang) })),
  }));
}

/** Groups history claim names (`id_card.given_names`) by document, in first-seen order. */
export function groupClaimNames(names: readonly string[], lang: Lang): ClaimGroup[] {
  const byType = new Map<string, string[]>();
  for (const name of names) {
    const dot = name.indexOf('.');
    const type = dot > 0 ? name.slice(0, dot) : '';
    const claim = dot > 0 ? name.slice(dot + 1) : name;
    const list = byType.get(type) ?? [];
    list.push(claim);
    byType.set(type, list);
  }
  return [...byType].map(([type, claims]) => ({
    type,
    title: type ? documentLabel(type, lang) : '',
    claims: claims.map((claim) => ({ claim, label: claimLabel(claim, lang) })),
  }));
}

/** A group as one line: `Dowód osobisty: Imiona, Nazwisko`. */
export function claimGroupLine(group: ClaimGroup): string {
  const labels = group.claims.map((c) => c.label).join(', ');
  return group.title ? `${group.title}: ${labels}` : labels;
}

function lookup(lang: Lang, key: string, fallback: string): string {
  return isMessageKey(key) ? t(lang, key as MessageKey) : fallback;
}

/** Who asks, in words: `urząd`, `bank`, `osoba prywatna`… */
export function kindLabel(kind: string, lang: Lang): string {
  return lookup(lang, `kind.${kind}`, kind);
}

/** How the check was done, in words. */
export function flowLabel(flow: string, lang: Lang): string {
  return lookup(lang, `flow.${flow}`, flow);
}

/** How a session ended, in words. */
export function outcomeLabel(outcome: string, lang: Lang): string {
  return lookup(lang, `outcome.${outcome}`, outcome);
}

/** Why a request the citizen was deciding on went away, in words. */
export function withdrawnText(reason: string, lang: Lang): string {
  return lookup(lang, `withdrawn.${reason}`, t(lang, 'withdrawn.failed'));
}

/** A date and time in the citizen's language, e.g. `5 mar 2026, 14:07`. */
export function formatDateTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(localeOf(lang), {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

/** Milliseconds left as `m:ss` (never negative). */
export function formatTimeLeft(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** One history entry as the citizen reads it. */
export interface HistoryView {
  sessionId: string;
  /** The flow's wire name (`code`, `push`, `privileged`…). */
  flow: string;
  /** The outcome's wire name (`delivered`, `rejected`…). */
  outcomeCode: string;
  when: string;
  who: string;
  kind: string;
  branch: string | undefined;
  how: string;
  outcome: string;
  groups: ClaimGroup[];
  /** F5: a lookup without the citizen's consent, shown prominently. */
  privileged: boolean;
  /** The sentence naming the legal basis of an F5 lookup. */
  notice: string | undefined;
}

/** Formats a history entry (H3); F5 lookups carry the legal-basis notice. */
export function historyView(entry: HistoryEntry, lang: Lang): HistoryView {
  const privileged = entry.flow === 'privileged';
  let notice: string | undefined;
  if (privileged) {
    notice = entry.legalBasis
      ? t(lang, 'history.privileged', { basis: entry.legalBasis })
      : t(lang, 'history.privilegedNoBasis');
  }
  return {
    sessionId: entry.sessionId,
    flow: entry.flow,
    outcomeCode: entry.outcome,
    when: formatDateTime(entry.at, lang),
    // A peer's name is not kept (H1): the kind says who it was.
    who: entry.verifier.name || kindLabel(entry.verifier.kind, lang),
    kind: kindLabel(entry.verifier.kind, lang),
    branch: entry.verifier.branch,
    how: flowLabel(entry.flow, lang),
    outcome: outcomeLabel(entry.outcome, lang),
    groups: groupClaimNames(entry.claims, lang),
    privileged,
    notice,
  };
}

/** A default device name from the user agent, e.g. `Telefon — Chrome/Android`. */
export function deviceNameFromUserAgent(ua: string, lang: Lang): string {
  const os = /Android/i.test(ua)
    ? 'Android'
    : /iPhone|iPad|iPod/i.test(ua)
      ? 'iOS'
      : /Windows/i.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/i.test(ua)
          ? 'macOS'
          : /Linux|X11/i.test(ua)
            ? 'Linux'
            : '';
  const browser = /SamsungBrowser/i.test(ua)
    ? 'Samsung Internet'
    : /Edg\//i.test(ua)
      ? 'Edge'
      : /OPR\/|Opera/i.test(ua)
        ? 'Opera'
        : /Firefox|FxiOS/i.test(ua)
          ? 'Firefox'
          : /Chrome|Chromium|CriOS/i.test(ua)
            ? 'Chrome'
            : /Safari/i.test(ua)
              ? 'Safari'
              : t(lang, 'device.browser');
  const kind = /iPad|Tablet/i.test(ua)
    ? 'device.tablet'
    : /Mobi|Android|iPhone|iPod/i.test(ua)
      ? 'device.phone'
      : 'device.computer';
  return `${t(lang, kind)} — ${os ? `${browser}/${os}` : browser}`.slice(0, 80);
}

/** Digits only: lets people type `123 456` or `123-456`. */
export function digitsOnly(input: string): string {
  return input.replace(/\D/g, '');
}

/** Whether a phone number looks dialable: 9 Polish digits or `+`/`00` and 8–15 digits. */
export function isPlausiblePhone(input: string): boolean {
  const compact = input.replace(/[\s\-()]/g, '');
  return /^\d{9}$/.test(compact) || /^(\+|00)[1-9]\d{7,14}$/.test(compact);
}

/**
 * A display window in words, as the object of "for …": `20 sekund`, `1 minutę`, `2 minuty`;
 * `20 seconds`, `1 minute`. Whole minutes are said in minutes.
 */
export function formatDuration(seconds: number, lang: Lang): string {
  const inMinutes = seconds >= 60 && seconds % 60 === 0;
  const n = inMinutes ? seconds / 60 : seconds;
  if (lang === 'en') return `${n} ${inMinutes ? 'minute' : 'second'}${n === 1 ? '' : 's'}`;
  // Polish accusative: 1 minutę / sekundę; 2–4 (not 12–14) minuty / sekundy; else minut / sekund.
  const few = n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14);
  const forms = inMinutes ? ['minutę', 'minuty', 'minut'] : ['sekundę', 'sekundy', 'sekund'];
  return `${n} ${n === 1 ? forms[0] : few ? forms[1] : forms[2]}`;
}

/**
 * What happens to the data, exactly (D1, E1, E3): how long it stays on the verifier's screen,
 * and what the verifier's system receives — with `retain` the data itself, once; without it
 * only the signed outcome (each document's status, and whether the citizen is 18 or over when
 * that was asked). A citizen verifying a citizen (F4) has no system and never retains.
 */
export function retentionText(
  incoming: Pick<RequestIncomingEvent, 'request' | 'displaySeconds' | 'verifier'>,
  lang: Lang,
): string {
  const duration = formatDuration(incoming.displaySeconds, lang);
  if (incoming.verifier.kind === 'citizen') return t(lang, 'review.retainNoPeer', { duration });
  if (incoming.request.retain) return t(lang, 'review.retainYes', { duration });
  const asksAge = incoming.request.documents.some((doc) => doc.claims.includes('age_over_18'));
  const outcome = [
    t(lang, 'review.outcomeStatus'),
    ...(asksAge ? [t(lang, 'review.outcomeAge')] : []),
  ].join(t(lang, 'review.and'));
  return t(lang, 'review.retainNo', { duration, outcome });
}
