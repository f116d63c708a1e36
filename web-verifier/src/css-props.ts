/**
 * An element directive that sets CSS custom properties through the CSSOM
 * (`element.style.setProperty`), never through a `style="…"` attribute: a strict Content
 * Security Policy (`style-src` without `'unsafe-inline'`) blocks style attributes, including
 * the one Lit's `styleMap` writes on its first render, but not the CSSOM. Use it as
 * `<span ${cssProps({ '--share': '40%' })}>`; the stylesheet reads the property.
 */
import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

/** Custom properties by name (`--…`); null removes one. */
export type CssProps = Readonly<Record<`--${string}`, string | null>>;

class CssPropsDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssProps() goes on an element');
  }

  override render(_props: CssProps): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [props]: [CssProps]): typeof noChange {
    const { style } = part.element as HTMLElement;
    for (const [name, value] of Object.entries(props)) {
      if (value === null) style.removeProperty(name);
      else if (style.getPropertyValue(name) !== value) style.setProperty(name, value);
    }
    return noChange;
  }
}

/** Sets the given custom properties on the element through the CSSOM (CSP-safe). */
export const cssProps = directive(CssPropsDirective);
