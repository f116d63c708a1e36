/**
 * The data card: the portrait and name the clerk compares with the person at the counter, the
 * hub-signature badge (D4), then each document with its status (valid / expired / suspended /
 * revoked / not in the register: a banner with an icon and a word, loud when not valid) and its
 * claims in plain language, with the display countdown (E1). Templates only; the element drops
 * the whole card (and the data behind it) when the countdown ends. Images are shown through
 * object URLs the element makes and revokes (image-urls.ts), never as `data:` URLs.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { claimsByDocument, documentTypes } from '../../contracts/documents.js';
import type { DocumentStatus, DocumentType, Lang } from '../../contracts/documents.js';
import {
  formatClaim,
  isDocumentStatus,
  isInlineImage,
  statusIcon,
  statusTone,
  type FormattedValue,
} from './format.js';
import { claimLabel, documentLabel, statusLabel, t } from './i18n.js';
import type { ImageUrl } from './image-urls.js';
import type { ShownData, SignatureState } from './session-model.js';

type Doc = Record<string, unknown>;

/** The delivered documents in the contracts' order, each with its status. */
export function orderedDocuments(
  claims: ShownData['claims'],
): { type: DocumentType; doc: Doc; status: DocumentStatus }[] {
  return documentTypes.flatMap((type) => {
    const doc = claims[type] as Doc | undefined;
    if (!doc) return [];
    const status = isDocumentStatus(doc.status) ? doc.status : 'missing';
    return [{ type, doc, status }];
  });
}

/** The claim names of a document in the contracts' order; unknown names after them. */
export function orderedClaims(type: DocumentType, doc: Doc): string[] {
  const known = (claimsByDocument[type] as readonly string[]).filter((c) => c in doc);
  const extra = Object.keys(doc).filter((c) => c !== 'status' && !known.includes(c));
  return [...known, ...extra];
}

/** Portrait and full name: from the first document that has them. */
export function personOf(claims: ShownData['claims']): { photo: string | null; name: string } {
  let photo: string | null = null;
  let name = '';
  for (const { doc } of orderedDocuments(claims)) {
    if (!photo && isInlineImage(doc.photo)) photo = doc.photo;
    if (!name) {
      const full = [doc.given_names, doc.family_name].filter((v) => typeof v === 'string');
      const holder = doc.owner_name ?? doc.holder_name;
      if (full.length > 0) name = full.join(' ');
      else if (typeof holder === 'string') name = holder;
    }
  }
  return { photo, name };
}

function signatureBadge(state: SignatureState, lang: Lang): TemplateResult {
  const s = t(lang);
  const tone = state === 'valid' ? 'tone-ok' : state === 'pending' ? '' : 'tone-danger';
  const icon = state === 'valid' ? '✓' : state === 'pending' ? '…' : '!';
  return html`<div
    class="badge ${tone}"
    part="signature"
    data-testid="signature"
    data-signature=${state}
  >
    <span class="icon" aria-hidden="true">${icon}</span>
    <div>
      <span>${s.signature[state]}</span>
      ${
        state === 'invalid' || state === 'unavailable'
          ? html`<p>${s.signatureHint[state]}</p>`
          : nothing
      }
    </div>
  </div>`;
}

function valueView(value: FormattedValue, alt: string, images: ImageUrl): TemplateResult | string {
  switch (value.kind) {
    case 'image': {
      const src = images(value.src);
      return src ? html`<img src=${src} alt=${alt} part="photo" />` : '—';
    }
    case 'flag':
      return html`<span class=${value.value ? 'flag-true' : 'flag-false'}
        ><span aria-hidden="true">${value.value ? '✓ ' : '✕ '}</span>${value.text}</span
      >`;
    case 'list':
    case 'text':
      return value.text;
  }
}

function documentView(
  type: DocumentType,
  doc: Doc,
  status: DocumentStatus,
  images: ImageUrl,
  lang: Lang,
): TemplateResult {
  const s = t(lang);
  const tone = statusTone(status);
  const title = documentLabel(type, lang);
  const claims = orderedClaims(type, doc);
  return html`<article
    class="doc tone-${tone}"
    part="document"
    data-testid="document-${type}"
    data-status=${status}
    aria-labelledby="doc-${type}-title"
  >
    <h4 class="doc-title" id="doc-${type}-title">${title}</h4>
    <p
      class="doc-status tone-${tone}"
      part="doc-status doc-status-${status}"
      data-testid="doc-status-${type}"
      data-status=${status}
    >
      <span class="icon" aria-hidden="true">${statusIcon(status)}</span>
      <span
        >${tone === 'danger' ? s.documentWarning + ' — ' : `${s.documentStatus}: `}<strong
          >${statusLabel(status, lang)}</strong
        ></span
      >
    </p>
    ${
      claims.length === 0
        ? nothing
        : html`<dl>
            ${claims.map(
              (claim) =>
                html`<div data-testid="claim-${type}-${claim}" data-claim=${claim}>
                  <dt>${claimLabel(claim, lang)}</dt>
                  <dd>
                    ${valueView(formatClaim(claim, doc[claim], lang), s.photoAlt(title), images)}
                  </dd>
                </div>`,
            )}
          </dl>`
    }
  </article>`;
}

/**
 * The whole card. `countdown` is rendered in its header; `images` turns the portraits' data URLs
 * into object URLs (CSP: no `data:` images).
 */
export function cardView(
  data: ShownData,
  countdown: TemplateResult,
  images: ImageUrl,
  lang: Lang,
): TemplateResult {
  const s = t(lang);
  const person = personOf(data.claims);
  const portrait = person.photo ? images(person.photo) : null;
  return html`<section
    class="card"
    part="card"
    data-testid="data-card"
    data-session=${data.sessionId}
    aria-labelledby="card-title"
  >
    <div class="card-head">
      <h3 class="card-title" id="card-title" tabindex="-1">${s.cardTitle}</h3>
      ${countdown}
    </div>
    ${signatureBadge(data.signature, lang)}
    ${
      portrait || person.name
        ? html`<div class="person">
            ${
              portrait
                ? html`<img
                    class="portrait"
                    part="portrait"
                    data-testid="portrait"
                    src=${portrait}
                    alt=${s.portraitAlt(person.name)}
                  />`
                : nothing
            }
            ${
              person.name
                ? html`<p class="name" part="name" data-testid="person-name">${person.name}</p>`
                : nothing
            }
          </div>`
        : nothing
    }
    ${orderedDocuments(data.claims).map(({ type, doc, status }) =>
      documentView(type, doc, status, images, lang),
    )}
  </section>`;
}
