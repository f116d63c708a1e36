/**
 * Portraits reach the card as object URLs, never as `data:` URLs that a strict Content Security
 * Policy blocks (web-verifier/src/image-urls.ts): the bytes are decoded once per image, only
 * image types the widget shows are accepted, and a wipe revokes every URL and forgets the data
 * URLs (E1).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createImageUrls, decodeInlineImage } from '../../../web-verifier/src/image-urls.js';

const svg = '<svg xmlns="http://www.w3.org/2000/svg"/>';
const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;

afterEach(() => vi.restoreAllMocks());

describe('[E1] portraits as object URLs', () => {
  it('decodes inline images of the shown types and nothing else', () => {
    const image = decodeInlineImage(dataUrl);
    expect(image?.type).toBe('image/svg+xml');
    expect(Buffer.from(image!.bytes).toString()).toBe(svg);
    expect(decodeInlineImage('data:image/jpeg;base64,/9j/4AAQ')).toMatchObject({
      type: 'image/jpeg',
    });
    for (const bad of [
      'https://tracker.example/p.png',
      'data:text/html;base64,PGI+',
      'data:image/svg+xml,<svg/>',
      'data:image/png;base64,!!!',
    ]) {
      expect(decodeInlineImage(bad), bad).toBeNull();
    }
  });

  it('[E1] makes one blob: URL per image and revokes them all at the wipe', async () => {
    const made: Blob[] = [];
    const revoked: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      made.push(blob as Blob);
      return `blob:test/${made.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
    const urls = createImageUrls();
    expect(urls.url(dataUrl)).toBe('blob:test/1');
    expect(urls.url(dataUrl)).toBe('blob:test/1');
    expect(urls.url('data:text/html;base64,PGI+')).toBeNull();
    expect(made).toHaveLength(1);
    expect(made[0]!.type).toBe('image/svg+xml');
    expect(await made[0]!.text()).toBe(svg);
    urls.revokeAll();
    expect(revoked).toEqual(['blob:test/1']);
    // Forgotten: the same image after the wipe is a new URL.
    expect(urls.url(dataUrl)).toBe('blob:test/2');
  });
});
