/**
 * The load generator's flows (loadtest/lib/flows.ts) and provisioning (provision.ts) against a
 * real hub, over `ws` and `fetch`: what `setup()` makes through the admin and dev APIs, and one
 * complete verification of F1, F2, F3 and F4 through the codec, with the delivered presentation's
 * signature checked against the hub's JWKS. A failed step must leave the citizen free (S4).
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTCOME_TYP } from '../../contracts/index.js';
import {
  connectPhone,
  StepError,
  verifyByCode,
  verifyByOtp,
  verifyByPush,
  verifyPeer,
  type FlowRuntime,
  type VerifierSide,
} from '../../loadtest/lib/flows.ts';
import { hubApi } from '../../loadtest/lib/hub-api.ts';
import {
  MAX_DEV_CITIZENS,
  provisionWorld,
  retireWorld,
  type LoadWorld,
} from '../../loadtest/lib/provision.ts';
import type { SocketIoClient } from '../../loadtest/lib/socketio-client.ts';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { fetchHttp, nodeRuntime } from './node-runtime.ts';

const ORIGIN = 'https://loadtest.example';

describe('load-test flows against a real hub', () => {
  let t: TestHub;
  let world: LoadWorld;
  let rt: FlowRuntime;
  const phones: SocketIoClient[] = [];

  beforeEach(async () => {
    t = await startTestHub();
    rt = nodeRuntime(5000);
    world = await provisionWorld({
      hubUrls: [t.url],
      adminToken: t.adminToken,
      http: fetchHttp,
      verifiers: 2,
      keysPerVerifier: 2,
      citizens: 4,
      devicesPerCitizen: 2,
      origin: ORIGIN,
      flows: ['code', 'push', 'otp'],
      displaySeconds: 30,
      label: 'flow test',
    });
  });

  afterEach(async () => {
    await Promise.all(phones.splice(0).map((p) => p.close()));
    await t.close();
  });

  const phoneOf = async (c: number, d = 0) => {
    const phone = await connectPhone(rt, t.url, world.citizens[c]!.devices[d]!.deviceToken);
    phones.push(phone);
    return phone;
  };
  const side = (k = 0): VerifierSide => ({
    api: hubApi(t.url, fetchHttp),
    apiKey: world.keys[k]!.apiKey,
    verifierId: world.keys[k]!.verifierId,
    origin: ORIGIN,
    displaySeconds: world.displaySeconds,
  });
  /** The backend's one fetch of the result (E3: the signed outcome), checked against the JWKS. */
  const verifiedResult = async (sessionId: string, k: number, nonce?: string) => {
    const res = await t.api<{ outcome: string }>('GET', `/v1/sessions/${sessionId}/result`, {
      auth: world.keys[k]!.apiKey,
    });
    expect(res.status).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${t.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(res.body.outcome, jwks, {
      audience: world.keys[k]!.verifierId,
      typ: OUTCOME_TYP,
    });
    expect(payload).toMatchObject({ sid: sessionId, ...(nonce ? { nonce } : {}) });
  };

  it('[A1][A5] setup registers approved verifiers with keys and enrolls citizens with devices', async () => {
    expect(world.verifierIds).toHaveLength(2);
    // Interleaved: neighbouring slots use different verifiers.
    expect(world.keys.map((k) => k.verifierId)).toEqual([
      world.verifierIds[0],
      world.verifierIds[1],
      world.verifierIds[0],
      world.verifierIds[1],
    ]);
    expect(new Set(world.keys.map((k) => k.apiKey)).size).toBe(4);
    expect(world.citizens).toHaveLength(4);
    expect(new Set(world.citizens.map((c) => c.pesel)).size).toBe(4);
    for (const citizen of world.citizens) expect(citizen.devices).toHaveLength(2);
    const listed = await t.api<{ status: string }>(
      'GET',
      `/v1/admin/verifiers/${world.verifierIds[0]}`,
      { auth: t.adminToken },
    );
    expect(listed.body).toMatchObject({ status: 'active', origins: [ORIGIN] });
  });

  it('refuses to provision more citizens than the dev API hands out', async () => {
    await expect(
      provisionWorld({
        hubUrls: [t.url],
        adminToken: t.adminToken,
        http: fetchHttp,
        verifiers: 1,
        keysPerVerifier: 1,
        citizens: MAX_DEV_CITIZENS + 1,
        origin: ORIGIN,
        flows: ['code'],
        displaySeconds: 30,
        label: 'too many',
      }),
    ).rejects.toThrow(/at most 100/);
  });

  it('[F1][D4] a complete code verification through the codec delivers a presentation bound to it', async () => {
    const phone = await phoneOf(0);
    const nonce = 'nonce-f1-0001';
    const timings = await verifyByCode(rt, { ...side(1), phone, nonce });
    expect(timings).toMatchObject({
      sessionId: expect.any(String),
      create: expect.any(Number),
      widgetConnect: expect.any(Number),
      join: expect.any(Number),
      approveToData: expect.any(Number),
      whole: expect.any(Number),
    });
    await verifiedResult(timings.sessionId, 1, nonce);
    // The citizen's slot is free again (S4): the same phone verifies once more at once.
    const again = await verifyByCode(rt, { ...side(1), phone, nonce: 'nonce-f1-0002' });
    expect(again.sessionId).not.toBe(timings.sessionId);
  });

  it('[F2][P5] a push verification approved with the match number', async () => {
    const phone = await phoneOf(1, 1);
    const citizen = world.citizens[1]!;
    const timings = await verifyByPush(rt, {
      ...side(2),
      phone,
      pesel: citizen.pesel,
      nonce: 'n-f2',
    });
    expect(timings.push).toBeGreaterThanOrEqual(0);
    await verifiedResult(timings.sessionId, 2, 'n-f2');
  });

  it('[F3] an SMS-code verification with the code read from the dev outbox', async () => {
    const citizen = world.citizens[2]!;
    const timings = await verifyByOtp(rt, {
      ...side(3),
      pesel: citizen.pesel,
      phoneNumber: citizen.phone,
      nonce: 'n-f3',
    });
    await verifiedResult(timings.sessionId, 3, 'n-f3');
    expect(t.smsOutbox(citizen.phone)).toHaveLength(1);
  });

  it('[F4] a peer verification between two citizens', async () => {
    const phone = await phoneOf(3);
    const timings = await verifyPeer(rt, {
      api: hubApi(t.url, fetchHttp),
      verifierToken: world.citizens[0]!.devices[1]!.deviceToken,
      phone,
      displaySeconds: 30,
    });
    expect(timings.sessionId).toEqual(expect.any(String));
  });

  it('[S4] a step that fails cancels its session, so the citizen is free for the next iteration', async () => {
    const citizen = world.citizens[1]!;
    // The push goes to citizen 1, but the phone listening is citizen 0's: the push step times out.
    const wrongPhone = await phoneOf(0);
    const quick = nodeRuntime(300);
    const failed = verifyByPush(quick, {
      ...side(0),
      phone: wrongPhone,
      pesel: citizen.pesel,
      nonce: 'x',
    });
    await expect(failed).rejects.toBeInstanceOf(StepError);
    await expect(failed).rejects.toMatchObject({ step: 'push' });
    const phone = await phoneOf(1);
    const timings = await verifyByPush(rt, { ...side(0), phone, pesel: citizen.pesel, nonce: 'y' });
    await verifiedResult(timings.sessionId, 0, 'y');
  });

  it('[A5] a suspended verifier’s key fails at the create step with the hub’s code', async () => {
    await retireWorld(world, t.adminToken, fetchHttp);
    const phone = await phoneOf(0);
    const failed = verifyByCode(rt, { ...side(0), phone, nonce: 'z' });
    await expect(failed).rejects.toMatchObject({ step: 'create', code: expect.any(String) });
    await expect(failed).rejects.toThrow(/POST \/v1\/sessions: expected HTTP 201/);
  });
});
