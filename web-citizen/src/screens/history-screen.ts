/**
 * History (H3): who checked which of the citizen's data, when, how and with what outcome, newest
 * first. Lookups without consent (F5, police) stand out and name their legal basis. Fetched a
 * page at a time ("show older" asks for the next) each time the screen opens, and kept only in
 * this element's memory.
 */
import { css, html, nothing } from 'lit';
import type { AppError } from '../error-text.js';
import { claimGroupLine, historyView, type HistoryView } from '../format.js';
import type { HistoryEntry } from '../../../contracts/http.js';
import { sharedStyles } from '../styles.js';
import { errorSlot } from '../parts.js';
import { Screen } from './screen.js';

/** `<mdok-history-screen>`. */
export class HistoryScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    entries: { state: true },
    next: { state: true },
    error: { state: true },
    loading: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      .who {
        font-weight: 700;
        font-size: 1.1rem;
        margin: 0;
      }
      dl {
        margin: 0.5rem 0 0;
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 0.75rem;
      }
      dt {
        color: var(--muted);
      }
      dd {
        margin: 0;
      }
      li.privileged {
        border: 3px solid var(--bad-ink);
      }
      .notice {
        background: var(--bad-bg);
        color: var(--bad-ink);
        font-weight: 700;
        padding: 0.5rem 0.75rem;
        border-radius: 6px;
        margin: 0 0 0.5rem;
      }
      .toolbar {
        margin-bottom: 1rem;
      }
      .more {
        margin-top: 1rem;
      }
    `,
  ];

  declare entries: HistoryEntry[] | null;
  /** The cursor of the older entries; null when there are none (or nothing is loaded). */
  declare next: string | null;
  declare error: AppError | null;
  declare loading: boolean;

  constructor() {
    super();
    this.entries = null;
    this.next = null;
    this.error = null;
    this.loading = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Nothing of the history outlives the screen.
    this.entries = null;
    this.next = null;
  }

  /** Loads the newest page again (`more`: the page after the ones shown, appended). */
  private async load(more = false): Promise<void> {
    if (this.loading) return;
    const before = more ? this.next : null;
    if (more && before === null) return;
    this.loading = true;
    this.error = null;
    const result = await this.shell.api.history(before ?? undefined);
    this.loading = false;
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    const { entries, next } = result.data;
    this.entries = more ? [...(this.entries ?? []), ...entries] : entries;
    this.next = next ?? null;
  }

  private renderEntry(view: HistoryView) {
    return html`<li
      data-testid="history-item"
      data-flow=${view.flow}
      data-outcome=${view.outcomeCode}
      class=${view.privileged ? 'privileged' : ''}
    >
      ${
        view.notice
          ? html`<p class="notice" data-testid="history-privileged">
              <span aria-hidden="true">⚠ </span>${view.notice}
            </p>`
          : nothing
      }
      <p class="who">${view.who}</p>
      <p class="hint">${view.kind}${view.branch ? ` — ${view.branch}` : ''}</p>
      <dl>
        <dt>${this.t('history.when')}</dt>
        <dd>${view.when}</dd>
        <dt>${this.t('history.how')}</dt>
        <dd>${view.how}</dd>
        <dt>${this.t('history.what')}</dt>
        <dd>${view.groups.map((g) => html`<div>${claimGroupLine(g)}</div>`)}</dd>
        <dt>${this.t('history.outcome')}</dt>
        <dd><strong>${view.outcome}</strong></dd>
      </dl>
    </li>`;
  }

  override render() {
    const entries = this.entries;
    return html`
      <h1 tabindex="-1">${this.t('history.title')}</h1>
      <p class="hint">${this.t('history.intro')}</p>
      <div class="toolbar">
        <button class="secondary" aria-disabled=${String(this.loading)} @click=${() => this.load()}>
          ${this.loading ? this.t('common.loading') : this.t('common.refresh')}
        </button>
      </div>
      ${errorSlot(this.error && this.shell.errorText(this.error, 'history'), 'history-error')}
      ${entries && entries.length === 0 ? html`<p>${this.t('history.empty')}</p>` : nothing}
      ${
        entries
          ? html`<ul class="list" data-testid="history-list" aria-label=${this.t('history.title')}>
              ${entries.map((e) => this.renderEntry(historyView(e, this.lang)))}
            </ul>`
          : nothing
      }
      ${
        entries && this.next !== null
          ? html`<div class="more">
              <button
                class="secondary"
                data-testid="history-older"
                aria-disabled=${String(this.loading)}
                @click=${() => this.load(true)}
              >
                ${this.loading ? this.t('common.loading') : this.t('history.older')}
              </button>
            </div>`
          : nothing
      }
    `;
  }
}

customElements.define('mdok-history-screen', HistoryScreen);
