/**
 * The hash router's rules: before activation only login and activation; afterwards the review
 * screen needs a waiting request.
 */
import { describe, expect, it } from 'vitest';
import { hashOf, parseHash, resolveRoute } from '../../../web-citizen/src/router.js';

describe('router', () => {
  it('parses hashes and builds them back', () => {
    expect(parseHash('#/history')).toBe('history');
    expect(parseHash('#devices')).toBe('devices');
    expect(parseHash('#/review?x=1')).toBe('review');
    expect(parseHash('')).toBeNull();
    expect(parseHash('#/nowhere')).toBeNull();
    expect(hashOf('peer')).toBe('#/peer');
  });

  it('[A3] sends a citizen without a device to login, then to activation', () => {
    const none = { hasDevice: false, hasCitizenToken: false, hasRequest: false };
    expect(resolveRoute('home', none)).toBe('login');
    expect(resolveRoute('activate', none)).toBe('login');
    const loggedIn = { ...none, hasCitizenToken: true };
    expect(resolveRoute(null, loggedIn)).toBe('activate');
    expect(resolveRoute('history', loggedIn)).toBe('activate');
    expect(resolveRoute('login', loggedIn)).toBe('login');
  });

  it('[D1] opens the review screen only with a waiting request', () => {
    const active = { hasDevice: true, hasCitizenToken: false, hasRequest: false };
    expect(resolveRoute(null, active)).toBe('home');
    expect(resolveRoute('login', active)).toBe('home');
    expect(resolveRoute('review', active)).toBe('home');
    expect(resolveRoute('review', { ...active, hasRequest: true })).toBe('review');
    expect(resolveRoute('devices', active)).toBe('devices');
  });
});
