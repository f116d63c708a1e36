/**
 * Loads a k6 scenario script of `loadtest/` in Node, the way k6 would, with the k6 modules it
 * imports replaced by stand-ins: `k6/websockets` over the `ws` package with k6's semantics
 * (on-handler properties, `send` throwing unless open, error-then-close on a failed connection),
 * `k6/http`'s `asyncRequest` over `fetch`, `k6/timers` with numeric ids, and `k6/metrics`,
 * `check` and `k6/execution` recording what the script reports. The bundler refuses what k6
 * cannot load: npm packages, relative imports without their `.ts` extension, and any module
 * outside `loadtest/` (the contracts may be imported for types only). It is not k6: it runs VUs
 * by hand and knows no executors, so what it proves is that the scripts' own code works against
 * a real hub, not k6's scheduling.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { WebSocket as WsSocket } from 'ws';

/** The folder of the k6 scripts. */
export const loadtestDir = fileURLToPath(new URL('../../loadtest/', import.meta.url));

/** One metric sample or check result the script reported. */
export interface Sample {
  value: number;
  tags: Record<string, string>;
}

/** What the stand-ins recorded, and the VU the next call runs as. */
export interface ShimState {
  metrics: Map<string, Sample[]>;
  checks: Array<{ name: string; ok: boolean }>;
  warnings: string[];
  execution: {
    vu: { idInTest: number; iterationInInstance: number };
    scenario: { name: string };
  };
}

/** A loaded scenario script: its exports as k6 sees them. */
export interface LoadedScript {
  exports: Record<string, unknown>;
  state: ShimState;
  /** Runs `fn` (an exported function) as VU `vu`, with `data` as k6 passes setup data. */
  runAs(vu: number, fn: string, data?: unknown): Promise<unknown>;
  /** Values of a metric, optionally only those whose tags include `tags`. */
  values(metric: string, tags?: Record<string, string>): number[];
}

const k6Modules: Record<string, string> = {
  k6: 'export const check = __k6shim.check; export const sleep = __k6shim.sleep;',
  'k6/execution': 'export default __k6shim.execution;',
  'k6/metrics':
    'export const Trend = __k6shim.Trend; export const Counter = __k6shim.Counter;' +
    ' export const Rate = __k6shim.Rate; export const Gauge = __k6shim.Gauge;',
  'k6/timers':
    'export const setTimeout = __k6shim.setTimeout; export const clearTimeout = __k6shim.clearTimeout;' +
    ' export const setInterval = __k6shim.setInterval; export const clearInterval = __k6shim.clearInterval;',
  'k6/websockets': 'export const WebSocket = __k6shim.WebSocket;',
  'k6/http':
    'export default __k6shim.http; export const asyncRequest = __k6shim.http.asyncRequest;',
};

/** Resolves imports as k6 does, and refuses what k6 could not load. */
const k6Resolution: Plugin = {
  name: 'k6-resolution',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.path in k6Modules) return { path: args.path, namespace: 'k6' };
      if (!args.path.startsWith('.')) {
        return { errors: [{ text: `k6 cannot load the npm package "${args.path}"` }] };
      }
      const resolved = path.resolve(args.resolveDir, args.path);
      if (!resolved.startsWith(loadtestDir)) {
        return {
          errors: [{ text: `"${args.path}" is outside loadtest/: import it for types only` }],
        };
      }
      if (!/\.(ts|js)$/.test(resolved) || !existsSync(resolved)) {
        return {
          errors: [{ text: `k6 resolves no "${args.path}": name the file with its extension` }],
        };
      }
      return { path: resolved };
    });
    b.onLoad({ filter: /.*/, namespace: 'k6' }, (args) => ({
      contents: k6Modules[args.path]!,
      loader: 'js',
    }));
  },
};

/** Bundles a script as k6 would load it; rejects with esbuild's errors. */
export async function bundleScript(script: string): Promise<string> {
  const result = await build({
    entryPoints: [path.join(loadtestDir, script)],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    target: 'esnext',
    // k6 strips types per file with no tsconfig: unused and type-only imports vanish.
    tsconfigRaw: {},
    plugins: [k6Resolution],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** A metric stand-in recording into `state`. */
function metricClass(state: ShimState) {
  return class {
    name: string;
    constructor(name: string) {
      this.name = name;
      if (!state.metrics.has(name)) state.metrics.set(name, []);
    }
    add(value: number | boolean, tags: Record<string, string> = {}) {
      state.metrics.get(this.name)!.push({ value: Number(value), tags });
    }
  };
}

/** k6's WebSocket, over `ws`. */
function webSocketClass() {
  return class K6WebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = 0;
    url: string;
    onopen: ((e: unknown) => void) | null = null;
    onmessage: ((e: unknown) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    onclose: ((e: unknown) => void) | null = null;
    private ws: WsSocket;
    constructor(url: string, _protocols?: unknown, params?: { headers?: Record<string, string> }) {
      if (!/^wss?:\/\//.test(url)) throw new Error(`WebSocket requires url with scheme ws or wss`);
      // k6 refuses options it does not know.
      for (const key of Object.keys(params ?? {})) {
        if (!['headers', 'tags', 'jar', 'compression'].includes(key)) {
          throw new Error(`unknown WebSocket's option ${key}`);
        }
      }
      this.url = url;
      this.ws = new WsSocket(url, { headers: params?.headers ?? {} });
      let failure: Error | undefined;
      this.ws.on('open', () => {
        this.readyState = 1;
        this.onopen?.({ type: 'open' });
      });
      this.ws.on('message', (data, isBinary) => {
        if (this.readyState !== 1) return;
        this.onmessage?.({
          type: 'message',
          data: isBinary ? new ArrayBuffer(0) : data.toString(),
          timestamp: Date.now(),
        });
      });
      this.ws.on('error', (error) => {
        failure = error;
      });
      this.ws.on('close', (code, reason) => {
        this.readyState = 3;
        // k6 reports an error first unless the close was a normal or going-away one.
        if (failure || (code !== 1000 && code !== 1001)) {
          this.onerror?.({ type: 'error', error: failure?.message ?? `close ${code}` });
        }
        this.onclose?.({ type: 'close', code, reason: reason.toString() });
      });
    }
    send(data: string): void {
      if (this.readyState !== 1) throw new Error('InvalidStateError');
      this.ws.send(data);
    }
    close(code?: number, reason?: string): void {
      if (this.readyState === 2 || this.readyState === 3) return;
      // k6 queues the close frame for a writer that only runs once connected: it would block.
      if (this.readyState === 0)
        throw new Error('close() on a CONNECTING k6 WebSocket blocks the VU');
      this.readyState = 2;
      this.ws.close(code ?? 1000, reason);
    }
  };
}

/** k6/http's asyncRequest over fetch. */
async function asyncRequest(
  method: string,
  url: string,
  body: string | null,
  params: { headers?: Record<string, string> } = {},
) {
  try {
    const res = await fetch(url, {
      method,
      headers: params.headers ?? {},
      ...(body === null || body === undefined ? {} : { body }),
    });
    return { status: res.status, body: await res.text(), error: '' };
  } catch (error) {
    return { status: 0, body: null, error: (error as Error).message };
  }
}

/** Bundles `script` and evaluates it with `env` as `__ENV` (its init context). */
export async function loadScript(
  script: string,
  env: Record<string, string>,
): Promise<LoadedScript> {
  const code = await bundleScript(script);
  const state: ShimState = {
    metrics: new Map(),
    checks: [],
    warnings: [],
    execution: { vu: { idInTest: 0, iterationInInstance: 0 }, scenario: { name: 'test' } },
  };
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextTimer = 1;
  const shim = {
    check(value: unknown, sets: Record<string, (v: unknown) => boolean>) {
      let all = true;
      for (const [name, fn] of Object.entries(sets)) {
        const ok = Boolean(fn(value));
        state.checks.push({ name, ok });
        all &&= ok;
      }
      return all;
    },
    sleep() {
      throw new Error('k6 sleep() blocks the event loop: the scripts must not use it');
    },
    execution: state.execution,
    Trend: metricClass(state),
    Counter: metricClass(state),
    Rate: metricClass(state),
    Gauge: metricClass(state),
    setTimeout(fn: () => void, ms: number) {
      const id = nextTimer++;
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          fn();
        }, ms),
      );
      return id;
    },
    clearTimeout(id: number) {
      if (typeof id !== 'number') throw new Error('k6 timer ids are numbers');
      clearTimeout(timers.get(id));
      timers.delete(id);
    },
    setInterval() {
      throw new Error('not used by the scripts');
    },
    clearInterval() {},
    WebSocket: webSocketClass(),
    http: { asyncRequest },
  };
  const module = { exports: {} as Record<string, unknown> };
  const console = {
    ...globalThis.console,
    warn: (...args: unknown[]) => state.warnings.push(args.join(' ')),
  };
  new Function('module', 'exports', '__ENV', '__k6shim', 'console', code)(
    module,
    module.exports,
    env,
    shim,
    console,
  );
  return {
    exports: module.exports,
    state,
    async runAs(vu, fn, data) {
      const exported = module.exports[fn];
      if (typeof exported !== 'function') throw new Error(`the script exports no ${fn}()`);
      state.execution.vu.idInTest = vu;
      // k6 passes setup data to each VU as a fresh copy of its JSON.
      const copy = data === undefined ? undefined : JSON.parse(JSON.stringify(data));
      return await (exported as (d: unknown) => unknown)(copy);
    },
    values(metric, tags = {}) {
      return (state.metrics.get(metric) ?? [])
        .filter((s) => Object.entries(tags).every(([k, v]) => s.tags[k] === v))
        .map((s) => s.value);
    },
  };
}
