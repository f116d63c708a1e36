/**
 * The bottom navigation of an activated device: four big targets with an icon and a word each;
 * the current screen is marked with `aria-current` and a bar and bold text (not colour alone).
 */
import { css, html, svg, type TemplateResult } from 'lit';
import type { Route } from './router.js';
import type { MessageKey } from './i18n.js';

type NavRoute = Extract<Route, 'home' | 'history' | 'devices' | 'peer'>;

const icons: Record<NavRoute, TemplateResult> = {
  home: svg`<path d="M12 3 2 11h3v9h5v-6h4v6h5v-9h3z"/>`,
  history: svg`<path d="M13 3a9 9 0 0 0-9 9H1l4 4 4-4H6a7 7 0 1 1 2.05 4.95l-1.41 1.41A9 9 0 1 0 13 3zm-1 5v5l4.25 2.52.77-1.28-3.52-2.09V8z"/>`,
  devices: svg`<path d="M16 1H8a2 2 0 0 0-2 2v18a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V3a2 2 0 0 0-2-2zm0 18H8V4h8z"/>`,
  peer: svg`<path d="M9 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-2.67 0-8 1.34-8 4v2h16v-2c0-2.66-5.33-4-8-4zm8.5-2.5 1.5 1.5 4-4-1.41-1.41L19 10.17l-.09-.08z"/>`,
};

const items: { route: NavRoute; label: MessageKey }[] = [
  { route: 'home', label: 'nav.home' },
  { route: 'history', label: 'nav.history' },
  { route: 'devices', label: 'nav.devices' },
  { route: 'peer', label: 'nav.peer' },
];

/** The navigation bar; `t` gives the words, `current` the open screen. */
export function navBar(current: Route, t: (key: MessageKey) => string): TemplateResult {
  return html`<nav aria-label=${t('nav.label')}>
    <ul>
      ${items.map(
        (item) =>
          html`<li>
            <a
              href="#/${item.route}"
              data-testid="nav-${item.route}"
              aria-current=${current === item.route ? 'page' : 'false'}
            >
              <svg
                aria-hidden="true"
                width="24"
                height="24"
                viewBox="0 0 24 24"
                fill="currentColor"
              >
                ${icons[item.route]}
              </svg>
              <span>${t(item.label)}</span>
            </a>
          </li>`,
      )}
    </ul>
  </nav>`;
}

/** Styles of the navigation bar, for the root's shadow root. */
export const navStyles = css`
  nav {
    position: fixed;
    left: 0;
    right: 0;
    bottom: 0;
    background: #ffffff;
    border-top: 1px solid #5b6675;
    padding-bottom: env(safe-area-inset-bottom);
    z-index: 2;
  }
  nav ul {
    display: grid;
    grid-template-columns: repeat(4, 1fr);
    list-style: none;
    margin: 0 auto;
    padding: 0;
    max-width: 40rem;
  }
  nav a {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    min-height: 60px;
    padding: 0.3rem 0.15rem;
    color: #4a5563;
    text-decoration: none;
    font-size: 0.8125rem;
    line-height: 1.15;
    text-align: center;
    border-top: 4px solid transparent;
  }
  nav a[aria-current='page'] {
    color: #0a4a94;
    font-weight: 700;
    border-top-color: #0a4a94;
  }
`;
