/**
 * What an admitted socket keeps of the HTTP upgrade request it came in on (memory per idle
 * socket). Engine.IO keeps the whole `IncomingMessage` for as long as the connection lives — as
 * the connection's `request`, and through the `WebSocketResponse` it built for the upgrade, which
 * the TCP socket's `close` listener holds — about 1 KiB per socket of raw headers, parser and
 * stream state that nothing reads after the handshake. (Socket.IO's memory guide advises dropping
 * the request for the same reason; since the upgrade's response also holds it, both go here.)
 *
 * Once a namespace admitted a socket, the connection's request becomes a stand-in holding what a
 * later namespace handshake on the same connection reads (Socket.IO's `buildHandshake`: headers,
 * URL, query, TLS), so a client multiplexing both namespaces over one connection is handshaken
 * as before; and the headers kept, in the stand-in and in the socket's handshake, are the ones
 * the hub reads (`KEPT_HEADERS`) — no user agent or other header lingers for the socket's life.
 *
 * After the release the upgrade's `WebSocketResponse` has no request: its header methods throw.
 * Nothing calls them once the upgrade is done — an Engine.IO middleware added later that would
 * (on the response's `close`, as pino-http does) must not be installed with this.
 */
import type { IncomingMessage } from 'node:http';
import type { Server, Socket } from 'socket.io';

/**
 * The headers the hub reads from a handshake: `host` and `origin` (a widget's origin check),
 * `x-forwarded-for` (the client's IP behind a trusted proxy, read again by each command).
 */
export const KEPT_HEADERS = ['host', 'origin', 'x-forwarded-for'] as const;

/** The part of an upgrade request a namespace handshake reads. */
interface RequestStandIn {
  headers: IncomingMessage['headers'];
  url: string | undefined;
  _query: unknown;
  connection: { encrypted: boolean };
}

/** An Engine.IO connection's request as it is kept: the real one, or its stand-in. */
interface HeldRequest {
  headers: IncomingMessage['headers'];
  url?: string | undefined;
  _query?: unknown;
  socket?: { encrypted?: boolean } | null;
  connection?: { encrypted?: boolean } | null;
}

/** What an upgrade's response is kept as (Engine.IO's `WebSocketResponse`). */
interface UpgradeResponse {
  req?: unknown;
}

/**
 * Starts noting each upgrade's response (an Engine.IO middleware) and answers the function that
 * lets go of an admitted socket's upgrade request.
 */
export function upgradeRequestRelease(io: Server): (socket: Socket) => void {
  const responses = new WeakMap<object, UpgradeResponse>();
  io.engine.use((req: object, res: UpgradeResponse, next: () => void) => {
    responses.set(req, res);
    next();
  });
  return (socket) => {
    const conn = socket.conn as unknown as { request: HeldRequest };
    const request = conn.request;
    const response = responses.get(request);
    if (!response) {
      // Already a stand-in: another namespace on this connection was admitted first — perhaps
      // while this socket's handshake, built from the real request, was being checked.
      socket.handshake.headers = request.headers;
      return;
    }
    responses.delete(request);
    response.req = undefined;
    const tls = request.socket ?? request.connection;
    const headers: Record<string, string | string[]> = {};
    for (const name of KEPT_HEADERS) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = value;
    }
    socket.handshake.headers = headers;
    const standIn: RequestStandIn = {
      headers,
      url: request.url,
      _query: request._query,
      connection: { encrypted: Boolean(tls?.encrypted) },
    };
    conn.request = standIn;
  };
}
