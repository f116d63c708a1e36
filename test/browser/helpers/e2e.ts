/**
 * The frame of a browser test file: builds the bundles and launches Chromium once (`beforeAll`),
 * gives each test a fresh hub and as many clerk and phone contexts as it asks for, and closes
 * everything after each test. A test fails if a page threw an uncaught error.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestHub, type TestHub, type TestHubOptions } from '../../helpers/test-hub.js';
import { clerkContext, launchChromium, phoneContext, type PageErrors } from './browser.js';
import { auditLog } from './audit.js';
import { ensureWebBuilt } from './web-build.js';

/** A page in its own context. */
export interface Actor {
  context: BrowserContext;
  page: Page;
}

/** What a browser test file uses. */
export interface BrowserSuite {
  /** A fresh hub for this test (closed after it). */
  hub(options?: TestHubOptions): Promise<TestHub>;
  /** The clerk's desktop. */
  clerk(): Promise<Actor>;
  /** A citizen's phone. */
  phone(): Promise<Actor>;
}

/** Registers the hooks of a browser test file. */
export function browserSuite(): BrowserSuite {
  let browser: Browser | null = null;
  const hubs: TestHub[] = [];
  const contexts: { context: BrowserContext; errors: PageErrors }[] = [];

  beforeAll(async () => {
    await ensureWebBuilt();
    browser = await launchChromium();
  }, 240_000);

  afterEach(async () => {
    const errors = contexts.flatMap((c) => c.errors.errors);
    for (const { context } of contexts.splice(0)) await context.close();
    for (const hub of hubs.splice(0)) await hub.close();
    expect(errors, 'uncaught errors in the pages').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    const flagged = auditLog.filter((a) => a.minor.length > 0);
    console.log(
      `axe: ${auditLog.length} screens, ${auditLog.reduce((n, a) => n + a.violations, 0)} serious/critical` +
        (flagged.length
          ? `; minor/moderate: ${flagged.map((a) => `${a.screen}: ${a.minor.join(', ')}`).join('; ')}`
          : ''),
    );
  });

  const need = () => {
    if (!browser) throw new Error('the browser did not start');
    return browser;
  };
  return {
    async hub(options) {
      const hub = await startTestHub(options);
      // The widget checks that presentations were issued by the hub it talks to (D4 `iss`): as
      // with PUBLIC_URL in production, the public URL is where the pages reach the hub.
      if (!options?.config?.publicUrl) hub.hub.ctx.config.publicUrl = hub.url;
      hubs.push(hub);
      return hub;
    },
    async clerk() {
      const { context, page, pageErrors } = await clerkContext(need());
      contexts.push({ context, errors: pageErrors });
      return { context, page };
    },
    async phone() {
      const { context, page, pageErrors } = await phoneContext(need());
      contexts.push({ context, errors: pageErrors });
      return { context, page };
    },
  };
}
