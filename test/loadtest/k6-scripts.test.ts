/**
 * Every k6 scenario of `loadtest/` loaded as k6 loads it (imports resolved the k6 way, nothing
 * from npm) and run in Node against a real hub, with the k6 modules replaced by stand-ins
 * (test/loadtest/k6-shim.ts): its options, `setup()` through the admin and dev APIs, one
 * iteration per VU, the metrics and checks it records, and `teardown()`. No k6 here; this proves
 * the scripts' own code, so that a run with real k6 fails only where k6 itself differs.
 */
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadWorld } from '../../loadtest/lib/provision.ts';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { bundleScript, loadScript, loadtestDir, type LoadedScript } from './k6-shim.ts';

const scripts = readdirSync(loadtestDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));

/** Every check passed and every attempted verification delivered; returns how many did. */
function expectAllDelivered(script: LoadedScript): number {
  expect(script.state.warnings).toEqual([]);
  expect(script.state.checks.length).toBeGreaterThan(0);
  expect(script.state.checks.filter((c) => !c.ok)).toEqual([]);
  const outcomes = script.values('mdok_verification_ok');
  expect(outcomes.length).toBeGreaterThan(0);
  expect(outcomes.every((v) => v === 1)).toBe(true);
  expect(script.values('mdok_step_failures')).toEqual([]);
  return outcomes.length;
}

describe('the k6 scenario scripts', () => {
  it.each(scripts)(
    '%s loads with k6’s module resolution (no npm package, .ts paths)',
    async (s) => {
      await expect(bundleScript(s)).resolves.toContain('options');
    },
  );

  const base = { checks: ['rate==1'], mdok_verification_ok: ['rate==1'] };
  const latency = {
    ...base,
    mdok_approve_to_data_ms: ['p(99)<=10'],
    dropped_iterations: ['count==0'],
  };
  const soak = {
    ...base,
    mdok_soak_connect_failures: ['count==0'],
    mdok_soak_dropped: ['count==0'],
  };
  const twoNodes = { HUB_URLS: 'http://127.0.0.1:1,http://127.0.0.1:2' };
  it.each([
    ['f1-code.ts', {}, 'f1_closed', 'verify', base],
    ['f1-code.ts', { MODEL: 'open' }, 'f1_open', 'verify', latency],
    ['f1-cross-node.ts', twoNodes, 'f1_cross_node_closed', 'verify', base],
    ['f1-cross-node.ts', { ...twoNodes, MODEL: 'open' }, 'f1_cross_node_open', 'verify', latency],
    ['f2-push.ts', {}, 'f2_closed', 'verify', base],
    ['f2-push.ts', { MODEL: 'open' }, 'f2_open', 'verify', base],
    ['f3-otp.ts', { MODEL: 'open' }, 'f3_open', 'verify', base],
    ['f4-peer.ts', { MODEL: 'open', MAX_VUS: '50' }, 'f4_open', 'verify', base],
    ['pairing-burst.ts', {}, 'pairing_burst', 'verify', base],
    ['idle-soak.ts', {}, 'idle_soak', 'soak', soak],
  ])(
    '%s with %o: scenario %s running %s(), the thresholds loadtest/README.md states',
    async (file, env, scenario, exec, thresholds) => {
      const script = await loadScript(file, { ADMIN_TOKEN: 'not-used-at-init', ...env });
      const options = script.exports.options as {
        scenarios: Record<string, { exec: string }>;
        thresholds: unknown;
      };
      expect(Object.keys(options.scenarios)).toEqual([scenario]);
      expect(options.scenarios[scenario]!.exec).toBe(exec);
      expect(options.thresholds).toEqual(thresholds);
      expect(typeof script.exports[exec]).toBe('function');
      expect(script.exports.default).toBe(script.exports[exec]);
      expect(typeof script.exports.setup).toBe('function');
      expect(typeof script.exports.teardown).toBe('function');
    },
  );

  it('lists the scenarios the issue asks for', () => {
    expect(scripts.sort()).toEqual([
      'f1-code.ts',
      'f1-cross-node.ts',
      'f2-push.ts',
      'f3-otp.ts',
      'f4-peer.ts',
      'idle-soak.ts',
      'pairing-burst.ts',
    ]);
  });
});

describe('the k6 scenario scripts against a real hub (k6 stand-ins)', () => {
  let t: TestHub;
  let env: Record<string, string>;

  beforeEach(async () => {
    t = await startTestHub({
      deps: {
        configureIo: (io) => {
          // Pings every 100 ms: a soak of 450 ms expects 3 answered of the hub's 4, a margin
          // that a busy machine's timer lag does not eat up (at 50 ms it sometimes did).
          io.engine.opts.pingInterval = 100;
          io.engine.opts.pingTimeout = 1000;
        },
      },
    });
    env = { HUB_URL: t.url, ADMIN_TOKEN: t.adminToken, VERIFIERS: '2', STEP_TIMEOUT_MS: '5000' };
  });
  afterEach(async () => {
    await t.close();
  });

  /** setup(), then `fn` once per VU 1..vus, all at once, then teardown(). */
  async function runScript(script: LoadedScript, fn: string, vus: number): Promise<LoadWorld> {
    const data = (await script.runAs(0, 'setup')) as { world: LoadWorld };
    await Promise.all(Array.from({ length: vus }, (_, i) => script.runAs(i + 1, fn, data)));
    await script.runAs(0, 'teardown', data);
    return data.world;
  }

  /** Every verifier of the run is suspended again by teardown(). */
  async function expectRetired(world: LoadWorld) {
    for (const id of world.verifierIds) {
      const res = await t.api('GET', `/v1/admin/verifiers/${id}`, { auth: t.adminToken });
      expect(res.body).toMatchObject({ status: 'suspended' });
    }
  }

  it('refuses to start without ADMIN_TOKEN', async () => {
    await expect(loadScript('f1-code.ts', { HUB_URL: t.url })).rejects.toThrow(/ADMIN_TOKEN/);
  });

  it('[F1] f1-code.ts, closed model: constant VUs, one citizen and key per VU', async () => {
    const script = await loadScript('f1-code.ts', { ...env, VUS: '3', DURATION: '30s' });
    expect(script.exports.options).toMatchObject({
      scenarios: {
        f1_closed: { executor: 'constant-vus', exec: 'verify', vus: 3, duration: '30s' },
      },
      thresholds: { checks: ['rate==1'], mdok_verification_ok: ['rate==1'] },
    });
    expect(script.exports.default).toBe(script.exports.verify);
    const world = await runScript(script, 'verify', 3);
    expect(world.citizens).toHaveLength(3);
    expect(expectAllDelivered(script)).toBe(3);
    for (const metric of [
      'mdok_create_ms',
      'mdok_widget_connect_ms',
      'mdok_join_ack_ms',
      'mdok_approve_to_data_ms',
      'mdok_verification_ms',
    ]) {
      expect(script.values(metric, { flow: 'F1' }), metric).toHaveLength(3);
    }
    expect(script.values('mdok_phone_connect_ms', { flow: 'F1' })).toHaveLength(3);
    await expectRetired(world);
  });

  it('[F1] f1-code.ts, open model: arrival rate and the approve→data p99 target', async () => {
    // k6's constant-arrival-rate takes a whole `rate`: a fractional one fails here, not in k6.
    await expect(loadScript('f1-code.ts', { ...env, MODEL: 'open', RATE: '2.5' })).rejects.toThrow(
      /RATE must be an integer/,
    );
    const script = await loadScript('f1-code.ts', {
      ...env,
      MODEL: 'open',
      RATE: '25',
      MAX_VUS: '4',
    });
    expect(script.exports.options).toMatchObject({
      scenarios: {
        f1_open: {
          executor: 'constant-arrival-rate',
          exec: 'verify',
          rate: 25,
          timeUnit: '1s',
          preAllocatedVUs: 4,
          maxVUs: 4,
        },
      },
      thresholds: {
        checks: ['rate==1'],
        mdok_verification_ok: ['rate==1'],
        mdok_approve_to_data_ms: ['p(99)<=10'],
        dropped_iterations: ['count==0'],
      },
    });
    await runScript(script, 'verify', 4);
    expect(expectAllDelivered(script)).toBe(4);
  });

  it('[X2] f1-cross-node.ts needs two nodes and verifies with phone and widget apart', async () => {
    await expect(loadScript('f1-cross-node.ts', env)).rejects.toThrow(/at least 2 nodes/);
    const script = await loadScript('f1-cross-node.ts', {
      ...env,
      HUB_URLS: `${t.url},${t.url}/`,
      VUS: '2',
    });
    await runScript(script, 'verify', 2);
    expect(expectAllDelivered(script)).toBe(2);
  });

  it('[F2] f2-push.ts', async () => {
    const script = await loadScript('f2-push.ts', { ...env, VUS: '2' });
    await runScript(script, 'verify', 2);
    expect(expectAllDelivered(script)).toBe(2);
    expect(script.values('mdok_push_ms', { flow: 'F2' })).toHaveLength(2);
  });

  it('[F3] f3-otp.ts', async () => {
    const script = await loadScript('f3-otp.ts', { ...env, VUS: '2' });
    await runScript(script, 'verify', 2);
    expect(expectAllDelivered(script)).toBe(2);
    expect(script.values('mdok_sms_read_ms', { flow: 'F3' })).toHaveLength(2);
    expect(script.values('mdok_otp_to_data_ms', { flow: 'F3' })).toHaveLength(2);
  });

  it('[F4] f4-peer.ts uses two citizens per VU', async () => {
    await expect(loadScript('f4-peer.ts', { ...env, VUS: '51' })).rejects.toThrow(/at most 50/);
    const script = await loadScript('f4-peer.ts', { ...env, VUS: '2' });
    const world = await runScript(script, 'verify', 2);
    expect(world.citizens).toHaveLength(4);
    expect(expectAllDelivered(script)).toBe(2);
  });

  it('[P2] pairing-burst.ts creates every session at one instant and joins them at another', async () => {
    const script = await loadScript('pairing-burst.ts', {
      ...env,
      BURST: '4',
      BURST_LEAD: '500ms',
      JOIN_DELAY: '300ms',
    });
    expect(script.exports.options).toMatchObject({
      scenarios: { pairing_burst: { executor: 'per-vu-iterations', vus: 4, iterations: 1 } },
    });
    await runScript(script, 'verify', 4);
    expect(expectAllDelivered(script)).toBe(4);
  });

  it('idle-soak.ts holds sockets with heartbeats, then verifies through them', async () => {
    const script = await loadScript('idle-soak.ts', {
      ...env,
      SOCKETS: '6',
      SOCKETS_PER_VU: '3',
      HOLD: '450ms',
    });
    expect(script.exports.options).toMatchObject({
      scenarios: {
        idle_soak: { executor: 'per-vu-iterations', exec: 'soak', vus: 2, iterations: 1 },
      },
      thresholds: { mdok_soak_connect_failures: ['count==0'], mdok_soak_dropped: ['count==0'] },
    });
    await runScript(script, 'soak', 2);
    expect(expectAllDelivered(script)).toBe(2);
    expect(script.values('mdok_soak_connected')).toHaveLength(6);
    expect(script.values('mdok_phone_connect_ms', { flow: 'F1 soak' })).toHaveLength(6);
    expect(script.values('mdok_soak_dropped')).toEqual([0, 0]);
    const beats = script.values('mdok_heartbeats').reduce((a, b) => a + b, 0);
    expect(beats).toBeGreaterThanOrEqual(6);
    expect(
      await loadScript('idle-soak.ts', { ...env, SOCKETS: '1000', SOCKETS_PER_VU: '5' }).catch(
        (e: Error) => e.message,
      ),
    ).toMatch(/SOCKETS_PER_VU to at least 10/);
  });
});
