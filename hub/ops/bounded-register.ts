/**
 * A bound on every register call (operations: no dependency may hang a request). The synthetic
 * register answers at once, but a real one is a remote service: a read that does not answer
 * within `timeoutMs` rejects with `RegisterUnavailableError`, which the hub already answers as
 * `register_unavailable` (and a delivery fails the session) — instead of an approval whose ack
 * never comes. The call itself is not cancelled; its late answer is dropped. Each call's duration
 * and result (a timeout is an error after `timeoutMs`) go to the metrics when an observer is given.
 */
import { RegisterUnavailableError, type RegisterAdapter } from '../../adapters/registers/index.js';
import type { RegisterOperation } from './metrics.js';

/** Told of each register call: which, whether it answered, and how long it took in seconds. */
export type RegisterObserver = (operation: RegisterOperation, ok: boolean, seconds: number) => void;

function bounded<T>(
  promise: Promise<T>,
  what: RegisterOperation,
  timeoutMs: number,
  observe: RegisterObserver | undefined,
): Promise<T> {
  const started = performance.now();
  let done = false;
  // Once per call: a late answer after the timeout is not a second observation.
  const settled = (ok: boolean) => {
    if (done) return;
    done = true;
    observe?.(what, ok, (performance.now() - started) / 1000);
  };
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      settled(false);
      reject(
        new RegisterUnavailableError(`the register did not answer ${what} within ${timeoutMs} ms`),
      );
    }, timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        settled(true);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        settled(false);
        reject(error);
      },
    );
  });
}

/** The same register, with every call bounded by `timeoutMs` (and timed for `observe`). */
export function boundedRegister(
  register: RegisterAdapter,
  timeoutMs: number,
  observe?: RegisterObserver,
): RegisterAdapter {
  return {
    findPerson: (query) => bounded(register.findPerson(query), 'findPerson', timeoutMs, observe),
    readDocuments: (pesel, ask) =>
      bounded(register.readDocuments(pesel, ask), 'readDocuments', timeoutMs, observe),
    sample: (limit) => bounded(register.sample(limit), 'sample', timeoutMs, observe),
  };
}
