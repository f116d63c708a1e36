/**
 * Entry point of the verifier widget: defines `<mdok-verify>` (once, even when the script is
 * loaded twice or bundled into another app) and exports the element, its event types and the
 * pure helpers a host app may reuse. Built to `dist/web/verifier/mdok-verify.js`.
 */
import { MdokVerify } from './mdok-verify.js';

export { MdokVerify };
export { mdokEvents } from './events.js';
export type {
  MdokEventMap,
  MdokStateDetail,
  MdokVerifiedDetail,
  MdokExpiredDetail,
  MdokErrorDetail,
  MdokCommand,
  WipeReason,
} from './events.js';
export type { AnyErrorCode, WidgetErrorCode, Lang } from './i18n.js';
export type { JwsFailure } from './jws.js';
export { verifyPresentation, jwksLookup } from './jws.js';
export { qrSvg } from './qr.js';

/** The tag name of the widget. */
export const MDOK_VERIFY_TAG = 'mdok-verify';

if (typeof customElements !== 'undefined' && !customElements.get(MDOK_VERIFY_TAG)) {
  customElements.define(MDOK_VERIFY_TAG, MdokVerify);
}
