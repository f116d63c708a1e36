/**
 * The clerk's side: a demo host page (`/demo/bank`, `/demo/office`) with `<mdok-verify>`
 * embedded, driven the way a clerk uses it. Locators pierce the widget's open shadow root.
 */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { settled } from './browser.js';

/** The demo pages' flow buttons, as the clerk reads them (Polish). */
export const flowButtons = {
  code: 'Kod QR (F1)',
  push: 'Powiadomienie (F2)',
  otp: 'Kod SMS (F3)',
} as const;

/** A `data-testid` inside the widget. */
export function widget(page: Page, testId: string): Locator {
  return page.locator('mdok-verify').getByTestId(testId);
}

/** The widget's status line. */
export function status(page: Page): Locator {
  return widget(page, 'status');
}

/** Opens a demo page and waits until the widget's script has defined the element. */
export async function openDemo(page: Page, hubUrl: string, handle: 'bank' | 'office') {
  await page.goto(`${hubUrl}/demo/${handle}`);
  await page.waitForFunction(() => customElements.get('mdok-verify') !== undefined);
}

/** Presses a flow button and waits until the widget is live on the hub. */
export async function startFlow(page: Page, flow: keyof typeof flowButtons): Promise<void> {
  await page.getByRole('button', { name: flowButtons[flow], exact: true }).click();
  await expect.poll(() => status(page).getAttribute('data-phase')).toBe('live');
  await expect.poll(() => status(page).getAttribute('data-state')).toBe('awaiting_citizen');
}

/** The host page's own language switch (it sets the widget's `lang` too). */
export async function setClerkLang(page: Page, lang: 'pl' | 'en'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.lang);
  if (current !== lang) await page.locator('#lang').click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  if ((await page.locator('mdok-verify').count()) > 0) {
    await page.locator(`mdok-verify section[part~="panel"][lang="${lang}"]`).waitFor();
  }
  await settled(page);
}

/** Waits for the data card with the signature checked. */
export async function expectDataCard(page: Page): Promise<void> {
  await widget(page, 'data-card').waitFor();
  await expect.poll(() => widget(page, 'signature').getAttribute('data-signature')).toBe('valid');
  await expect.poll(() => status(page).getAttribute('data-phase')).toBe('data');
}
