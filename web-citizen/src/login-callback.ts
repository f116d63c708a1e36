/**
 * The identity provider sends the browser back to the app's callback page
 * (`/citizen/login-callback?code=…&state=…`, the redirect URI registered at the provider). The
 * app takes the query string, hands it to the hub, and wipes it from the address bar at once:
 * a code and a state must not linger in the history or be shared with a copied link.
 */

/** The callback page, under the app's base path. */
export const CALLBACK_PAGE = 'login-callback';

/** The provider's answer (the query string) when `url` is the callback page; otherwise null. */
export function loginCallbackQuery(url: URL): string | null {
  if (!url.pathname.endsWith(`/${CALLBACK_PAGE}`)) return null;
  const params = url.searchParams;
  if (!params.has('state') && !params.has('code') && !params.has('error')) return null;
  return url.search;
}

/** The app's own address to show instead of the callback page (no query, no callback path). */
export function appPathAfterCallback(url: URL): string {
  const path = url.pathname.endsWith(`/${CALLBACK_PAGE}`)
    ? url.pathname.slice(0, -CALLBACK_PAGE.length)
    : url.pathname;
  return path + url.hash;
}
