/**
 * The widget as an npm package (`web-verifier/package.json`, `@mdok/verify`): `npm pack` makes a
 * tarball with the bundle the hub serves and one bundled type declaration, and a bank's
 * TypeScript app compiles against the unpacked tarball, with the element typed through
 * `HTMLElementTagNameMap` and its events through `HTMLElementEventMap`, under both `bundler`
 * and `nodenext` resolution, with `skipLibCheck` off (so the declaration itself is checked) and
 * no Lit or zod installed. Wrong uses do not compile.
 */
import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidgetPackage } from '../../scripts/build-web.js';

const run = promisify(execFile);
let work: string;
let packed: string[];
let tarball: string;

const consumer = `
import { MdokVerify, mdokEvents, type MdokVerifiedDetail, type MdokVerifyElement } from '@mdok/verify';

const el = document.createElement('mdok-verify');
el.token = 'eyJ.widget.token';
el.hub = 'https://hub.example';
el.lang = 'en';
el.issuer = 'https://hub.example';
const same: MdokVerifyElement = el;
const found = document.querySelector('mdok-verify')?.token;
el.addEventListener('mdok-verified', (e) => {
  const detail: MdokVerifiedDetail = e.detail;
  const ok: boolean = detail.signature === 'valid' && detail.documents.every((d) => d.status === 'valid');
  void ok;
});
el.addEventListener('mdok-state', (e) => void e.detail.state.startsWith('awaiting'));
el.addEventListener('mdok-error', (e) => void (e.detail.fatal && e.detail.code === 'no_token'));
el.addEventListener('mdok-language', (e) => void (e.detail.lang === 'pl' || e.detail.previous === 'en'));
const ctor: typeof MdokVerify = MdokVerify;
const fresh: MdokVerifyElement = new ctor();
const names: readonly string[] = mdokEvents;
export { same, found, fresh, names };
`;

const misuse = `
import '@mdok/verify';
const el = document.createElement('mdok-verify');
el.tokne = 'x';
el.addEventListener('mdok-verified', (e) => void (e.detail.signature === 'ok'));
el.addEventListener('mdok-state', (e) => void (e.detail.state === 'dancing'));
el.addEventListener('mdok-expired', (e) => void e.detail.claims);
`;

/** Compiles `source` as the consumer's only file; answers its diagnostics. */
function compile(source: string, resolution: 'bundler' | 'nodenext'): string[] {
  const file = join(work, 'app', `main-${resolution}.ts`);
  writeFileSync(file, source);
  const nodenext = resolution === 'nodenext';
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    // The package's declaration is checked; TypeScript's own DOM library need not be.
    skipLibCheck: false,
    skipDefaultLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    module: nodenext ? ts.ModuleKind.NodeNext : ts.ModuleKind.ESNext,
    moduleResolution: nodenext ? ts.ModuleResolutionKind.NodeNext : ts.ModuleResolutionKind.Bundler,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? d.file.fileName.slice(work.length) : '';
    return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

beforeAll(async () => {
  const { dir } = await buildWidgetPackage();
  work = mkdtempSync(join(tmpdir(), 'mdok-package-'));
  const { stdout } = await run(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
    { cwd: dir },
  );
  const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as {
    filename: string;
    files: { path: string }[];
  }[];
  packed = info!.files.map((f) => f.path).sort();
  tarball = join(work, info!.filename);
  // Installed as npm would: node_modules/@mdok/verify, in an app that has nothing else.
  mkdirSync(join(work, 'app/node_modules/@mdok'), { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', join(work, 'app/node_modules/@mdok')]);
  renameSync(
    join(work, 'app/node_modules/@mdok/package'),
    join(work, 'app/node_modules/@mdok/verify'),
  );
  writeFileSync(join(work, 'app/package.json'), '{ "name": "bank-app", "type": "module" }');
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the @mdok/verify package', () => {
  it('packs the served bundle, its types, the README and nothing else', () => {
    expect(packed).toEqual([
      'README.md',
      'dist/backend.d.ts',
      'dist/backend.js',
      'dist/mdok-verify.d.ts',
      'dist/mdok-verify.js',
      'package.json',
    ]);
    const shipped = readFileSync(join(work, 'app/node_modules/@mdok/verify/dist/mdok-verify.js'));
    const served = readFileSync(new URL('../../dist/web/verifier/mdok-verify.js', import.meta.url));
    expect(shipped.equals(served)).toBe(true);
    const pkg = JSON.parse(
      readFileSync(join(work, 'app/node_modules/@mdok/verify/package.json'), 'utf8'),
    ) as { type: string; types: string; exports: Record<string, unknown> };
    expect(pkg).toMatchObject({ type: 'module', types: './dist/mdok-verify.d.ts' });
    expect(pkg.exports['.']).toEqual({
      types: './dist/mdok-verify.d.ts',
      default: './dist/mdok-verify.js',
    });
  });

  it('[§6] @mdok/verify/backend runs in Node with the package’s dependencies and checks a webhook signature', async () => {
    // The app installed the package's dependencies (jose, zod): link the repository's.
    for (const dep of ['jose', 'zod']) {
      symlinkSync(
        fileURLToPath(new URL(`../../node_modules/${dep}`, import.meta.url)),
        join(work, 'app/node_modules', dep),
      );
    }
    writeFileSync(
      join(work, 'app/check.mjs'),
      `import { createHmac } from 'node:crypto';
import { verifyWebhook, createHubClient } from '@mdok/verify/backend';
const body = JSON.stringify({ id: 'evt_1', type: 'session.ended', createdAt: new Date().toISOString(),
  data: { sessionId: 's1', verifierId: 'v_1', flow: 'code', state: 'cancelled', reason: 'cancelled' } });
const t = Math.floor(Date.now() / 1000);
const v1 = createHmac('sha256', 'whsec_test').update(t + '.' + body).digest('hex');
const event = verifyWebhook({ body, signature: 't=' + t + ',v1=' + v1, secrets: 'whsec_test' });
let refused = false;
try { verifyWebhook({ body, signature: 't=' + t + ',v1=' + v1, secrets: 'whsec_other' }); } catch { refused = true; }
console.log(JSON.stringify({ type: event.type, refused, client: typeof createHubClient }));
`,
    );
    const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: join(work, 'app') });
    expect(JSON.parse(stdout)).toEqual({
      type: 'session.ended',
      refused: true,
      client: 'function',
    });
  });

  it('types need neither Lit nor zod', () => {
    const dts = readFileSync(
      join(work, 'app/node_modules/@mdok/verify/dist/mdok-verify.d.ts'),
      'utf8',
    );
    expect(dts).not.toMatch(/from ['"](lit|zod|jose|socket\.io-client)/);
    expect(dts).toContain("'mdok-verify': MdokVerifyElement".replace(/'/g, '"'));
  });

  it('a TypeScript app compiles against the unpacked tarball (bundler and nodenext)', () => {
    expect(compile(consumer, 'bundler')).toEqual([]);
    expect(compile(consumer, 'nodenext')).toEqual([]);
  }, 120_000);

  it('wrong uses of the element and its events do not compile', () => {
    const errors = compile(misuse, 'bundler');
    expect(errors.join('\n')).toMatch(/tokne/);
    expect(errors.join('\n')).toMatch(/["']ok["']/);
    expect(errors.join('\n')).toMatch(/["']dancing["']/);
    expect(errors.join('\n')).toMatch(/claims/);
    expect(errors).toHaveLength(4);
  }, 120_000);
});
