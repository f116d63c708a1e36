/**
 * Globals k6 provides that `@types/k6` leaves undeclared. Only this folder's tsconfig sees this
 * file: the root one, with Node's and the DOM's types, declares them already.
 */
declare global {
  /** k6's console: lines go to k6's log (stderr), tagged with the level. */
  const console: {
    log(...data: unknown[]): void;
    info(...data: unknown[]): void;
    warn(...data: unknown[]): void;
    error(...data: unknown[]): void;
    debug(...data: unknown[]): void;
  };
}

export {};
