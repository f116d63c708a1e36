/**
 * Portraits arrive as `data:image/…;base64,…` claim values. A strict Content Security Policy
 * commonly blocks `data:` images (`img-src 'self' blob:`), so the card shows them through object
 * URLs (`blob:`) made from the decoded bytes instead. The URLs are revoked, and the data URLs
 * they were made from forgotten, when the card is wiped (E1): nothing of the portrait outlives
 * the display window in the widget's memory.
 */

/** The object URL for an inline image, or null when it is not an image the widget shows. */
export type ImageUrl = (dataUrl: string) => string | null;

/** Object URLs of the card's images, revoked together. */
export interface ImageUrls {
  /** The object URL for a data URL (made once per data URL). */
  url: ImageUrl;
  /** Revokes every URL made so far and forgets the data URLs. */
  revokeAll(): void;
}

const inlineImage = /^data:(image\/(?:svg\+xml|png|jpeg|webp));base64,([A-Za-z0-9+/]+={0,2})$/;

/** The image's bytes and media type, or null when the value is not an inline image. */
export function decodeInlineImage(value: string): { type: string; bytes: Uint8Array } | null {
  const m = inlineImage.exec(value);
  if (!m) return null;
  try {
    const binary = atob(m[2]!);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return { type: m[1]!, bytes };
  } catch {
    return null;
  }
}

/** A fresh set of object URLs. */
export function createImageUrls(): ImageUrls {
  const made = new Map<string, string>();
  return {
    url(dataUrl) {
      const known = made.get(dataUrl);
      if (known) return known;
      const image = decodeInlineImage(dataUrl);
      if (!image) return null;
      const url = URL.createObjectURL(new Blob([image.bytes as BlobPart], { type: image.type }));
      made.set(dataUrl, url);
      return url;
    },
    revokeAll() {
      for (const url of made.values()) URL.revokeObjectURL(url);
      made.clear();
    },
  };
}
