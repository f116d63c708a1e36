/**
 * Entry point of the verifier widget and of the `@mdok/verify` package: defines `<mdok-verify>`
 * (once, even when the script is loaded twice or bundled into another app) and exports the
 * element's public face, its event types and the pure helpers a host app may reuse. Built to
 * one ES module (`dist/web/verifier/mdok-verify.js`, the same file the package ships) and one
 * bundled type declaration that needs neither Lit's nor zod's types.
 */
import type { MdokVerifyConstructor } from './element.types.js';
import { MdokVerify as MdokVerifyClass } from './mdok-verify.js';

/** The element's class (`customElements.get('mdok-verify')`), typed by its public face. */
export const MdokVerify: MdokVerifyConstructor = MdokVerifyClass;
export type { MdokVerifyElement, MdokVerifyConstructor } from './element.types.js';
export { mdokEvents } from './events.js';
export type {
  MdokEventMap,
  MdokStateDetail,
  MdokVerifiedDetail,
  MdokExpiredDetail,
  MdokErrorDetail,
  MdokLanguageDetail,
  MdokCommand,
  WipeReason,
} from './events.js';
export type { AnyErrorCode, Lang } from './i18n.js';
export type { JwsFailure, JwsResult, JwkSet, VerifyOptions } from './jws.js';
export { verifyPresentation, jwksUrl, PRESENTATION_TYP } from './jws.js';
export { qrSvg } from './qr.js';

/** The tag name of the widget. */
export const MDOK_VERIFY_TAG = 'mdok-verify';

if (typeof customElements !== 'undefined' && !customElements.get(MDOK_VERIFY_TAG)) {
  customElements.define(MDOK_VERIFY_TAG, MdokVerifyClass);
}
