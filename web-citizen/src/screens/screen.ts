/**
 * The base of every screen: the shell and the language as properties (a language switch
 * re-renders), the shared styles, `t()`, and focusing the heading when the screen opens so that
 * keyboard and screen-reader users start at its top.
 */
import { LitElement } from 'lit';
import type { Lang, MessageKey, Params } from '../i18n.js';
import type { Shell } from '../shell.js';
import { sharedStyles } from '../styles.js';

/** A screen of the citizen app. */
export class Screen extends LitElement {
  static override properties = {
    shell: { attribute: false },
    lang: {},
  };
  static override styles = [sharedStyles];

  declare shell: Shell;
  declare lang: Lang;

  constructor() {
    super();
    this.lang = 'pl';
  }

  /** A string in the current language. */
  protected t(key: MessageKey, params?: Params): string {
    return this.shell.t(key, params);
  }

  /** Moves focus to the screen's heading (called by the app on navigation). */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h1')?.focus();
  }
}
