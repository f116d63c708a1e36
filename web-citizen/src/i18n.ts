/**
 * Languages of the citizen app: Polish (the default) and English. `t()` looks a key up in the
 * string tables of `messages/` and fills `{placeholders}`; document and claim names come from
 * `contracts/documents.ts`, so the citizen reads the same words the verifier's widget shows.
 */
import {
  claimLabels,
  documentLabels,
  type Claim,
  type DocumentType,
  type Lang,
} from '../../contracts/documents.js';
import { en } from './messages/en.js';
import { pl, type MessageKey } from './messages/pl.js';

export type { Lang, MessageKey };

/** The languages, the default first. */
export const langs = ['pl', 'en'] as const satisfies readonly Lang[];

/** The string tables by language. */
export const messages: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { pl, en };

/** Values for `{placeholders}`. */
export type Params = Readonly<Record<string, string | number>>;

/** Whether `key` is a key of the string tables (for keys built at run time). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(pl, key);
}

/** The string for `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Lang, key: MessageKey, params?: Params): string {
  const text = messages[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** `lang` when it is one of ours, otherwise Polish. */
export function toLang(value: unknown): Lang {
  return value === 'en' ? 'en' : 'pl';
}

/** The plain-language name of a document type; unknown types are shown as they are. */
export function documentLabel(type: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(documentLabels, type)
    ? documentLabels[type as DocumentType][lang]
    : type;
}

/** The plain-language name of a claim; unknown claims are shown as they are. */
export function claimLabel(claim: string, lang: Lang): string {
  return Object.prototype.hasOwnProperty.call(claimLabels, claim)
    ? claimLabels[claim as Claim][lang]
    : claim;
}

/** The BCP 47 locale used for dates and numbers. */
export function localeOf(lang: Lang): string {
  return lang === 'pl' ? 'pl-PL' : 'en-GB';
}
