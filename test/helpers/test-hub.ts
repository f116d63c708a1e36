/**
 * Starts a real hub on port 0 for a test: in-memory stores, the synthetic register, the demo
 * verifiers seeded, a movable clock. Gives typed helpers for HTTP calls, sockets and enrolled
 * citizens, and closes everything it opened in `close()`.
 */
import type { Socket } from 'socket.io-client';
import type {
  ActivationResponse,
  CreateSessionResponse,
  LoginResponse,
  SmsMessage,
} from '../../contracts/index.js';
import {
  createSyntheticRegister,
  type RegisterAdapter,
  type SyntheticRegister,
} from '../../adapters/registers/index.js';
import { createConfig, type HubConfig } from '../../hub/config.js';
import { createHub, type Hub, type HubDeps } from '../../hub/create-hub.js';
import { embeddedDeps } from '../../hub/embedded.js';
import { createHubKeys, type HubKeys } from '../../hub/security/hub-keys.js';
import { demoRoutes, type DemoKeys } from '../../hub/dev/demo.routes.js';
import { seedDemoVerifiers, type SeededVerifier } from '../../hub/dev/demo-verifiers.js';
import { webRoutes } from '../../hub/web/web.routes.js';
import {
  connect,
  type CitizenClient,
  type ConnectOptions,
  type VerifierClient,
} from './clients.js';
import { createTestClock, type TestClock } from './test-clock.js';

/** The origin the seeded demo verifiers allow. */
export const DEMO_ORIGIN = 'https://bank.example';

/** Handles of the seeded demo verifiers. */
export type DemoHandle = 'office' | 'bank' | 'post' | 'police';

/** An HTTP answer: status and parsed JSON (or null). */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** An enrolled citizen with a connected phone socket. */
export interface TestCitizen {
  pesel: string;
  phone: string;
  citizenToken: string;
  deviceId: string;
  deviceToken: string;
  socket: CitizenClient;
}

/** A running test hub. */
export interface TestHub {
  hub: Hub;
  url: string;
  clock: TestClock;
  adminToken: string;
  register: SyntheticRegister;
  verifiers: Record<DemoHandle, SeededVerifier>;
  /** The seeded verifiers, to share with other nodes of a cluster. */
  seeded: SeededVerifier[];
  smsOutbox(phone: string): SmsMessage[];
  /** Any HTTP call; `auth` is sent as a bearer token, `json` as the body. */
  api<T = unknown>(
    method: string,
    path: string,
    options?: { auth?: string; json?: unknown; body?: string; headers?: Record<string, string> },
  ): Promise<ApiAnswer<T>>;
  /** `POST /v1/sessions` as a demo verifier; throws unless 201. */
  createSession(handle: DemoHandle, body: unknown): Promise<CreateSessionResponse>;
  /** A connected verifier socket. */
  verifierSocket(widgetToken: string, options?: ConnectOptions): Promise<VerifierClient>;
  /** A connected citizen socket for a device token. */
  citizenSocket(deviceToken: string, options?: ConnectOptions): Promise<CitizenClient>;
  /** Logs in, activates a device and connects it. Default: the `index`-th sample citizen. */
  citizen(options?: { pesel?: string; index?: number; deviceName?: string }): Promise<TestCitizen>;
  /** Moves the clock and runs the reaper once, so ended windows take effect now. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Options of a test hub. */
export interface TestHubOptions {
  config?: Parameters<typeof createConfig>[0];
  /** Replaces the synthetic register (e.g. a failing one). */
  registers?: RegisterAdapter;
  deps?: Partial<HubDeps>;
  /** Keys shared with other nodes of a test cluster. Default: fresh ones. */
  keys?: HubKeys;
  /** A clock shared with other nodes of a test cluster. Default: a fresh test clock. */
  clock?: TestClock;
  /** Verifiers another node of the cluster already seeded (shared records): no seeding here. */
  seeded?: SeededVerifier[];
  /** Runs after the hub closes (e.g. to close Redis clients the caller made). */
  onClose?: () => Promise<void>;
}

/** Starts a hub on 127.0.0.1, port 0. */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const clock = options.clock ?? createTestClock();
  const config: HubConfig = createConfig({
    reaperIntervalMs: 50,
    ...options.config,
    nodeId: options.config?.nodeId ?? 'test-hub',
  });
  const keys = options.keys ?? (await createHubKeys({}));
  const adminToken = 'test-admin-token-0123456789';
  const base = embeddedDeps({ clock, printSms: () => {}, registerSize: 300 });
  const register = createSyntheticRegister({ seed: 'mdok', size: 300 });
  const demoKeys: DemoKeys = new Map();
  const hub = createHub({
    extraRoutes: (ctx) =>
      webRoutes({ demo: ctx.config.devMode ? demoRoutes(demoKeys) : undefined }),
    config,
    keys,
    adminToken,
    clock,
    ...base,
    registers: options.registers ?? register,
    ...options.deps,
  });
  const { url } = await hub.listen(0);
  // The hub's own origin too: browser tests open the demo pages it serves.
  const seeded = options.seeded ?? (await seedDemoVerifiers(hub.ctx, [DEMO_ORIGIN, url]));
  for (const s of seeded) {
    if (s.handle === 'bank' || s.handle === 'office') demoKeys.set(s.handle, s.apiKey);
  }
  const verifiers = Object.fromEntries(seeded.map((s) => [s.handle, s])) as Record<
    DemoHandle,
    SeededVerifier
  >;
  const sockets: Socket[] = [];
  const track = <S extends Socket>(s: S) => {
    sockets.push(s);
    return s;
  };

  const api: TestHub['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.auth) headers.authorization = `Bearer ${opts.auth}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(opts.json);
    }
    const res = await fetch(url + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as never, headers: res.headers };
  };

  const testHub: TestHub = {
    hub,
    url,
    clock,
    adminToken,
    register,
    verifiers,
    seeded,
    smsOutbox: (phone) => (options.deps?.smsOutbox ?? base.smsOutbox)!(phone),
    api,
    async createSession(handle, body) {
      const res = await api<CreateSessionResponse>('POST', '/v1/sessions', {
        auth: verifiers[handle].apiKey,
        json: body,
      });
      if (res.status !== 201) {
        throw new Error(`createSession ${res.status}: ${JSON.stringify(res.body)}`);
      }
      return res.body;
    },
    async verifierSocket(widgetToken, connectOptions) {
      return track(await connect<VerifierClient>(url, '/verifier', widgetToken, connectOptions));
    },
    async citizenSocket(deviceToken, connectOptions) {
      return track(await connect<CitizenClient>(url, '/citizen', deviceToken, connectOptions));
    },
    async citizen(citizenOptions = {}) {
      const person = citizenOptions.pesel
        ? await register.findPerson({ pesel: citizenOptions.pesel })
        : (await register.sample((citizenOptions.index ?? 0) + 1))[citizenOptions.index ?? 0];
      if (!person) throw new Error('no such synthetic citizen');
      const login = await api<LoginResponse>('POST', '/v1/citizen/login', {
        json: { pesel: person.pesel },
      });
      if (login.status !== 200) throw new Error(`login ${login.status}`);
      const activation = await api<ActivationResponse>('POST', '/v1/citizen/activation', {
        auth: login.body.citizenToken,
        json: { phone: person.phone, deviceName: citizenOptions.deviceName ?? 'Test phone' },
      });
      if (activation.status !== 201) throw new Error(`activation ${activation.status}`);
      const socket = await testHub.citizenSocket(activation.body.deviceToken);
      return {
        pesel: person.pesel,
        phone: person.phone,
        citizenToken: login.body.citizenToken,
        deviceId: activation.body.deviceId,
        deviceToken: activation.body.deviceToken,
        socket,
      };
    },
    async advance(ms) {
      clock.advance(ms);
      await hub.reaper.sweep();
    },
    async close() {
      for (const s of sockets) s.close();
      await hub.close();
      await hub.ctx.sessions.close();
      await hub.ctx.records.close();
      await options.onClose?.();
    },
  };
  return testHub;
}
