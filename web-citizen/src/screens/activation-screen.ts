/**
 * Activate the service on this device (A3): the phone number requests are pushed to (prefilled
 * from the person picked at login) and a name for this device (prefilled from the browser, in
 * plain words). The answer's device credential is what the app keeps.
 */
import { html } from 'lit';
import type { AppError } from '../error-text.js';
import { deviceNameFromUserAgent, isPlausiblePhone } from '../format.js';
import { errorSlot } from '../parts.js';
import { Screen } from './screen.js';

/** `<mdok-activation-screen>`. */
export class ActivationScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    phone: { state: true },
    deviceName: { state: true },
    problem: { state: true },
    error: { state: true },
    busy: { state: true },
  };

  declare phone: string | null;
  declare deviceName: string | null;
  declare problem: 'phone' | 'name' | null;
  declare error: AppError | null;
  declare busy: boolean;

  constructor() {
    super();
    this.phone = null;
    this.deviceName = null;
    this.problem = null;
    this.error = null;
    this.busy = false;
  }

  private get phoneValue(): string {
    return this.phone ?? this.shell.citizen?.phone ?? '';
  }

  private get nameValue(): string {
    return this.deviceName ?? deviceNameFromUserAgent(navigator.userAgent, this.lang);
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const phone = this.phoneValue.trim();
    const deviceName = this.nameValue.trim();
    this.error = null;
    this.problem = !isPlausiblePhone(phone) ? 'phone' : !deviceName ? 'name' : null;
    if (this.problem) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>(`#${this.problem}`)?.focus();
      return;
    }
    this.busy = true;
    const result = await this.shell.api.activate(phone, deviceName);
    this.busy = false;
    if (result.ok) this.shell.activated(result.data);
    else this.error = result.error;
  }

  override render() {
    const phoneBad = this.problem === 'phone';
    const nameBad = this.problem === 'name';
    return html`
      <h1 tabindex="-1">${this.t('activate.title')}</h1>
      <p>${this.t('activate.intro')}</p>
      <form class="card stack" novalidate @submit=${this.submit}>
        <div>
          <label for="phone">${this.t('activate.phone')}</label>
          <input
            id="phone"
            type="tel"
            inputmode="tel"
            autocomplete="tel"
            data-testid="activate-phone"
            aria-describedby="phone-hint phone-error"
            aria-invalid=${phoneBad ? 'true' : 'false'}
            .value=${this.phoneValue}
            @input=${(e: Event) => (this.phone = (e.target as HTMLInputElement).value)}
          />
          <p class="hint" id="phone-hint">${this.t('activate.phoneHint')}</p>
          ${errorSlot(phoneBad ? this.t('activate.phoneInvalid') : null, 'phone-error', false)}
        </div>
        <div>
          <label for="name">${this.t('activate.deviceName')}</label>
          <input
            id="name"
            type="text"
            maxlength="80"
            autocomplete="off"
            data-testid="activate-name"
            aria-describedby="name-hint name-error"
            aria-invalid=${nameBad ? 'true' : 'false'}
            .value=${this.nameValue}
            @input=${(e: Event) => (this.deviceName = (e.target as HTMLInputElement).value)}
          />
          <p class="hint" id="name-hint">${this.t('activate.deviceNameHint')}</p>
          ${errorSlot(nameBad ? this.t('activate.nameRequired') : null, 'name-error', false)}
        </div>
        ${errorSlot(this.error && this.shell.errorText(this.error, 'activation'), 'activate-error')}
        <button type="submit" data-testid="activate-submit" aria-disabled=${String(this.busy)}>
          ${this.busy ? this.t('activate.busy') : this.t('activate.submit')}
        </button>
      </form>
      <button class="secondary" data-testid="activate-logout" @click=${() => this.shell.logout()}>
        ${this.t('activate.login')}
      </button>
    `;
  }
}

customElements.define('mdok-activation-screen', ActivationScreen);
