/**
 * `npm run demo`: a narrated walk through every flow of mDok Hub — F1 code, F2 push, F3 otp,
 * F4 peer, F5 privileged, a rejection and a cancel — against a hub started in this process,
 * over real sockets and HTTP. Exits 0 when every step went as the product says, 1 (with the step
 * that broke) otherwise. The story itself is in `scripts/demo/`.
 */
import { pathToFileURL } from 'node:url';
import { runDemo } from './demo/run-demo.js';

export { runDemo };
export type { DemoOptions, DemoResult } from './demo/run-demo.js';

const executedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (executedDirectly) {
  const colour = process.stdout.isTTY === true;
  try {
    await runDemo({ write: (line) => console.log(line), colour });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const text = `\ndemo failed — ${message}`;
    console.error(colour ? `\x1b[31m${text}\x1b[0m` : text);
    process.exitCode = 1;
  }
}
