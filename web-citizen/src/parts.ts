/**
 * Small template parts every screen uses. An error slot stays in the page even when empty, so
 * that a screen reader hears the message the moment it appears (`role="alert"` for errors that
 * answer an action; field errors are read through the field's `aria-describedby` instead).
 */
import { html, nothing } from 'lit';

/** An error slot with `id` (also its `data-testid`); `live` makes it an alert. */
export function errorSlot(text: string | null | undefined, id: string, live = true) {
  return html`<div class="slot" id=${id} data-testid=${id} role=${live ? 'alert' : nothing}>
    ${text ? html`<p class="error">${text}</p>` : nothing}
  </div>`;
}
