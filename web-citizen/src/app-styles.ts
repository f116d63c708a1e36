/**
 * Styles of the root element's frame: the header (name, connection, language switch), the banner
 * of a request waiting elsewhere, the status message and the page column. Contrast pairs are
 * noted beside the colours; every state also has a word or a sign, never colour alone.
 */
import { css } from 'lit';

/** Styles of `<mdok-citizen-app>`'s shadow root (the navigation has its own). */
export const appStyles = css`
  :host {
    display: block;
    min-height: 100vh;
    color: #1a1a1a;
    font-size: 1.0625rem;
  }
  header {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.25rem 0.5rem 0.25rem 1rem;
    background: #0a4a94;
    color: #ffffff;
    min-height: 56px;
  }
  .brand {
    font-weight: 800;
    font-size: 1.25rem;
    margin-right: auto;
  }
  .conn {
    font-size: 0.875rem;
  }
  .lang {
    min-height: 48px;
    min-width: 48px;
    padding: 0 0.75rem;
    font: inherit;
    font-weight: 600;
    color: #ffffff;
    background: transparent;
    border: 2px solid #ffffff;
    border-radius: 10px;
    cursor: pointer;
  }
  :focus-visible {
    outline: 3px solid #1a1a1a;
    outline-offset: 3px;
  }
  header :focus-visible {
    outline-color: #ffffff;
  }
  .banner svg {
    flex: none;
  }
  .banner-text {
    display: flex;
    flex-direction: column;
  }
  .tap {
    text-decoration: underline;
  }
  .banner {
    display: flex;
    gap: 0.6rem;
    align-items: center;
    min-height: 56px;
    margin: 0.75rem 1rem 0;
    padding: 0.75rem 1rem;
    border-radius: 12px;
    background: #fff4d6;
    color: #5c3b00;
    border: 3px solid #8a5a00;
    font-weight: 700;
    text-decoration: none;
  }
  main {
    max-width: 40rem;
    margin: 0 auto;
    padding: 1rem 1rem 2rem;
  }
  main.with-nav {
    padding-bottom: 6.5rem;
  }
  .toast {
    display: flex;
    align-items: flex-start;
    max-width: 38rem;
    margin: 0 auto;
  }
  .toast [role='status'] {
    flex: 1;
  }
  .toast.info,
  .toast.success,
  .toast.error {
    margin: 0.75rem 1rem 0;
    border-radius: 10px;
    border-left: 6px solid currentColor;
    font-weight: 600;
  }
  /* #0a2a55 on #e8eef7: 12:1; #14532d on #e7f4ea: 8.6:1; #8a1116 on #fdecec: 8.2:1. */
  .toast.info {
    background: #e8eef7;
    color: #0a2a55;
  }
  .toast.success {
    background: #e7f4ea;
    color: #14532d;
  }
  .toast.error {
    background: #fdecec;
    color: #8a1116;
  }
  .toast p {
    margin: 0;
    padding: 0.75rem 0.5rem 0.75rem 0.75rem;
  }
  .toast .close {
    min-width: 48px;
    min-height: 48px;
    font: inherit;
    font-size: 1.125rem;
    color: inherit;
    background: none;
    border: none;
    cursor: pointer;
  }
`;
