/**
 * The public face of `<mdok-verify>`: what a host page may set and read on the element, without
 * the Lit machinery behind it. The element class implements this interface (a mismatch fails the
 * build), and the package's type declarations describe the element through it alone, so a host
 * app compiles against the widget without Lit's types. `document.createElement('mdok-verify')`
 * and `querySelector('mdok-verify')` are typed through `HTMLElementTagNameMap`; the events
 * through `HTMLElementEventMap` (events.ts).
 */

/** `<mdok-verify>` as a host page sees it. */
export interface MdokVerifyElement extends HTMLElement {
  /**
   * Widget token minted by `POST /v1/sessions` (required). Setting another one wipes what is
   * shown and starts over; removing it disconnects.
   */
  token: string;
  /** Base URL of the hub; default: the origin the widget's script was loaded from. */
  hub: string;
  /**
   * `pl` or `en` (`en-GB` counts as `en`). Unset: the page's `<html lang>`, else Polish. The
   * widget's own PL/EN switch sets it (and dispatches `mdok-language`).
   */
  lang: string;
  /**
   * The hub's public URL as it signs presentations (`iss`, the hub's `PUBLIC_URL`); default: the
   * hub's origin. Set it only when the hub's public URL differs from the URL the widget uses.
   */
  issuer: string;
}

/** The element's class, as `customElements.get('mdok-verify')` returns it. */
export interface MdokVerifyConstructor {
  new (): MdokVerifyElement;
  readonly prototype: MdokVerifyElement;
}

declare global {
  interface HTMLElementTagNameMap {
    'mdok-verify': MdokVerifyElement;
  }
}
