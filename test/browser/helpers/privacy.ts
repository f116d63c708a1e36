/**
 * What is left in the browser after the display window (E1): every text node, attribute value
 * and input value of the page, open shadow roots included; the widget element's own memory; and
 * the browser's storage (localStorage, sessionStorage, IndexedDB, the Cache API, cookies).
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestHub } from '../../helpers/test-hub.js';

/** The start of every portrait the synthetic register makes. */
export const PORTRAIT_PREFIX = 'data:image/svg+xml';

/** A person's identity-card values as the register gives them: what must not outlive the window. */
export async function secretsOf(hub: TestHub, pesel: string): Promise<string[]> {
  const [card] = await hub.register.readDocuments(pesel, [
    {
      type: 'id_card',
      claims: ['given_names', 'family_name', 'pesel', 'document_number', 'photo'],
    },
  ]);
  if (!card) throw new Error(`no identity card for ${pesel}`);
  const values = ['given_names', 'family_name', 'pesel', 'document_number'].map((claim) =>
    String(card.claims[claim as keyof typeof card.claims]),
  );
  return [...values, PORTRAIT_PREFIX];
}

/** All text, attribute values and input values of the page, shadow roots included. */
export function pageContent(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [document.title];
    const walk = (root: Document | ShadowRoot) => {
      const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      while (texts.nextNode()) out.push(texts.currentNode.nodeValue ?? '');
      for (const el of root.querySelectorAll('*')) {
        for (const attr of Array.from(el.attributes)) out.push(attr.value);
        if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
          out.push(el.value);
        }
        if (el instanceof HTMLImageElement) out.push(el.currentSrc);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return out.join('\n');
  });
}

/**
 * Strings reachable from the own properties of every `<mdok-verify>` on the page (also inside
 * shadow roots): the widget's memory, as far as a script can see it.
 */
export function widgetMemory(page: Page): Promise<string> {
  return page.evaluate(() => {
    const widgets: Element[] = [];
    const find = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName === 'mdok-verify') widgets.push(el);
        if (el.shadowRoot) find(el.shadowRoot);
      }
    };
    find(document);
    const out: string[] = [];
    const seen = new Set<unknown>();
    const visit = (value: unknown, depth: number) => {
      if (typeof value === 'string') {
        out.push(value);
        return;
      }
      if (value === null || typeof value !== 'object' || depth > 8 || seen.has(value)) return;
      seen.add(value);
      // The DOM is checked on its own; a window or node would lead everywhere.
      if (value instanceof Node || value instanceof Window) return;
      if (value instanceof Map) {
        for (const [k, v] of value) {
          visit(k, depth + 1);
          visit(v, depth + 1);
        }
        return;
      }
      if (value instanceof Set) {
        for (const v of value) visit(v, depth + 1);
        return;
      }
      // Lit keeps reactive properties under symbols: own keys of every kind.
      for (const key of Reflect.ownKeys(value)) {
        let inner: unknown;
        try {
          inner = (value as Record<PropertyKey, unknown>)[key];
        } catch {
          continue;
        }
        visit(inner, depth + 1);
      }
    };
    for (const widget of widgets) {
      for (const key of Reflect.ownKeys(widget)) {
        visit((widget as unknown as Record<PropertyKey, unknown>)[key], 0);
      }
    }
    return out.join('\n');
  });
}

/** None of `secrets` is anywhere in the page's DOM (shadow roots included). */
export async function expectWiped(page: Page, secrets: readonly string[]): Promise<void> {
  const content = await pageContent(page);
  const left = secrets.filter((s) => content.includes(s));
  expect(left, 'claim values still in the DOM after the display window').toEqual([]);
}

/** None of `secrets` is reachable from the widget element's properties. */
export async function expectWidgetForgot(page: Page, secrets: readonly string[]): Promise<void> {
  const memory = await widgetMemory(page);
  const left = secrets.filter((s) => memory.includes(s));
  expect(left, "claim values still in the widget's memory after the display window").toEqual([]);
}

/** What a page keeps in its browser storage. */
export interface StorageDump {
  local: Record<string, string>;
  session: Record<string, string>;
  indexedDb: string[];
  caches: string[];
  cookies: string;
}

/** The page's browser storage. */
export function storageOf(page: Page): Promise<StorageDump> {
  return page.evaluate(async () => {
    const dump = (s: Storage) =>
      Object.fromEntries(
        Array.from({ length: s.length }, (_, i) => s.key(i) ?? '').map((k) => [
          k,
          s.getItem(k) ?? '',
        ]),
      );
    const dbs = await indexedDB.databases();
    return {
      local: dump(localStorage),
      session: dump(sessionStorage),
      indexedDb: dbs.map((d) => d.name ?? ''),
      caches: await caches.keys(),
      cookies: document.cookie,
    };
  });
}

/** The clerk's page keeps nothing at all in the browser (E1). */
export async function expectNoStorage(page: Page): Promise<void> {
  expect(await storageOf(page)).toEqual({
    local: {},
    session: {},
    indexedDb: [],
    caches: [],
    cookies: '',
  });
}

/**
 * The citizen app keeps only its device credential and the chosen language
 * (`web-citizen/src/storage.ts`), and none of the claim values.
 */
export async function expectCitizenStorage(page: Page, secrets: readonly string[]): Promise<void> {
  const dump = await storageOf(page);
  expect(Object.keys(dump.local).filter((k) => !CITIZEN_KEYS.includes(k))).toEqual([]);
  expect(dump.local['mdok.citizen.device']).toBeDefined();
  expect({ ...dump, local: {} }).toEqual({
    local: {},
    session: {},
    indexedDb: [],
    caches: [],
    cookies: '',
  });
  const stored = JSON.stringify(dump);
  expect(secrets.filter((s) => stored.includes(s))).toEqual([]);
}

/** The citizen app's storage keys. */
export const CITIZEN_KEYS: readonly string[] = ['mdok.citizen.device', 'mdok.citizen.lang'];
