/**
 * The code blocks of `docs/integration.md` that carry `snippet=<id>` in their info string, and
 * how the tests run them: shell blocks with bash (`-euo pipefail`) in a given environment, whose
 * `NAME=value` output lines feed later blocks; TypeScript blocks as modules (written to `.tmp/`,
 * with `@mdok/verify/backend` pointing at the package's source) imported into the test; the
 * page's HTML, script and policy served to real Chromium by the browser test.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The guide, relative to the repository root. */
export const GUIDE = 'docs/integration.md';

/** One marked code block. */
export interface Snippet {
  id: string;
  lang: string;
  code: string;
}

/** Every marked block of the guide, in order. */
export function guideSnippets(): Snippet[] {
  const text = readFileSync(root + GUIDE, 'utf8');
  const found: Snippet[] = [];
  for (const match of text.matchAll(/^```(\w+) snippet=([\w-]+)\n([\s\S]*?)^```$/gm)) {
    found.push({ lang: match[1]!, id: match[2]!, code: match[3]! });
  }
  return found;
}

/** The block `id` (throws when the guide has none). */
export function snippet(id: string): Snippet {
  const found = guideSnippets().find((s) => s.id === id);
  if (!found) throw new Error(`${GUIDE} has no snippet=${id}`);
  return found;
}

/**
 * Runs a shell block (asynchronously: the hub it calls runs in this process); answers its output
 * and the `NAME=value` lines it printed.
 */
export function runShell(
  id: string,
  env: Record<string, string>,
): Promise<{ stdout: string; vars: Record<string, string> }> {
  const { code } = snippet(id);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', code], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('close', (status) => {
      clearTimeout(timer);
      if (status !== 0) {
        reject(new Error(`snippet=${id} failed (${status}): ${stderr}\n${stdout}`));
        return;
      }
      const vars: Record<string, string> = {};
      for (const line of stdout.split('\n')) {
        const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
        if (match) vars[match[1]!] = match[2]!;
      }
      resolve({ stdout, vars });
    });
  });
}

/** Imports a TypeScript block as a module (the package name resolved to its source). */
export async function importSnippet<T>(id: string): Promise<T> {
  const { code, lang } = snippet(id);
  if (lang !== 'ts') throw new Error(`snippet=${id} is ${lang}, not ts`);
  const dir = `${root}.tmp/guide`;
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${id}.ts`;
  const backend = pathToFileURL(`${root}web-verifier/backend/index.ts`).href;
  writeFileSync(file, code.replaceAll("'@mdok/verify/backend'", `'${backend}'`));
  return (await import(pathToFileURL(file).href)) as T;
}
