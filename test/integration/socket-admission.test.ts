/**
 * What an admitted socket keeps, and what admission must still do when a client does something
 * unusual: multiplex both namespaces over one connection (the second handshake is checked as the
 * first was, though the connection's upgrade request has been let go of), or vanish in the middle
 * of its handshake (its token's slot is not held forever). Real hub, real `socket.io-client` and
 * `ws` clients over TCP.
 */
import { IncomingMessage } from 'node:http';
import { Manager, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { citizenCommands, verifierCommands } from '../../contracts/index.js';
import type { ConnectErrorData } from '../../contracts/index.js';
import { createMemoryRecordStore } from '../../adapters/records/memory-record-store.js';
import type { RecordStore } from '../../adapters/records/record-store.js';
import { commandsOf } from '../../hub/sockets/socket-commands.js';
import { KEPT_HEADERS } from '../../hub/sockets/upgrade-request.js';
import { idRequest } from '../helpers/fixtures.js';
import {
  DEMO_ORIGIN,
  startTestHub,
  type TestHub,
  type TestHubOptions,
} from '../helpers/test-hub.js';
import { waitUntil } from '../helpers/wait.js';

const running: TestHub[] = [];
const clients: Array<{ close(): void }> = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(running.splice(0).map((t) => t.close()));
});

async function start(options: TestHubOptions = {}): Promise<TestHub> {
  const t = await startTestHub(options);
  running.push(t);
  return t;
}

/** Resolves connected, or with the hub's refusal. */
function opened(socket: Socket): Promise<ConnectErrorData | 'connected'> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error: Error & { data?: ConnectErrorData }) =>
      resolve(error.data ?? { code: 'internal', message: error.message }),
    );
  });
}

/** One connection on which sockets of both namespaces can be opened. */
function connection(t: TestHub, headers: Record<string, string>): Manager {
  const manager = new Manager(t.url, {
    transports: ['websocket'],
    reconnection: false,
    extraHeaders: headers,
  });
  clients.push({ close: () => manager.engine?.close() });
  return manager;
}

describe('socket admission', () => {
  it('[A4] a second namespace on the same connection is handshaken as the first: a foreign origin is refused', async () => {
    const t = await start();
    const citizen = await t.citizen();
    const created = await t.createSession('bank', { flow: 'code', request: idRequest() });
    const evil = connection(t, { origin: 'https://evil.example' });
    expect(await opened(evil.socket('/citizen', { auth: { token: citizen.deviceToken } }))).toBe(
      'connected',
    );
    expect(
      await opened(evil.socket('/verifier', { auth: { token: created.widgetToken } })),
    ).toMatchObject({ code: 'forbidden' });
    const bank = connection(t, { origin: DEMO_ORIGIN });
    expect(await opened(bank.socket('/citizen', { auth: { token: citizen.deviceToken } }))).toBe(
      'connected',
    );
    expect(await opened(bank.socket('/verifier', { auth: { token: created.widgetToken } }))).toBe(
      'connected',
    );
    // Both sockets share one Engine.IO connection, and the second saw the same headers.
    const [phone] = t.hub.io.of('/citizen').sockets.values();
    const [widget] = t.hub.io.of('/verifier').sockets.values();
    expect(widget!.conn).toBe([...t.hub.io.of('/citizen').sockets.values()].at(-1)!.conn);
    expect(widget!.handshake.headers.origin).toBe(DEMO_ORIGIN);
    expect(widget!.handshake.secure).toBe(false);
    expect(widget!.handshake.address).toBe(phone!.handshake.address);
  });

  it('[privacy] an admitted socket keeps of its upgrade request only the headers the hub reads', async () => {
    const t = await start();
    const citizen = await t.citizen();
    const manager = connection(t, {
      'user-agent': 'MojaAplikacja/1.0 (Android 14; Pixel 8)',
      'x-forwarded-for': '203.0.113.9',
      'accept-language': 'pl-PL',
    });
    const socket = manager.socket('/citizen', { auth: { token: citizen.deviceToken } });
    expect(await opened(socket)).toBe('connected');
    const held = [...t.hub.io.of('/citizen').sockets.values()].find((s) => s.id === socket.id)!;
    expect(Object.keys(held.handshake.headers).sort()).toEqual(
      KEPT_HEADERS.filter((h) => h !== 'origin'),
    );
    expect(held.handshake.headers['x-forwarded-for']).toBe('203.0.113.9');
    expect(held.conn.request).not.toBeInstanceOf(IncomingMessage);
    expect(JSON.stringify(held.conn.request)).not.toContain('MojaAplikacja');
    expect(held.handshake.auth).toEqual({});
  });

  it('[privacy] so do two sockets whose handshakes on one connection overlap', async () => {
    const t = await start();
    const citizen = await t.citizen();
    const created = await t.createSession('bank', { flow: 'code', request: idRequest() });
    const ws = new WebSocket(
      `${t.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
      {
        headers: { origin: DEMO_ORIGIN, 'user-agent': 'MojaAplikacja/1.0' },
      },
    );
    clients.push({ close: () => ws.terminate() });
    await new Promise<void>((resolve) => ws.once('message', () => resolve()));
    ws.send(`40/citizen,${JSON.stringify({ token: citizen.deviceToken })}`);
    ws.send(`40/verifier,${JSON.stringify({ token: created.widgetToken })}`);
    const both = () => {
      const [widget] = t.hub.io.of('/verifier').sockets.values();
      const phone = [...t.hub.io.of('/citizen').sockets.values()].find(
        (s) => widget && s.conn === widget.conn,
      );
      return widget && phone ? [widget, phone] : [];
    };
    await waitUntil(() => both().length === 2, 5000, 'both sockets');
    for (const socket of both()) {
      expect(Object.keys(socket.handshake.headers).sort()).toEqual(['host', 'origin']);
    }
  });

  it("[A7] a client gone in the middle of its handshake does not keep its token's slot", async () => {
    // Device lookups wait at a gate, so that the client is surely gone before admission.
    let gate: Promise<void> | undefined;
    let waiting = 0;
    const records = createMemoryRecordStore();
    const gated: RecordStore = {
      ...records,
      citizens: {
        ...records.citizens,
        getDevice: async (id) => {
          if (gate) {
            waiting++;
            await gate;
          }
          return records.citizens.getDevice(id);
        },
      },
    };
    const t = await start({ config: { maxSocketsPerToken: 2 }, deps: { records: gated } });
    const citizen = await t.citizen();
    citizen.socket.close();
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    for (let i = 0; i < 3; i++) {
      const ws = new WebSocket(
        `${t.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
      );
      await new Promise<void>((resolve) => ws.once('message', () => resolve()));
      ws.send(`40/citizen,${JSON.stringify({ token: citizen.deviceToken })}`);
      await waitUntil(() => waiting === i + 1, 5000, 'the handshake to reach the gate');
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    }
    await waitUntil(() => t.hub.io.engine.clientsCount === 0, 5000, 'the clients to be gone');
    open();
    gate = undefined;
    // The three handshakes now end (dropped, their clients gone) within a turn or two.
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
    const first = await t.citizenSocket(citizen.deviceToken);
    const second = await t.citizenSocket(citizen.deviceToken);
    expect([first.connected, second.connected]).toEqual([true, true]);
  });

  it('[V1] every command of the contract has its handler on its namespace', async () => {
    const t = await start();
    expect(commandsOf(t.hub.io.of('/verifier')).sort()).toEqual([...verifierCommands].sort());
    expect(commandsOf(t.hub.io.of('/citizen')).sort()).toEqual([...citizenCommands].sort());
  });
});
