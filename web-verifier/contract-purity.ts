/**
 * Build helper: keeps zod out of the front-end bundles that import the contracts' constants and
 * pure helpers. The contracts declare zod schemas at module level; a bundler must assume that a
 * call such as `ErrorDetails.optional()` has side effects and keep it, and zod with it. Two
 * facts make the schemas droppable: every call on a schema (`z.…`, and `X.…` for a schema `X`
 * built from one) is pure, and no contracts module has side effects of its own (they only
 * declare constants, schemas and functions). `contractPurity()` answers both for Rolldown's
 * `treeshake` options, reading the schema names from the contracts' sources so that a new schema
 * needs no edit here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `const Name = base.` — a top-level declaration whose value is built from `base`. */
const declaration = /^(?:export )?const (\w+)(?::[^=]+)? =\s*(\w+)\s*\./gm;

/** Names of zod (`z`) and of every schema the contracts build from it, directly or not. */
export function contractSchemaNames(contractsDir: string): string[] {
  const sources = readdirSync(contractsDir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(contractsDir, file), 'utf8'));
  const names = new Set(['z']);
  for (let grew = true; grew;) {
    grew = false;
    for (const source of sources) {
      for (const [, name, base] of source.matchAll(declaration)) {
        if (name && base && names.has(base) && !names.has(name)) {
          names.add(name);
          grew = true;
        }
      }
    }
  }
  return [...names];
}

/** Rolldown `treeshake` options that drop unused contract schemas (and so zod). */
export function contractPurity(contractsDir: string): {
  manualPureFunctions: string[];
  moduleSideEffects: { test: RegExp; sideEffects: false }[];
} {
  // Module ids use forward slashes on every platform (Vite normalises them).
  const dir = resolve(contractsDir).replace(/\\/g, '/').replace(/\/+$/, '');
  const escaped = dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return {
    manualPureFunctions: contractSchemaNames(contractsDir),
    // Other modules keep the default (their package.json `sideEffects`, else true).
    moduleSideEffects: [{ test: new RegExp(`^${escaped}/[^/]+\\.ts$`), sideEffects: false }],
  };
}

/** Traces zod leaves in a bundle: none may be found in a front end. */
export const zodMarkers = /\b_zod\b|\bZodError\b|\$ZodType/;
