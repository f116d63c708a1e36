/**
 * The citizen app's callback page (SPEC A3): the provider's answer is recognised only on the
 * callback page, and the address the app shows afterwards carries no code or state.
 */
import { describe, expect, it } from 'vitest';
import {
  appPathAfterCallback,
  loginCallbackQuery,
} from '../../../web-citizen/src/login-callback.js';

describe('login callback page', () => {
  it('[A3] the answer is taken from the callback page only', () => {
    const answer =
      'https://hub.example/citizen/login-callback?code=abc&state=xyz&iss=https%3A%2F%2Fidp';
    expect(loginCallbackQuery(new URL(answer))).toBe('?code=abc&state=xyz&iss=https%3A%2F%2Fidp');
    expect(
      loginCallbackQuery(
        new URL('https://hub.example/citizen/login-callback?error=access_denied&state=s'),
      ),
    ).toBe('?error=access_denied&state=s');
    expect(loginCallbackQuery(new URL('https://hub.example/citizen/?code=abc&state=xyz'))).toBe(
      null,
    );
    expect(loginCallbackQuery(new URL('https://hub.example/citizen/login-callback'))).toBe(null);
    expect(loginCallbackQuery(new URL('https://hub.example/citizen/login-callback?x=1'))).toBe(
      null,
    );
  });

  it('[A3] afterwards the address is the app’s own, without the code and the state', () => {
    expect(
      appPathAfterCallback(new URL('https://hub.example/citizen/login-callback?code=abc&state=x')),
    ).toBe('/citizen/');
    expect(appPathAfterCallback(new URL('https://hub.example/citizen/#/home'))).toBe(
      '/citizen/#/home',
    );
  });
});
