/**
 * The decision (D1): who asks (name, kind in words, branch, verified institution or not),
 * what for, each claim in plain language grouped by document, whether they keep a copy, and the
 * time left. F2 needs the 2-digit match number from the clerk's screen (P5) before approving.
 * Approve and reject are the same size and weight: no nudging.
 */
import { css, html, nothing } from 'lit';
import { live } from 'lit/directives/live.js';
import type { RequestIncomingEvent } from '../../../contracts/events.js';
import { msUntil } from '../clock.js';
import {
  digitsOnly,
  formatTimeLeft,
  groupRequestedClaims,
  kindLabel,
  retentionText,
} from '../format.js';
import { sharedStyles } from '../styles.js';
import { errorSlot } from '../parts.js';
import { Screen } from './screen.js';

/** Seconds left at which the time is announced to screen readers. */
const ANNOUNCE_AT = [60, 15];

/** `<mdok-review-screen>`. */
export class ReviewScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    request: { attribute: false },
    msLeft: { state: true },
    match: { state: true },
    busy: { state: true },
    problem: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      .who-name {
        font-size: 1.3rem;
        font-weight: 700;
        margin: 0;
      }
      h3 {
        font-size: 1rem;
        margin: 0.75rem 0 0.25rem;
      }
      .claims {
        margin: 0;
        padding-left: 1.25rem;
      }
      .claims li {
        padding: 0.15rem 0;
      }
      .timer {
        font-size: 1.25rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .decide {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 0.75rem;
      }
      .decide button {
        min-height: 60px;
      }
      .kind::first-letter {
        text-transform: uppercase;
      }
      .time-left {
        margin: 0 0 1rem;
      }
      .match input {
        max-width: 8rem;
      }
    `,
  ];

  declare request: RequestIncomingEvent | null;
  declare msLeft: number;
  declare match: string;
  declare busy: 'approve' | 'reject' | null;
  declare problem: string | null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private announced = new Set<number>();

  constructor() {
    super();
    this.request = null;
    this.msLeft = 0;
    this.match = '';
    this.busy = null;
    this.problem = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.tick();
    this.timer = setInterval(() => this.tick(), 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.timer);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const before = changed.get('request') as RequestIncomingEvent | null | undefined;
    if (changed.has('request') && before?.sessionId !== this.request?.sessionId) {
      this.match = '';
      this.problem = null;
      this.announced.clear();
      this.tick();
    }
  }

  private tick(): void {
    if (!this.request) return;
    this.msLeft = Math.max(0, msUntil(this.request.expiresAt));
    const seconds = Math.ceil(this.msLeft / 1000);
    for (const at of ANNOUNCE_AT) {
      if (seconds <= at && seconds > 0 && !this.announced.has(at)) {
        this.announced.add(at);
        // Announce only when crossing a mark, not when a request arrives with less left.
        if (seconds > at - 3) this.shell.announce(this.t('review.secondsLeft', { n: at }));
      }
    }
  }

  private async decide(approve: boolean): Promise<void> {
    const request = this.request;
    if (!request || this.busy || this.msLeft <= 0) return;
    this.problem = null;
    if (approve && request.matchRequired && this.match.length !== 2) {
      this.problem = this.t('review.matchRequired');
      this.renderRoot.querySelector<HTMLInputElement>('#match')?.focus();
      return;
    }
    this.busy = approve ? 'approve' : 'reject';
    const error = approve
      ? await this.shell.approve(request.matchRequired ? this.match : undefined)
      : await this.shell.reject();
    this.busy = null;
    if (error && this.request?.sessionId === request.sessionId) {
      this.problem = this.shell.errorText(error, request.matchRequired ? 'match' : 'general');
    }
  }

  override render() {
    const request = this.request;
    if (!request) {
      return html`<h1 tabindex="-1">${this.t('review.title')}</h1>
        <p>${this.t('review.none')}</p>`;
    }
    const { verifier } = request;
    const over = this.msLeft <= 0;
    const blocked = over || this.busy !== null;
    // F3: the citizen reads the SMS code to the clerk; the phone may only refuse.
    const smsCode = request.flow === 'otp';
    return html`
      <div data-testid="review">
        <h1 tabindex="-1">${this.t('review.title')}</h1>
        <p class="time-left">
          ${this.t('review.timeLeft')}:
          <span class="timer" role="timer" data-testid="review-time-left"
            >${formatTimeLeft(this.msLeft)}</span
          >
        </p>
        ${over ? html`<p class="error">${this.t('review.timeUp')}</p>` : nothing}
        <section class="card" aria-labelledby="who">
          <h2 id="who">${this.t('review.who')}</h2>
          <p class="who-name" data-testid="review-verifier-name">${verifier.name}</p>
          <p class="kind" data-testid="review-verifier-kind">
            ${kindLabel(verifier.kind, this.lang)}
          </p>
          ${
            verifier.branch
              ? html`<p>${this.t('review.branch', { branch: verifier.branch })}</p>`
              : nothing
          }
          ${
            verifier.verified
              ? html`<p class="badge ok" data-testid="review-verified-badge">
                  <span aria-hidden="true">✓</span>${this.t('review.verified')}
                </p>`
              : html`<p class="badge warn" data-testid="review-unverified-warning">
                    <span aria-hidden="true">⚠</span>${
                      verifier.kind === 'citizen'
                        ? this.t('review.unverifiedCitizen')
                        : this.t('review.unverified')
                    }
                  </p>
                  ${
                    verifier.kind === 'citizen'
                      ? html`<p class="hint">${this.t('review.unverifiedCitizenHint')}</p>`
                      : nothing
                  }`
          }
        </section>
        <section class="card" aria-labelledby="purpose">
          <h2 id="purpose">${this.t('review.purpose')}</h2>
          <p data-testid="review-purpose">${request.request.purpose}</p>
        </section>
        <section class="card" aria-labelledby="claims">
          <h2 id="claims">${this.t('review.claims')}</h2>
          ${groupRequestedClaims(request.request.documents, this.lang).map(
            (group) =>
              html`<h3>${group.title}</h3>
                <ul class="claims">
                  ${group.claims.map(
                    (c) =>
                      html`<li data-testid="review-claim-${group.type}-${c.claim}">${c.label}</li>`,
                  )}
                </ul>`,
          )}
          <p class="hint">${this.t('review.source')}</p>
        </section>
        <section class="card" aria-labelledby="retention">
          <h2 id="retention">${this.t('review.retention')}</h2>
          <p data-testid="review-retention">${retentionText(request, this.lang)}</p>
        </section>
        ${request.matchRequired ? this.renderMatch() : nothing}
        ${
          smsCode
            ? html`<p class="card" data-testid="review-sms-notice">
                ${this.t('review.smsNotice')}
              </p>`
            : nothing
        }
        ${errorSlot(this.problem, 'decide-error')}
        <h2 id="question">${smsCode ? this.t('review.smsQuestion') : this.t('review.question')}</h2>
        <div class="decide" role="group" aria-labelledby="question">
          ${
            smsCode
              ? nothing
              : html`<button
                  class="secondary"
                  data-testid="approve"
                  aria-disabled=${String(blocked)}
                  @click=${() => this.decide(true)}
                >
                  <span aria-hidden="true">✓</span>
                  ${this.busy === 'approve' ? this.t('review.approving') : this.t('review.approve')}
                </button>`
          }
          <button
            class="secondary"
            data-testid="reject"
            aria-disabled=${String(blocked)}
            @click=${() => this.decide(false)}
          >
            <span aria-hidden="true">✕</span>
            ${this.busy === 'reject' ? this.t('review.rejecting') : this.t('review.reject')}
          </button>
        </div>
      </div>
    `;
  }

  private renderMatch() {
    return html`<div class="card match">
      <label for="match">${this.t('review.match')}</label>
      <input
        id="match"
        class="digits"
        type="text"
        inputmode="numeric"
        autocomplete="off"
        maxlength="2"
        data-testid="match-input"
        aria-describedby="match-hint decide-error"
        aria-invalid=${this.problem ? 'true' : 'false'}
        .value=${live(this.match)}
        @input=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          this.match = digitsOnly(input.value).slice(0, 2);
          input.value = this.match;
        }}
        @keydown=${(e: KeyboardEvent) => {
          if (e.key === 'Enter') void this.decide(true);
        }}
      />
      <p class="hint" id="match-hint">${this.t('review.matchHint')}</p>
    </div>`;
  }
}

customElements.define('mdok-review-screen', ReviewScreen);
