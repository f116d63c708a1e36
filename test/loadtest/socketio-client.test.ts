/**
 * The load generator's Socket.IO client (loadtest/lib/socketio-client.ts) against a real hub on
 * port 0, over the `ws` package standing in for k6's WebSocket: the namespace handshake with
 * `auth`, `connect_error`, an acked command, server events, the Engine.IO heartbeat, and both
 * ends of a disconnect. The hub pings every 50 ms here, so the heartbeat is exercised all along.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../contracts/index.js';
import { connectPhone, connectWidget, SOCKET_PROTOCOL, step } from '../../loadtest/lib/flows.ts';
import { provisionWorld, type LoadWorld } from '../../loadtest/lib/provision.ts';
import {
  ConnectError,
  SocketWaitError,
  type SocketIoClient,
} from '../../loadtest/lib/socketio-client.ts';
import { DEMO_ORIGIN, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { waitUntil } from '../helpers/wait.js';
import { fetchHttp, nodeRuntime, wsTransport } from './node-runtime.ts';

const rt = nodeRuntime(5000);

describe('the load generator’s Socket.IO client against a real hub', () => {
  let t: TestHub;
  let world: LoadWorld;
  const opened: SocketIoClient[] = [];
  const track = (client: SocketIoClient) => {
    opened.push(client);
    return client;
  };

  beforeEach(async () => {
    t = await startTestHub({
      deps: {
        configureIo: (io) => {
          io.engine.opts.pingInterval = 50;
          io.engine.opts.pingTimeout = 1000;
        },
      },
    });
    world = await provisionWorld({
      hubUrls: [t.url],
      adminToken: t.adminToken,
      http: fetchHttp,
      verifiers: 1,
      keysPerVerifier: 1,
      citizens: 2,
      origin: DEMO_ORIGIN,
      flows: ['code'],
      displaySeconds: 30,
      label: 'client test',
    });
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((c) => c.close()));
    await t.close();
  });

  const phoneOf = (c: number) =>
    connectPhone(rt, t.url, world.citizens[c]!.devices[0]!.deviceToken).then(track);
  const citizenSockets = () => t.hub.io.of('/citizen').sockets.size;

  it('speaks the socket protocol version of the contracts', () => {
    expect(SOCKET_PROTOCOL).toBe(PROTOCOL_VERSION);
  });

  it('[A3] joins /citizen with the device token in the handshake auth', async () => {
    const phone = await phoneOf(0);
    expect(phone.connected).toBe(true);
    expect(phone.id).toMatch(/\S+/);
    expect(phone.pingInterval).toBe(50);
    expect(citizenSockets()).toBe(1);
  });

  it('[A3] a refused handshake rejects with connect_error and the hub’s { code, message }', async () => {
    const connecting = connectPhone(rt, t.url, 'not-a-device-token');
    await expect(connecting).rejects.toBeInstanceOf(ConnectError);
    await expect(connecting).rejects.toMatchObject({
      data: { code: 'unauthorized', message: expect.any(String) },
    });
    // As a step of a verification, the refusal keeps the hub's code (mdok_step_failures{code}).
    await expect(step('phone connect', () => connecting)).rejects.toMatchObject({
      step: 'phone connect',
      code: 'unauthorized',
    });
    expect(citizenSockets()).toBe(0);
  });

  it('[V2] an acked command resolves with the hub’s ack, refusal or data', async () => {
    const phone = await phoneOf(0);
    const created = await t.createSession('bank', {
      flow: 'code',
      request: { documents: [{ type: 'id_card', claims: ['given_names'] }], purpose: 'Test' },
    });
    const code = created.code!;
    const wrong = String((Number(code) + 1) % 10 ** code.length).padStart(code.length, '0');
    expect(await phone.request('pairing:join', { code: wrong })).toMatchObject({
      ok: false,
      error: { code: 'code_invalid', message: expect.any(String) },
    });
    expect(await phone.request('pairing:join', { code: created.code })).toMatchObject({
      ok: true,
      data: { sessionId: created.sessionId, flow: 'code', verifier: { name: expect.any(String) } },
    });
  });

  it('[P1] receives server events, also those that arrived before it asked', async () => {
    const created = await t.createSession('bank', {
      flow: 'code',
      request: { documents: [{ type: 'id_card', claims: ['given_names'] }], purpose: 'Test' },
    });
    const widget = track(await connectWidget(rt, t.url, created.widgetToken, DEMO_ORIGIN));
    expect(await widget.next('session:state')).toMatchObject({
      sessionId: created.sessionId,
      state: 'awaiting_citizen',
    });
    expect(await widget.next('session:qr')).toMatchObject({
      code: created.code,
      payload: expect.stringMatching(/^mdok1\./),
    });
  });

  it('a wait whose predicate throws on a payload treats it as a mismatch, not a broken link', async () => {
    const created = await t.createSession('bank', {
      flow: 'code',
      request: { documents: [{ type: 'id_card', claims: ['given_names'] }], purpose: 'Test' },
    });
    const widget = track(await connectWidget(rt, t.url, created.widgetToken, DEMO_ORIGIN));
    const refused = widget.next<{ no: { such: string } }>('session:state', {
      match: (e) => e.no.such === 'field',
      timeoutMs: 300,
    });
    await expect(refused).rejects.toBeInstanceOf(SocketWaitError);
    expect(widget.connected).toBe(true);
    expect(await widget.next('session:state')).toMatchObject({ state: 'awaiting_citizen' });
  });

  it('[A4] a widget from an origin off the allow-list is refused at the handshake', async () => {
    const created = await t.createSession('bank', {
      flow: 'code',
      request: { documents: [{ type: 'id_card', claims: ['given_names'] }], purpose: 'Test' },
    });
    await expect(
      connectWidget(rt, t.url, created.widgetToken, 'https://evil.example'),
    ).rejects.toMatchObject({ data: { code: 'forbidden' } });
  });

  it('answers the hub’s Engine.IO pings and stays connected', async () => {
    const phone = await phoneOf(0);
    await waitUntil(() => phone.heartbeats >= 4, 5000, 'four heartbeats');
    expect(phone.connected).toBe(true);
    expect(await phone.request('request:reject', { sessionId: 'no-such-session' })).toMatchObject({
      ok: false,
    });
  });

  it('a client that does not answer pings is cut off by the hub (so the test above can fail)', async () => {
    const mute = nodeRuntime(5000, wsTransport({ outgoing: (frame) => frame !== '3' }));
    const phone = track(
      await connectPhone(mute, t.url, world.citizens[0]!.devices[0]!.deviceToken),
    );
    const info = await phone.closed;
    expect(info.reason).toBe('transport close');
    expect(phone.connected).toBe(false);
  });

  it('disconnects: the hub sees the socket leave and the client reports why', async () => {
    const phone = await phoneOf(0);
    expect(citizenSockets()).toBe(1);
    const info = await phone.close();
    expect(info).toEqual({ reason: 'io client disconnect' });
    await waitUntil(() => citizenSockets() === 0, 5000, 'the hub to drop the socket');
    await expect(phone.request('request:reject', { sessionId: 'x' })).rejects.toBeInstanceOf(
      SocketWaitError,
    );
  });

  it('[A3] a device deactivated meanwhile is disconnected by the hub; pending waits end at once', async () => {
    const phone = await phoneOf(1);
    // Settled into a value at once: it ends while the DELETE below is still being answered.
    const waiting = phone.next('request:incoming', { timeoutMs: 60_000 }).catch((e: unknown) => e);
    const device = world.citizens[1]!.devices[0]!;
    const res = await t.api('DELETE', `/v1/citizen/devices/${device.deviceId}`, {
      auth: device.deviceToken,
    });
    expect(res.status).toBe(200);
    expect(await waiting).toBeInstanceOf(SocketWaitError);
    expect((await phone.closed).reason).toBe('io server disconnect');
  });
});
