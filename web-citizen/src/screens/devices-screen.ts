/**
 * Devices (A3): every device the service was activated on, this one marked; turn one off (a
 * lost phone) or, after a confirmation step in the page, turn the whole service off. Turning
 * this device off takes the app back to activation.
 */
import { css, html, nothing } from 'lit';
import type { DeviceView } from '../../../contracts/http.js';
import type { AppError } from '../error-text.js';
import { formatDateTime } from '../format.js';
import { sharedStyles } from '../styles.js';
import { errorSlot } from '../parts.js';
import { Screen } from './screen.js';

/** `<mdok-devices-screen>`. */
export class DevicesScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    devices: { state: true },
    error: { state: true },
    busy: { state: true },
    confirming: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      .name {
        font-weight: 700;
        font-size: 1.1rem;
        margin: 0;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: center;
      }
      li[data-active='false'] {
        background: #f3f5f8;
      }
      .confirm {
        border: 3px solid var(--bad-ink);
      }
      .danger-zone {
        margin-top: 1.5rem;
      }
    `,
  ];

  declare devices: DeviceView[] | null;
  declare error: AppError | null;
  /** The device being turned off, `all`, or null. */
  declare busy: string | null;
  declare confirming: boolean;

  constructor() {
    super();
    this.devices = null;
    this.error = null;
    this.busy = null;
    this.confirming = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const result = await this.shell.api.devices();
    if (result.ok) {
      // Active devices first, then the newest.
      this.devices = [...result.data.devices].sort(
        (a, b) => Number(b.active) - Number(a.active) || b.createdAt.localeCompare(a.createdAt),
      );
    } else this.error = result.error;
  }

  private async deactivate(device: DeviceView): Promise<void> {
    if (this.busy) return;
    this.busy = device.deviceId;
    this.error = null;
    const result = await this.shell.api.deactivateDevice(device.deviceId);
    this.busy = null;
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    if (device.deviceId === this.shell.device?.deviceId) {
      this.shell.deviceGone(this.t('devices.thisDeactivated'), true);
      return;
    }
    this.shell.announce(this.t('devices.deactivated', { name: device.name }), 'success');
    await this.load();
  }

  private async deactivateAll(): Promise<void> {
    if (this.busy) return;
    this.busy = 'all';
    this.error = null;
    const result = await this.shell.api.deactivateAll();
    this.busy = null;
    if (!result.ok) {
      this.error = result.error;
      return;
    }
    this.shell.deviceGone(this.t('devices.allDone', { n: result.data.deactivated }), true);
  }

  private async setConfirming(on: boolean): Promise<void> {
    this.confirming = on;
    await this.updateComplete;
    const target = on ? '[data-testid="deactivate-all-confirm"]' : '[data-testid="deactivate-all"]';
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  private renderDevice(device: DeviceView) {
    const mine = device.deviceId === this.shell.device?.deviceId;
    return html`<li data-testid="device-item" data-active=${String(device.active)}>
      <p class="name">${device.name}</p>
      <p class="row">
        ${mine ? html`<span class="badge ok">${this.t('devices.this')}</span>` : nothing}
        <span>
          ${
            device.active
              ? html`<span aria-hidden="true">●</span> ${this.t('devices.active')}`
              : html`<span aria-hidden="true">○</span> ${this.t('devices.inactive', {
                    date: formatDateTime(device.deactivatedAt ?? '', this.lang),
                  })}`
          }
        </span>
      </p>
      <p class="hint">
        ${this.t('devices.added', { date: formatDateTime(device.createdAt, this.lang) })}
      </p>
      ${
        device.active
          ? html`<button
              class="danger"
              data-testid="device-deactivate-${device.deviceId}"
              aria-label=${this.t('devices.deactivateLabel', { name: device.name })}
              aria-disabled=${String(this.busy !== null)}
              @click=${() => this.deactivate(device)}
            >
              ${this.busy === device.deviceId ? this.t('common.loading') : this.t('devices.deactivate')}
            </button>`
          : nothing
      }
    </li>`;
  }

  override render() {
    const devices = this.devices;
    return html`
      <h1 tabindex="-1">${this.t('devices.title')}</h1>
      <p class="hint">${this.t('devices.intro')}</p>
      ${errorSlot(this.error && this.shell.errorText(this.error, 'devices'), 'devices-error')}
      ${
        devices === null && !this.error
          ? html`<p role="status">${this.t('common.loading')}</p>`
          : nothing
      }
      ${devices && devices.length === 0 ? html`<p>${this.t('devices.empty')}</p>` : nothing}
      ${
        devices
          ? html`<ul class="list" data-testid="devices-list" aria-label=${this.t('devices.title')}>
              ${devices.map((d) => this.renderDevice(d))}
            </ul>`
          : nothing
      }
      <div class="danger-zone">
        ${
          this.confirming
            ? html`<div class="card confirm stack" role="group" aria-labelledby="confirm-text">
                <p id="confirm-text"><strong>${this.t('devices.allConfirm')}</strong></p>
                <button
                  class="danger"
                  data-testid="deactivate-all-confirm"
                  aria-disabled=${String(this.busy !== null)}
                  @click=${this.deactivateAll}
                >
                  ${this.busy === 'all' ? this.t('common.loading') : this.t('devices.allYes')}
                </button>
                <button
                  class="secondary"
                  data-testid="deactivate-all-cancel"
                  @click=${() => this.setConfirming(false)}
                >
                  ${this.t('devices.allNo')}
                </button>
              </div>`
            : html`<button
                class="danger"
                data-testid="deactivate-all"
                @click=${() => this.setConfirming(true)}
              >
                ${this.t('devices.all')}
              </button>`
        }
      </div>
    `;
  }
}

customElements.define('mdok-devices-screen', DevicesScreen);
