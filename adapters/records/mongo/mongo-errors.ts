/**
 * Reading MongoDB errors the store reacts to. Duck-typed on `code` rather than `instanceof`, so
 * that write errors wrapped by the driver (bulk writes) and the test double's errors read alike.
 */

/** Server error code of a unique-index violation. */
export const DUPLICATE_KEY = 11000;

/** Server error code of `createCollection` on a collection that exists. */
export const NAMESPACE_EXISTS = 48;

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

/** Whether `error` is a MongoDB error with `code`. */
export function hasCode(error: unknown, code: number): boolean {
  return codeOf(error) === code;
}

/**
 * The fields of the unique index a duplicate-key error is about (`['_id']`, `['sessionId']`…),
 * or null when `error` is not a duplicate-key error. Empty when the server did not say which.
 */
export function duplicateKeyFields(error: unknown): string[] | null {
  if (!hasCode(error, DUPLICATE_KEY)) return null;
  const pattern = (error as { keyPattern?: unknown }).keyPattern;
  return typeof pattern === 'object' && pattern !== null ? Object.keys(pattern) : [];
}
