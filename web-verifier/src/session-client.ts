/**
 * The widget's connection to the hub's `/verifier` namespace (PRODUCT §6, §8): a typed
 * Socket.IO client authenticated by the widget token (A2; the widget never sees an API key),
 * websocket transport only, speaking the contracts' `PROTOCOL_VERSION` in the handshake. The
 * socket is typed with the contracts' event maps, so a wrong event name or payload fails the
 * build. Incoming events are still shape-checked (wire.ts) before they reach the element;
 * commands are acked and time out after ten seconds. One client per token: a new token means a
 * new client.
 */
import { io, type Socket } from 'socket.io-client';
import type { ErrorObject } from '../../contracts/errors.js';
import type {
  HandshakeAuth,
  SessionDataEvent,
  SessionEndedEvent,
  SessionQrEvent,
  SessionStateEvent,
  VerifierClientEvents,
  VerifierServerEvents,
} from '../../contracts/events.js';
import { PROTOCOL_VERSION } from '../../contracts/events.js';
import type { Subject } from '../../contracts/identifiers.js';
import {
  parseAck,
  parseConnectError,
  parseData,
  parseEnded,
  parseQr,
  parseState,
  parseToken,
} from './wire.js';

/** How long a command waits for its ack. */
export const ACK_TIMEOUT_MS = 10_000;
/** Pause before reconnecting after the hub closed the connection itself. */
export const SERVER_DISCONNECT_RETRY_MS = 500;

/** What the client reports to its owner. */
export interface SessionClientHandlers {
  onConnect(): void;
  /** The connection dropped; Socket.IO retries by itself unless the hub refused us. */
  onDisconnect(): void;
  /**
   * The handshake failed. `refused` is true when the hub said no (`unauthorized`, `forbidden`,
   * `not_found`): then there is no retry. Otherwise it is a network problem and retries go on.
   */
  onConnectError(error: { code: string; message: string }, refused: boolean): void;
  onState(event: SessionStateEvent): void;
  onQr(event: SessionQrEvent): void;
  onData(event: SessionDataEvent): void;
  onEnded(event: SessionEndedEvent): void;
  /** An event arrived in a shape the widget cannot use. */
  onProtocolError(event: string): void;
}

/** An acked command's outcome. */
export type CommandResult = { ok: true } | { ok: false; error: ErrorObject | WidgetTimeout };

/** A command that got no ack in time (or could not be sent). */
export interface WidgetTimeout {
  code: 'timeout';
  message: string;
}

/** Options of `createSessionClient`. */
export interface SessionClientOptions {
  /** Base URL of the hub, e.g. `https://hub.example`. */
  hub: string;
  /** The widget token minted by `POST /v1/sessions`. */
  token: string;
  handlers: SessionClientHandlers;
}

/** A live connection for one session. */
export interface SessionClient {
  cancel(sessionId: string): Promise<CommandResult>;
  pushSubject(sessionId: string, subject: Subject): Promise<CommandResult>;
  submitOtp(sessionId: string, code: string): Promise<CommandResult>;
  /** Disconnects for good and forgets the handlers. */
  close(): void;
}

/** The widget's socket: typed by the contracts' `/verifier` event maps. */
export type VerifierSocket = Socket<VerifierServerEvents, VerifierClientEvents>;

/** The handshake's `auth`: the widget token and the protocol version the widget speaks. */
export function handshakeAuth(token: string): HandshakeAuth {
  return { token, protocol: PROTOCOL_VERSION };
}

/** Connects to `${hub}/verifier` with the token. */
export function createSessionClient(options: SessionClientOptions): SessionClient {
  const { handlers } = options;
  const url = new URL('/verifier', options.hub).href;
  const socket: VerifierSocket = io(url, {
    auth: handshakeAuth(options.token),
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelayMax: 5_000,
  });
  let closed = false;
  const guard =
    <T>(name: string, parse: (v: unknown) => T | null, deliver: (event: T) => void) =>
    (raw: unknown) => {
      if (closed) return;
      const event = parse(raw);
      if (event === null) handlers.onProtocolError(name);
      else deliver(event);
    };

  socket.on('connect', () => {
    if (!closed) handlers.onConnect();
  });
  socket.on('disconnect', (reason) => {
    if (closed) return;
    handlers.onDisconnect();
    // The hub dropped us on purpose: a node shutting down (X3: carry on at another node) or a
    // suspended verifier (A5: the next handshake is refused). Socket.IO does not retry this
    // case by itself, so try once; a refusal then ends the widget's session.
    if (reason === 'io server disconnect') {
      setTimeout(() => {
        if (!closed) socket.connect();
      }, SERVER_DISCONNECT_RETRY_MS);
    }
  });
  socket.on('connect_error', (err: unknown) => {
    if (closed) return;
    const refusal = parseConnectError(err);
    // A middleware refusal leaves the socket inactive: Socket.IO will not retry it.
    const refused = refusal !== null && !socket.active;
    const message = err instanceof Error ? err.message : String(err);
    handlers.onConnectError(refusal ?? { code: 'network', message }, refused);
  });
  socket.on(
    'session:state',
    guard('session:state', parseState, (e) => handlers.onState(e)),
  );
  socket.on(
    'session:qr',
    guard('session:qr', parseQr, (e) => handlers.onQr(e)),
  );
  socket.on(
    'session:data',
    guard('session:data', parseData, (e) => handlers.onData(e)),
  );
  socket.on(
    'session:ended',
    guard('session:ended', parseEnded, (e) => handlers.onEnded(e)),
  );
  // The hub renews the short-lived widget token while connected; a reconnect late in a long
  // display window then still authenticates. Held here, in memory, and nowhere else.
  socket.on(
    'session:token',
    guard('session:token', parseToken, (e) => {
      socket.auth = handshakeAuth(e.widgetToken);
    }),
  );

  type TimedSocket = ReturnType<VerifierSocket['timeout']>;
  const command = async (send: (s: TimedSocket) => Promise<unknown>): Promise<CommandResult> => {
    if (closed || !socket.connected) {
      return { ok: false, error: { code: 'timeout', message: 'not connected' } };
    }
    try {
      // The event map types the payload; the ack is parsed, never trusted.
      return parseAck(await send(socket.timeout(ACK_TIMEOUT_MS)));
    } catch {
      return { ok: false, error: { code: 'timeout', message: 'no answer from the hub' } };
    }
  };

  return {
    cancel: (sessionId) => command((s) => s.emitWithAck('session:cancel', { sessionId })),
    pushSubject: (sessionId, subject) =>
      command((s) => s.emitWithAck('subject:push', { sessionId, subject })),
    submitOtp: (sessionId, code) =>
      command((s) => s.emitWithAck('otp:submit', { sessionId, code })),
    close() {
      closed = true;
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

/**
 * The hub's origin: from the `hub` attribute when set (absolute, or relative to the page), else
 * from the script the widget was loaded from (`import.meta.url`). The hub serves `/verifier` and
 * `/.well-known/jwks.json` at its root, so only the origin counts. Null when it is not http(s).
 */
export function resolveHub(attribute: string, scriptUrl: string, pageUrl?: string): string | null {
  try {
    const url = attribute ? new URL(attribute, pageUrl) : new URL(scriptUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}
