/**
 * `<mdok-qr-scanner>`: the back camera and the browser's `BarcodeDetector` reading the
 * verifier's rotating QR code (P1). Fires `mdok-qr` with the first `mdok1.` payload it sees, at
 * once (a payload is good for only a few seconds), or `mdok-scan-failed` (`denied` / `failed`)
 * when there is no camera. The camera stops when the element leaves the page or the page is
 * hidden. Only offered where the browser has `BarcodeDetector`.
 */
import { LitElement, css, html, nothing } from 'lit';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorCtor = new (options?: { formats?: string[] }) => BarcodeDetectorLike;

/** The browser's `BarcodeDetector`, or null where there is none. */
export function barcodeDetector(): BarcodeDetectorCtor | null {
  const ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  return typeof ctor === 'function' && !!navigator.mediaDevices?.getUserMedia ? ctor : null;
}

/** Prefix of the hub's QR payloads (`mdok1.<pairingId>.<t>.<mac>`). */
export const QR_PREFIX = 'mdok1.';
const SCAN_EVERY_MS = 200;

/** `<mdok-qr-scanner>`. */
export class QrScanner extends LitElement {
  static override properties = {
    label: {},
    foreignText: { attribute: false },
    foreign: { state: true },
  };
  static override styles = css`
    :host {
      display: block;
    }
    video {
      display: block;
      width: 100%;
      max-height: 60vh;
      aspect-ratio: 1;
      object-fit: cover;
      background: #1a1a1a;
      border-radius: 12px;
    }
    p {
      margin: 0.5rem 0 0;
      font-weight: 600;
    }
  `;

  /** Accessible name of the camera preview. */
  declare label: string;
  /** Text shown when a QR code that is not ours was seen. */
  declare foreignText: string;
  declare foreign: boolean;
  private stream: MediaStream | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private done = false;

  constructor() {
    super();
    this.label = '';
    this.foreignText = '';
    this.foreign = false;
  }

  private readonly onVisibility = () => {
    if (document.visibilityState === 'hidden') {
      this.stop();
      this.dispatchEvent(new CustomEvent('mdok-scan-closed', { bubbles: true, composed: true }));
    }
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.done = false;
    document.addEventListener('visibilitychange', this.onVisibility);
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.stop();
  }

  private fail(reason: 'denied' | 'failed'): void {
    this.stop();
    this.dispatchEvent(
      new CustomEvent('mdok-scan-failed', { detail: reason, bubbles: true, composed: true }),
    );
  }

  private async start(): Promise<void> {
    const Detector = barcodeDetector();
    if (!Detector) return this.fail('failed');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'environment' },
        audio: false,
      });
    } catch (error) {
      const name = (error as { name?: string }).name;
      return this.fail(
        name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'failed',
      );
    }
    if (!this.isConnected || this.done) {
      stream.getTracks().forEach((track) => track.stop());
      return;
    }
    this.stream = stream;
    await this.updateComplete;
    const video = this.renderRoot.querySelector('video');
    if (!video) return this.fail('failed');
    video.srcObject = stream;
    await video.play().catch(() => undefined);
    const detector = new Detector({ formats: ['qr_code'] });
    const tick = async () => {
      if (this.done) return;
      try {
        const codes = await detector.detect(video);
        const ours = codes.find((c) => c.rawValue.startsWith(QR_PREFIX));
        if (ours) {
          this.stop();
          this.dispatchEvent(
            new CustomEvent('mdok-qr', { detail: ours.rawValue, bubbles: true, composed: true }),
          );
          return;
        }
        this.foreign = codes.length > 0;
      } catch {
        // A frame the detector could not read (camera warming up): try the next one.
      }
      if (!this.done) this.timer = setTimeout(tick, SCAN_EVERY_MS);
    };
    void tick();
  }

  /** Stops the camera and the detection loop. */
  stop(): void {
    this.done = true;
    clearTimeout(this.timer);
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = null;
  }

  override render() {
    return html`<video muted playsinline aria-label=${this.label}></video>
      <p role="status">${this.foreign ? this.foreignText : nothing}</p>`;
  }
}

customElements.define('mdok-qr-scanner', QrScanner);
