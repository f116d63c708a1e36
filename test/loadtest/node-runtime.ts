/**
 * The Node side of the load generator's `FlowRuntime`, for tests: the `ws` package stands in for
 * k6's WebSocket, `fetch` for `k6/http`, Node's timers for `k6/timers`. The load tests' pure
 * code (codec, Socket.IO client, flows, provisioning) runs on it against a real hub, so a framing
 * or protocol mistake fails `npm test` rather than a k6 run.
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import type { FlowRuntime } from '../../loadtest/lib/flows.ts';
import type { HttpClient } from '../../loadtest/lib/hub-api.ts';
import type {
  Timers,
  Transport,
  TransportEvents,
  TransportFactory,
} from '../../loadtest/lib/socketio-client.ts';

/** Node's timers and a sub-millisecond clock. */
export const nodeTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

/** Options of `wsTransport`. */
export interface WsTransportOptions {
  /** Sees every outgoing frame; returning false drops it (to prove a test can fail). */
  outgoing?: (frame: string) => boolean;
  /** Sees every incoming text frame. */
  incoming?: (frame: string) => void;
}

/** A transport over the `ws` package. */
export function wsTransport(options: WsTransportOptions = {}): TransportFactory {
  return (url: string, headers: Record<string, string>, events: TransportEvents): Transport => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => events.open());
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      if (text !== null) options.incoming?.(text);
      events.message(text);
    });
    ws.on('error', (error) => events.error(error.message));
    ws.on('close', (code, reason) => events.close(code, reason.toString()));
    return {
      send(frame) {
        if (ws.readyState !== WebSocket.OPEN) return false;
        if (options.outgoing && !options.outgoing(frame)) return true;
        ws.send(frame);
        return true;
      },
      close() {
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close();
      },
    };
  };
}

/** HTTP over `fetch`. */
export const fetchHttp: HttpClient = async (request) => {
  const headers: Record<string, string> = {};
  if (request.auth) headers.authorization = `Bearer ${request.auth}`;
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers,
      ...(request.json === undefined ? {} : { body: JSON.stringify(request.json) }),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, body };
  } catch (error) {
    return { status: 0, body: null, error: (error as Error).message };
  }
};

/** A runtime over `ws`, `fetch` and Node's timers. */
export function nodeRuntime(stepTimeoutMs = 5000, transport = wsTransport()): FlowRuntime {
  return { http: fetchHttp, transport, timers: nodeTimers, stepTimeoutMs };
}
