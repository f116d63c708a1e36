/**
 * The citizen's side: the citizen app (`/citizen/`) on a phone, driven through its screens:
 * the dev login picker, activation, joining by the 6-digit code, the review, the navigation.
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { settled } from './browser.js';
import type { SetLang } from './audit.js';

/** A `data-testid` in the citizen app (outside any embedded widget). */
export function app(page: Page, testId: string): Locator {
  return page.locator('mdok-citizen-app').getByTestId(testId);
}

/** The app's status message (the toast). */
export function toast(page: Page): Locator {
  return page.locator('mdok-citizen-app').getByTestId('toast');
}

/** Opens the app and waits for the login picker. */
export async function openCitizen(page: Page, hubUrl: string): Promise<void> {
  await page.goto(`${hubUrl}/citizen/`);
  await app(page, 'login-citizen-0').waitFor();
}

/** Picks the `index`-th person of the dev login and waits for the activation form. */
export async function login(page: Page, index: number): Promise<void> {
  await app(page, `login-citizen-${index}`).click();
  await app(page, 'activate-phone').waitFor();
}

/** Activates this phone (number prefilled from the login) and waits for the home screen. */
export async function activate(page: Page): Promise<void> {
  await expect.poll(() => app(page, 'activate-phone').inputValue()).toMatch(/^\+48\d{9}$/);
  await app(page, 'activate-submit').click();
  await app(page, 'join-code-input').waitFor();
  await expect
    .poll(() => app(page, 'connection-status').getAttribute('data-status'))
    .toBe('online');
}

/** Opens the app, logs in as the `index`-th person and activates this phone. */
export async function enrol(page: Page, hubUrl: string, index: number): Promise<void> {
  await openCitizen(page, hubUrl);
  await login(page, index);
  await activate(page);
}

/** Types the 6-digit code on the home screen and waits for the review. */
export async function joinWithCode(page: Page, code: string): Promise<void> {
  await app(page, 'join-code-input').fill(code);
  await app(page, 'join-code-submit').click();
  await app(page, 'review').waitFor();
}

/** The app's own language switch in its header. */
export const setCitizenLang: SetLang = async (page, lang) => {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current !== lang)
    await page.locator('mdok-citizen-app header [data-testid="lang-switch"]').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await settled(page);
};

/** Goes to a screen through the navigation bar. */
export async function nav(page: Page, route: 'home' | 'history' | 'devices' | 'peer') {
  await app(page, `nav-${route}`).click();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/${route}`);
}
