/**
 * Shared look of every screen: mobile first (360 px wide is the design width), big touch targets
 * (at least 48 px), text contrast of at least 4.5:1 (the pairs are noted beside the colours), a
 * focus ring that shows on every background, and meaning never carried by colour alone (badges
 * and errors have words and a sign). One constructed style sheet, shared by all shadow roots.
 */
import { css } from 'lit';

/** Styles every screen adopts. */
export const sharedStyles = css`
  :host {
    display: block;
    /* #1a1a1a on #fff: 17.4:1; #4a5563 on #fff: 7.4:1; #0a4a94 on #fff: 9.1:1. */
    --ink: #1a1a1a;
    --muted: #4a5563;
    --primary: #0a4a94;
    --primary-ink: #ffffff;
    --line: #5b6675;
    --soft-line: #c9d1dc;
    --surface: #ffffff;
    --ok-bg: #e7f4ea;
    --ok-ink: #14532d;
    --warn-bg: #fff4d6;
    --warn-ink: #5c3b00;
    --bad-bg: #fdecec;
    --bad-ink: #8a1116;
    color: var(--ink);
    font-size: 1.0625rem;
    line-height: 1.45;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h1 {
    font-size: 1.5rem;
    line-height: 1.25;
    margin: 0.25rem 0 0.75rem;
  }
  h1:focus,
  h2:focus {
    outline: none;
  }
  h2 {
    font-size: 1.125rem;
    margin: 1.25rem 0 0.5rem;
  }
  p {
    margin: 0.5rem 0;
  }
  .card {
    background: var(--surface);
    border: 1px solid var(--soft-line);
    border-radius: 12px;
    padding: 1rem;
    margin: 0 0 1rem;
  }
  .card > h2:first-child {
    margin-top: 0;
  }
  .slot > .error {
    margin: 0.5rem 0;
  }
  .hint {
    color: var(--muted);
    font-size: 0.95rem;
  }
  .stack > * + * {
    margin-top: 0.75rem;
  }
  label,
  legend {
    display: block;
    font-weight: 600;
    margin: 0 0 0.35rem;
  }
  input[type='text'],
  input[type='tel'],
  input:not([type]) {
    width: 100%;
    min-height: 52px;
    padding: 0.5rem 0.75rem;
    font: inherit;
    font-size: 1.125rem;
    color: var(--ink);
    background: var(--surface);
    border: 2px solid var(--line);
    border-radius: 10px;
  }
  input[aria-invalid='true'] {
    border-color: var(--bad-ink);
    border-width: 3px;
  }
  .digits {
    font-size: 1.75rem;
    letter-spacing: 0.3em;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  button,
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5rem;
    width: 100%;
    min-height: 52px;
    padding: 0.6rem 1rem;
    font: inherit;
    font-weight: 600;
    font-size: 1.0625rem;
    border-radius: 10px;
    border: 2px solid var(--primary);
    background: var(--primary);
    color: var(--primary-ink);
    cursor: pointer;
    text-decoration: none;
    touch-action: manipulation;
  }
  button.secondary {
    background: var(--surface);
    color: var(--primary);
  }
  button.danger {
    background: var(--surface);
    color: var(--bad-ink);
    border-color: var(--bad-ink);
  }
  button[aria-disabled='true'],
  button:disabled {
    opacity: 0.7;
    cursor: progress;
  }
  :focus-visible {
    outline: 3px solid var(--ink);
    outline-offset: 3px;
  }
  .error {
    color: var(--bad-ink);
    background: var(--bad-bg);
    border-left: 5px solid var(--bad-ink);
    padding: 0.5rem 0.75rem;
    border-radius: 6px;
    font-weight: 600;
  }
  .error:empty {
    display: none;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    padding: 0.25rem 0.6rem;
    border-radius: 8px;
    border: 2px solid currentColor;
    font-weight: 700;
  }
  .badge.ok {
    background: var(--ok-bg);
    color: var(--ok-ink);
  }
  .badge.warn {
    background: var(--warn-bg);
    color: var(--warn-ink);
  }
  .list {
    list-style: none;
    padding: 0;
    margin: 0;
  }
  .list > li {
    background: var(--surface);
    border: 1px solid var(--soft-line);
    border-radius: 12px;
    padding: 0.85rem 1rem;
    margin: 0 0 0.75rem;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      transition: none !important;
      animation: none !important;
    }
  }
`;
