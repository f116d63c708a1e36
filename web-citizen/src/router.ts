/**
 * The app's screens and the hash router's rules: `#/history` names a screen; what the citizen
 * may see depends on where they are in the journey (logged in? this device activated? a request
 * waiting?). Hash routes need nothing from the server that hosts the page.
 */

/** The screens. */
export const routes = [
  'login',
  'activate',
  'home',
  'review',
  'history',
  'devices',
  'peer',
] as const;
/** One screen. */
export type Route = (typeof routes)[number];

/** What decides which screens are open. */
export interface RouteState {
  hasDevice: boolean;
  hasCitizenToken: boolean;
  hasRequest: boolean;
}

/** The route a hash names (`#/devices` → `devices`), or null. */
export function parseHash(hash: string): Route | null {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (routes as readonly string[]).includes(name) ? (name as Route) : null;
}

/** The hash of a route. */
export function hashOf(route: Route): string {
  return `#/${route}`;
}

/**
 * The screen to show for a wanted route: before activation only login and activation exist
 * (activation needs the login first);
 * after it, login and activation lead home, and the review screen needs a request.
 */
export function resolveRoute(wanted: Route | null, state: RouteState): Route {
  if (!state.hasDevice) return wanted === 'login' || !state.hasCitizenToken ? 'login' : 'activate';
  if (wanted === null || wanted === 'login' || wanted === 'activate') return 'home';
  if (wanted === 'review' && !state.hasRequest) return 'home';
  return wanted;
}
