/**
 * The k6 side of `FlowRuntime`: WebSockets from `k6/websockets`, timers from `k6/timers`, HTTP
 * from `k6/http`'s `asyncRequest` (so socket events keep flowing while a request is out), and
 * `Date.now()` as the clock (k6 has no `performance.now()`; timings are whole milliseconds). The
 * only module of `lib/` that imports k6: the rest is pure and tested under vitest.
 */
import http from 'k6/http';
import { clearTimeout, setTimeout } from 'k6/timers';
import { WebSocket } from 'k6/websockets';
import type { FlowRuntime } from './flows.ts';
import type { HttpClient } from './hub-api.ts';
import type { Timers, TransportFactory } from './socketio-client.ts';

/** WebSocket ready states (the WHATWG numbers k6 uses). */
const CONNECTING = 0;
const OPEN = 1;

/** A transport over k6's WebSocket. */
export const k6Transport: TransportFactory = (url, headers, events) => {
  const ws = new WebSocket(url, null, { headers, tags: { name: 'socket.io' } });
  let closeWanted = false;
  ws.onopen = () => {
    // k6 queues a close only once the socket is open: a close asked for earlier happens here.
    if (closeWanted) ws.close();
    else events.open();
  };
  ws.onmessage = (event) => {
    const data = event?.data;
    events.message(typeof data === 'string' ? data : null);
  };
  ws.onerror = (event) => events.error(String(event?.error ?? 'WebSocket error'));
  // k6 passes `{ code, reason }`, though its types declare no argument.
  ws.onclose = (event?: unknown) => {
    const info = (event ?? {}) as { code?: unknown; reason?: unknown };
    events.close(
      typeof info.code === 'number' ? info.code : undefined,
      typeof info.reason === 'string' ? info.reason : undefined,
    );
  };
  return {
    send(frame) {
      // k6 throws InvalidStateError when sending on a socket that is not open.
      if (ws.readyState !== OPEN) return false;
      ws.send(frame);
      return true;
    },
    close() {
      if (ws.readyState === OPEN) ws.close();
      else if (ws.readyState === CONNECTING) closeWanted = true;
    },
  };
};

/** k6's timers and wall clock. */
export const k6Timers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as number),
  now: () => Date.now(),
};

/** HTTP over `http.asyncRequest`, tagged with the route name for k6's `http_req_*` metrics. */
export const k6Http: HttpClient = async (request) => {
  const headers: Record<string, string> = {};
  if (request.auth) headers.Authorization = `Bearer ${request.auth}`;
  let body: string | null = null;
  if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.json);
  }
  const res = await http.asyncRequest(request.method, request.url, body, {
    headers,
    tags: { name: request.name },
    timeout: '30s',
  });
  let parsed: unknown = null;
  if (typeof res.body === 'string' && res.body.length > 0) {
    try {
      parsed = JSON.parse(res.body);
    } catch {
      parsed = res.body;
    }
  }
  return { status: res.status, body: parsed, ...(res.error ? { error: res.error } : {}) };
};

/** The runtime every scenario's flows use. */
export function k6Runtime(stepTimeoutMs: number): FlowRuntime {
  return { http: k6Http, transport: k6Transport, timers: k6Timers, stepTimeoutMs };
}
