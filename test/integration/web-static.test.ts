/**
 * How the hub serves its front ends (hub/web/web.routes.ts, static-files.ts), tested in-process
 * with `app.request()` against a `dist/web` made here by the build's own artifact step
 * (scripts/build-web.ts): the widget script compressed by `Accept-Encoding` (brotli, gzip, or
 * plain) with `Vary`, ETags and 304s, CORS for any institution's page, a versioned URL cached
 * for a year whose bytes match the manifest's SRI hash, the stable URL cached briefly; the
 * citizen app with immutable hashed assets and its shell for client-side routes; nothing
 * outside the served folders.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webRoutes } from '../../hub/web/web.routes.js';
import type { WidgetManifest } from '../../hub/web/widget-manifest.js';
import { precompress, writeWidgetArtifacts } from '../../scripts/build-web.js';

let dist: string;
let manifest: WidgetManifest;
let app: ReturnType<typeof webRoutes>;
// Big enough to be worth compressing, and recognisable.
const bundle = `export const widget = ${JSON.stringify('mdok '.repeat(2000))};\n`;
const shell = '<!doctype html><html lang="pl"><title>mDok</title><div id="app"></div></html>';
const asset = 'assets/index-AbCdEf12.js';

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'mdok-web-'));
  mkdirSync(join(dist, 'verifier'));
  writeFileSync(join(dist, 'verifier/mdok-verify.js'), bundle);
  manifest = writeWidgetArtifacts(join(dist, 'verifier'));
  mkdirSync(join(dist, 'citizen/assets'), { recursive: true });
  writeFileSync(join(dist, 'citizen/index.html'), shell);
  writeFileSync(join(dist, 'citizen', asset), 'console.log("citizen");'.repeat(200));
  precompress(join(dist, 'citizen'));
  writeFileSync(join(dist, 'secret.txt'), 'not to be served');
  app = webRoutes({ distDir: dist });
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe('the widget script', () => {
  it('is served brotli, gzip or plain as Accept-Encoding allows, always with Vary', async () => {
    const br = await get('/widget/mdok-verify.js', {
      'accept-encoding': 'gzip, deflate, br, zstd',
    });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toMatch(/^text\/javascript/);
    const brBody = await bytes(br);
    expect(brotliDecompressSync(brBody).toString()).toBe(bundle);
    expect(brBody.length).toBeLessThan(bundle.length / 10);

    const gz = await get('/widget/mdok-verify.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(await bytes(gz)).toString()).toBe(bundle);

    const plain = await get('/widget/mdok-verify.js');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await bytes(plain)).toString()).toBe(bundle);

    for (const res of [br, gz, plain]) {
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    }
  });

  it('has an ETag per encoding and answers a matching If-None-Match with 304', async () => {
    const first = await get('/widget/mdok-verify.js', { 'accept-encoding': 'br' });
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^"[0-9a-f]+"$/);
    const again = await get('/widget/mdok-verify.js', {
      'accept-encoding': 'br',
      'if-none-match': tag!,
    });
    expect(again.status).toBe(304);
    expect(again.headers.get('cache-control')).toBe('public, max-age=300');
    expect(again.headers.get('vary')).toMatch(/accept-encoding/i);
    const plain = await get('/widget/mdok-verify.js');
    expect(plain.headers.get('etag')).not.toBe(tag);
  });

  it('[A4] may be loaded by any institution’s page (CORS), preflight included', async () => {
    const res = await get('/widget/mdok-verify.js', { origin: 'https://bank.example' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await app.request('/widget/mdok-verify.js', {
      method: 'OPTIONS',
      headers: { origin: 'https://bank.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('has a versioned URL cached for a year whose bytes match the SRI hash', async () => {
    const served = await (await get('/widget/manifest.json')).json();
    expect(served).toEqual(manifest);
    expect(manifest.path).toBe(`/widget/v/${manifest.hash}/mdok-verify.js`);
    expect(manifest.bytes.raw).toBe(Buffer.byteLength(bundle));
    const res = await get(manifest.path, { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = gunzipSync(await bytes(res));
    const sri = `sha384-${createHash('sha384').update(body).digest('base64')}`;
    expect(sri).toBe(manifest.integrity);
    expect(manifest.bytes.gzip).toBeLessThan(manifest.bytes.raw);
    expect(manifest.bytes.brotli).toBeLessThan(manifest.bytes.raw);

    const stale = await get('/widget/v/0123456789abcdef/mdok-verify.js');
    expect(stale.status).toBe(404);
    expect(await stale.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('serves nothing else from the widget folder or above it', async () => {
    for (const path of [
      '/widget/secret.txt',
      '/widget/../secret.txt',
      '/widget/%2e%2e/secret.txt',
      '/widget/mdok-verify.js.gz',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('not to be served');
    }
  });
});

describe('the citizen app', () => {
  it('serves hashed assets as immutable, compressed', async () => {
    const res = await get(`/citizen/${asset}`, { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers client-side routes with its shell, revalidated every time', async () => {
    for (const path of ['/citizen/', '/citizen/history', '/citizen/peer/start']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect((await bytes(res)).toString()).toBe(shell);
    }
    expect((await get('/citizen')).status).toBe(302);
    const missing = await get('/citizen/assets/missing-12345678.js');
    expect(missing.status).toBe(404);
    expect((await get('/citizen/%2e%2e/secret.txt')).status).toBe(404);
  });
});
