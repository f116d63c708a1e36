/**
 * The widget's look. Every colour, the font, the radius and the QR size come from CSS custom
 * properties (`--mdok-*`) with defaults chosen for a contrast of at least 4.5:1 on white; the
 * host page restyles through them and through `::part(...)`. Statuses always pair a colour with
 * an icon and a word, and focus is always visible.
 */
import { css } from 'lit';

/** Styles of `<mdok-verify>`. */
export const styles = css`
  :host {
    --_bg: var(--mdok-bg, #ffffff);
    --_fg: var(--mdok-fg, #1b1b1f);
    --_muted: var(--mdok-muted, #4b5563);
    --_border: var(--mdok-border, #6b7280);
    --_accent: var(--mdok-accent, #0b4ea2);
    --_accent-fg: var(--mdok-accent-fg, #ffffff);
    --_ok: var(--mdok-ok, #146c2e);
    --_ok-bg: var(--mdok-ok-bg, #e7f4ea);
    --_warn: var(--mdok-warn, #8a4600);
    --_warn-bg: var(--mdok-warn-bg, #fff3e0);
    --_danger: var(--mdok-danger, #b3261e);
    --_danger-bg: var(--mdok-danger-bg, #fce8e6);
    --_focus: var(--mdok-focus, #0b4ea2);
    --_radius: var(--mdok-radius, 8px);
    --_qr: var(--mdok-qr-size, 224px);
    display: block;
    max-width: var(--mdok-max-width, 560px);
    font-family: var(--mdok-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--mdok-font-size, 16px);
    line-height: 1.45;
    color: var(--_fg);
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  .panel {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--mdok-padding, 1rem 1.25rem 1.25rem);
  }
  .head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    flex-wrap: wrap;
  }
  .title {
    margin: 0;
    font-size: 1.125rem;
    font-weight: 700;
  }
  .langs {
    display: inline-flex;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .langs button {
    border: 0;
    border-radius: 0;
    min-width: 2.75rem;
    padding: 0.35rem 0.6rem;
    background: var(--_bg);
    color: var(--_fg);
    font-weight: 600;
  }
  .langs button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .status {
    display: flex;
    gap: 0.6rem;
    align-items: flex-start;
    margin: 0.9rem 0;
    padding: 0.7rem 0.85rem;
    border-radius: var(--_radius);
    border-left: 6px solid var(--_accent);
    background: color-mix(in srgb, var(--_accent) 8%, var(--_bg));
    font-weight: 600;
  }
  .status .icon,
  .badge .icon,
  .doc-status .icon {
    flex: none;
    font-weight: 700;
    width: 1.4em;
    text-align: center;
  }
  .tone-ok {
    --_tone: var(--_ok);
    --_tone-bg: var(--_ok-bg);
  }
  .tone-warn {
    --_tone: var(--_warn);
    --_tone-bg: var(--_warn-bg);
  }
  .tone-danger {
    --_tone: var(--_danger);
    --_tone-bg: var(--_danger-bg);
  }
  .status[class*='tone-'] {
    border-left-color: var(--_tone);
    background: var(--_tone-bg);
    color: var(--_fg);
  }
  .pairing {
    display: flex;
    flex-wrap: wrap;
    gap: 1.25rem;
    align-items: center;
  }
  .qr {
    width: var(--_qr);
    height: var(--_qr);
    background: #ffffff;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    flex: none;
  }
  .qr svg {
    display: block;
    width: 100%;
    height: 100%;
  }
  .side {
    flex: 1 1 12rem;
    display: grid;
    gap: 0.75rem;
  }
  .side-countdown {
    display: grid;
    gap: 0.2rem;
    margin-top: 0.5rem;
  }
  .label {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9rem;
    font-weight: 600;
  }
  .code,
  .match {
    margin: 0;
    font-family: var(--mdok-mono-font, ui-monospace, 'SFMono-Regular', Consolas, monospace);
    font-weight: 700;
    letter-spacing: 0.08em;
    font-variant-numeric: tabular-nums;
  }
  .code {
    font-size: 2.25rem;
  }
  .code span + span {
    margin-left: 0.45em;
  }
  .match {
    font-size: 4rem;
    line-height: 1.1;
    color: var(--_accent);
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.9rem;
  }
  .countdown {
    margin: 0;
    font-variant-numeric: tabular-nums;
    font-weight: 700;
    font-size: 1.25rem;
  }
  .bar {
    height: 6px;
    border-radius: 3px;
    background: color-mix(in srgb, var(--_border) 30%, var(--_bg));
    overflow: hidden;
  }
  .bar > span {
    display: block;
    height: 100%;
    /* Set through the CSSOM (css-props.ts): a strict CSP blocks style attributes. */
    width: var(--_share, 100%);
    background: var(--_accent);
  }
  form {
    display: grid;
    gap: 0.5rem;
    margin: 0.5rem 0;
  }
  label {
    font-weight: 600;
  }
  input {
    font: inherit;
    font-size: 1.25rem;
    padding: 0.55rem 0.7rem;
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    color: var(--_fg);
    background: var(--_bg);
    flex: 1 1 10rem;
    min-width: 0;
    max-width: 16rem;
    letter-spacing: 0.04em;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .field-error {
    margin: 0;
    color: var(--_danger);
    font-weight: 600;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
    padding: 0.6rem 1.1rem;
    border: 2px solid var(--_accent);
    background: var(--_accent);
    color: var(--_accent-fg);
    font-weight: 600;
  }
  button.secondary {
    background: var(--_bg);
    color: var(--_accent);
  }
  button[aria-disabled='true'] {
    opacity: 0.65;
    cursor: progress;
  }
  button:focus-visible,
  input:focus-visible,
  [tabindex='-1']:focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    justify-content: flex-end;
    margin-top: 1rem;
  }
  .form-row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: center;
  }
  .alert {
    margin: 0.75rem 0;
    padding: 0.75rem 0.9rem;
    border-radius: var(--_radius);
    border: 2px solid var(--_danger);
    background: var(--_danger-bg);
    font-weight: 600;
  }
  .card {
    display: grid;
    gap: 1rem;
    padding: var(--mdok-card-padding, 1rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
  }
  /* Out of date while offline: the QR fades; the digits stay readable (contrast), struck out. */
  .stale .qr svg {
    opacity: 0.3;
    filter: grayscale(1);
  }
  .stale .code,
  .stale .match {
    color: var(--_muted);
    text-decoration: line-through;
  }
  .stale-mark {
    margin: 0;
    padding: 0.35rem 0.6rem;
    border-radius: var(--_radius);
    border: 2px solid var(--_warn);
    background: var(--_warn-bg);
    color: var(--_fg);
    font-weight: 700;
  }
  .card-head {
    display: flex;
    justify-content: space-between;
    align-items: baseline;
    gap: 0.75rem;
    flex-wrap: wrap;
  }
  .card-title {
    margin: 0;
    font-size: 1.25rem;
  }
  .badge {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
    padding: 0.6rem 0.8rem;
    border-radius: var(--_radius);
    border: 2px solid var(--_tone, var(--_border));
    background: var(--_tone-bg, var(--_bg));
    font-weight: 700;
  }
  .badge p {
    margin: 0.25rem 0 0;
    font-weight: 400;
  }
  .person {
    display: flex;
    gap: 1rem;
    align-items: center;
  }
  .portrait {
    width: 9rem;
    height: 11.5rem;
    object-fit: cover;
    border-radius: var(--_radius);
    border: 1px solid var(--_border);
    background: #ffffff;
  }
  .name {
    margin: 0;
    font-size: 1.5rem;
    font-weight: 700;
  }
  .doc {
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75rem 1rem;
  }
  .doc.tone-danger,
  .doc.tone-warn {
    border: 4px solid var(--_tone);
  }
  .doc-title {
    margin: 0 0 0.5rem;
    font-size: 1.1rem;
  }
  .doc-status {
    display: flex;
    gap: 0.4rem;
    align-items: center;
    margin: 0 0 0.75rem;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius);
    background: var(--_tone-bg);
    border: 2px solid var(--_tone);
    font-size: 1.1rem;
  }
  .doc.tone-danger .doc-status {
    background: var(--_danger);
    color: #ffffff;
    font-size: 1.25rem;
    text-transform: uppercase;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(9rem, max-content) 1fr;
    gap: 0.35rem 1rem;
    margin: 0;
  }
  dl > div {
    display: contents;
  }
  dt {
    color: var(--_muted);
    font-weight: 600;
  }
  dd {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  dd img {
    width: 4.5rem;
    height: 5.75rem;
    object-fit: cover;
    border-radius: 4px;
    border: 1px solid var(--_border);
  }
  .flag-false {
    color: var(--_danger);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: no-preference) {
    .bar > span {
      transition: width 0.9s linear;
    }
  }
  @media (forced-colors: active) {
    .langs button[aria-pressed='true'] {
      outline: 2px solid CanvasText;
    }
    .doc.tone-danger .doc-status {
      border: 3px solid CanvasText;
    }
  }
`;
