/**
 * Deep-frozen copies, for the in-memory stores (the embedded default): a value is copied once on
 * the way in and frozen, so every read can hand out the stored object itself — nobody can change
 * stored state behind the store's back (a write to it throws in strict-mode code), and reads
 * cost nothing, where a copy per read was a visible share of the hot path's CPU.
 */

/** A deep copy of `value` (plain data: objects, arrays, primitives), frozen all the way down. */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}

/** Freezes `value` and everything it holds, in place; answers it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}
