/**
 * Bytes on the wire, counted at the TCP sockets of the benchmark's driver: HTTP agents whose
 * connections are tracked per channel (the backend's HTTP calls, the widgets' sockets, the
 * phones' sockets), so that what a verification costs on the wire — request and response
 * headers, WebSocket upgrades and frames, both directions — is read from the sockets' own byte
 * counters rather than estimated from payload sizes. Also the driver's small JSON client over
 * such an agent (keep-alive, as a backend would call the hub).
 */
import { Agent, request, type AgentOptions } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Where bytes go: one agent each. */
export type Channel = 'http' | 'widget' | 'phone';

/** Bytes of one channel, as the driver sees them. */
export interface ChannelBytes {
  /** Written by the driver (to the server). */
  sent: number;
  /** Read by the driver (from the server). */
  received: number;
}

/** Bytes per channel so far. */
export type WireBytes = Record<Channel, ChannelBytes>;

/** Counts the bytes of every connection its agents open. */
export interface WireMeter {
  /** The agent of a channel (its connections are counted). */
  agent(channel: Channel): Agent;
  /** Bytes so far: closed connections' totals plus open connections' counters. */
  totals(): WireBytes;
}

const channels: Channel[] = ['http', 'widget', 'phone'];

/** `after − before`, per channel. */
export function bytesBetween(before: WireBytes, after: WireBytes): WireBytes {
  const diff = {} as WireBytes;
  for (const c of channels) {
    diff[c] = {
      sent: after[c].sent - before[c].sent,
      received: after[c].received - before[c].received,
    };
  }
  return diff;
}

/** The sum of several byte counts, per channel. */
export function sumBytes(counts: WireBytes[]): WireBytes {
  const total = emptyBytes();
  for (const count of counts) {
    for (const c of channels) {
      total[c].sent += count[c].sent;
      total[c].received += count[c].received;
    }
  }
  return total;
}

function emptyBytes(): WireBytes {
  return {
    http: { sent: 0, received: 0 },
    widget: { sent: 0, received: 0 },
    phone: { sent: 0, received: 0 },
  };
}

/** A meter; `localAddress` binds every connection's source address (e.g. `127.0.0.2`). */
export function createWireMeter(localAddress?: string): WireMeter {
  const closed = emptyBytes();
  const open = new Map<Socket, Channel>();
  const agents = new Map<Channel, Agent>();
  const agentFor = (channel: Channel): Agent => {
    const options: AgentOptions = channel === 'http' ? { keepAlive: true } : {};
    const agent = new Agent(options);
    // The agent's one way to a connection: every socket it uses is made (and counted) here.
    agent.createConnection = (opts, callback) => {
      const socket = createConnection({
        ...(opts as object),
        ...(localAddress ? { localAddress } : {}),
      } as Parameters<typeof createConnection>[0]);
      open.set(socket, channel);
      socket.once('close', () => {
        open.delete(socket);
        closed[channel].sent += socket.bytesWritten;
        closed[channel].received += socket.bytesRead;
      });
      if (callback) socket.once('connect', () => callback(null, socket as Duplex));
      return socket as Duplex;
    };
    return agent;
  };
  return {
    agent(channel) {
      let agent = agents.get(channel);
      if (!agent) {
        agent = agentFor(channel);
        agents.set(channel, agent);
      }
      return agent;
    },
    totals() {
      const sum = structuredClone(closed);
      for (const [socket, channel] of open) {
        sum[channel].sent += socket.bytesWritten;
        sum[channel].received += socket.bytesRead;
      }
      return sum;
    },
  };
}

/** An HTTP answer: status and parsed JSON body (null when empty or not JSON). */
export interface JsonAnswer<T> {
  status: number;
  body: T;
}

/** Calls `method url` with an optional bearer token and JSON body over `agent`. */
export function requestJson<T>(
  agent: Agent,
  method: string,
  url: string,
  options: { auth?: string; json?: unknown } = {},
): Promise<JsonAnswer<T>> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = {};
  if (options.auth) headers.authorization = `Bearer ${options.auth}`;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          parsed = null;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed as T });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
