/**
 * Waiting without sleeping: for a socket event (optionally matching a predicate) or for a
 * condition to hold, each with a timeout that fails the test with a clear message.
 */

/** What `waitFor` needs of an event source (a Socket.IO client socket has it). */
interface Listenable<T> {
  on(event: string, listener: (payload: T) => void): unknown;
  off(event: string, listener: (payload: T) => void): unknown;
}

/** Resolves with the first `event` payload that satisfies `predicate`. */
export function waitFor<T = unknown>(
  source: object,
  event: string,
  predicate: (payload: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  // Socket.IO's typed sockets overload on/off per event map; a plain string event is fine here.
  const emitter = source as Listenable<T>;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${event}`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(payload);
    };
    emitter.on(event, listener);
  });
}

/** Polls `check` until it returns true. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
