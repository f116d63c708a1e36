/**
 * Real Chromium for the end-to-end tests: Debian's `/usr/bin/chromium` driven by playwright-core
 * (no downloaded browsers). One browser per test file; a desktop context for the clerk at the
 * counter and a phone context for each citizen. Uncaught page errors are collected so a test can
 * fail on them.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where `scripts/ensure-system-packages.sh` installs Chromium. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A phone's user agent, so the app names the device as a phone would. */
const PHONE_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';

/** Launches Chromium; fails (never skips) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: run \`bash scripts/ensure-system-packages.sh\` ` +
        '(as root; `npm test` runs it first). The browser tests need it and are never skipped.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS });
}

/** Uncaught errors of the pages of a context. */
export interface PageErrors {
  errors: string[];
}

function track(context: BrowserContext): PageErrors {
  const collected: PageErrors = { errors: [] };
  context.on('page', (page: Page) => {
    page.on('pageerror', (error) => collected.errors.push(`${page.url()}: ${error.message}`));
  });
  return collected;
}

/** The clerk's desktop at the counter: 1280×800. */
export async function clerkContext(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; pageErrors: PageErrors }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'pl-PL',
    timezoneId: 'Europe/Warsaw',
  });
  const pageErrors = track(context);
  const page = await context.newPage();
  return { context, page, pageErrors };
}

/** A citizen's phone: 360×640, touch, 2× pixels. */
export async function phoneContext(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; pageErrors: PageErrors }> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 640 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
    userAgent: PHONE_UA,
    locale: 'pl-PL',
    timezoneId: 'Europe/Warsaw',
  });
  const pageErrors = track(context);
  const page = await context.newPage();
  return { context, page, pageErrors };
}

/** Waits two animation frames: a Lit re-render has been painted. */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}
