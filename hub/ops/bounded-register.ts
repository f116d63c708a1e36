/**
 * A bound on every register call (operations: no dependency may hang a request). The synthetic
 * register answers at once, but a real one is a remote service: a read that does not answer
 * within `timeoutMs` rejects with `RegisterUnavailableError`, which the hub already answers as
 * `register_unavailable` (and a delivery fails the session) — instead of an approval whose ack
 * never comes. The call itself is not cancelled; its late answer is dropped.
 */
import { RegisterUnavailableError, type RegisterAdapter } from '../../adapters/registers/index.js';

function bounded<T>(promise: Promise<T>, what: string, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new RegisterUnavailableError(
            `the register did not answer ${what} within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The same register, with every call bounded by `timeoutMs`. */
export function boundedRegister(register: RegisterAdapter, timeoutMs: number): RegisterAdapter {
  return {
    findPerson: (query) => bounded(register.findPerson(query), 'findPerson', timeoutMs),
    readDocuments: (pesel, ask) =>
      bounded(register.readDocuments(pesel, ask), 'readDocuments', timeoutMs),
    sample: (limit) => bounded(register.sample(limit), 'sample', timeoutMs),
  };
}
