/**
 * The `/verifier` namespace: the widget on the clerk's screen. The handshake needs a widget
 * token for one session (A2) from an allowed origin (A4); on connect (and on every reconnect,
 * on any node) the socket gets the current state and, inside the display window, the data again.
 */
import {
  isTerminal,
  OtpSubmitCommand,
  SessionCancelCommand,
  SubjectPushCommand,
} from '../../contracts/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { stateEvent } from '../sessions/notifier.js';
import {
  cancelSession,
  currentData,
  pushSubject,
  submitOtp,
} from '../sessions/verifier-service.js';
import { activeVerifier } from '../sessions/callers.js';
import type { Session } from '../sessions/session.js';
import type { QrTicker } from './qr-ticker.js';
import { trackVerifierSocket } from './session-watchdog.js';
import { rooms } from './socket-notifier.js';
import { connectError, handshakeToken, onCommand } from './socket-commands.js';
import type { SocketGuard } from './socket-guard.js';
import type { VerifierNamespace, VerifierSocket } from './socket-types.js';

/** Wires handshake, connect-time replay and commands of `/verifier`. */
export function attachVerifierNamespace(
  ctx: HubContext,
  namespace: VerifierNamespace,
  ticker: QrTicker,
  guard: SocketGuard,
): void {
  namespace.use((socket, next) => {
    authenticate(ctx, socket)
      .then(() => guard.admit(socket))
      .then(
        () => next(),
        (error: unknown) => next(connectError(error, ctx.logger)),
      );
  });

  const sameSession = (socket: VerifierSocket, id: string) => {
    if (id !== socket.data.sessionId) {
      throw new HubError('forbidden', 'this token is for another session');
    }
  };
  onCommand(namespace, 'session:cancel', SessionCancelCommand, ctx.logger, async (socket, p) => {
    sameSession(socket, p.sessionId);
    await cancelSession(ctx, socket.data.verifierId, p.sessionId);
  });
  onCommand(namespace, 'otp:submit', OtpSubmitCommand, ctx.logger, async (socket, p) => {
    sameSession(socket, p.sessionId);
    await submitOtp(ctx, socket.data.verifierId, p.sessionId, p.code);
  });
  onCommand(namespace, 'subject:push', SubjectPushCommand, ctx.logger, async (socket, p) => {
    sameSession(socket, p.sessionId);
    await pushSubject(ctx, socket.data.verifierId, p.sessionId, p.subject);
  });

  namespace.on('connection', (socket) => {
    const { sessionId, verifierId } = socket.data;
    trackVerifierSocket(socket);
    void socket.join([rooms.session(sessionId), rooms.verifier(verifierId)]);
    // A2 tokens are short-lived; hand the widget fresh ones for reconnects in long sessions.
    const refresh = setInterval(() => {
      ctx.tokens.widget({ sessionId, verifierId }).then(
        ({ token, expiresAt }) =>
          socket.emit('session:token', {
            widgetToken: token,
            expiresAt: new Date(expiresAt).toISOString(),
          }),
        (error: unknown) => ctx.logger.warn({ err: error }, 'token refresh failed'),
      );
    }, ctx.config.widgetTokenTtlMs / 2);
    refresh.unref();
    socket.once('disconnect', () => clearInterval(refresh));
    replayTo(ctx, socket, ticker).catch((error: unknown) =>
      ctx.logger.error({ err: error, sessionId }, 'verifier replay failed'),
    );
  });
}

async function authenticate(ctx: HubContext, socket: VerifierSocket): Promise<void> {
  const claims = await ctx.tokens.verifyWidget(handshakeToken(socket));
  const session = await ctx.sessions.get(claims.sessionId);
  if (!session || session.verifier.id !== claims.verifierId) {
    throw new HubError('not_found', 'the session is gone');
  }
  const origin = socket.handshake.headers.origin;
  // F4 widgets run on the citizen app, which this hub serves: its own origin is theirs too.
  const ownOrigin = `${socket.handshake.secure ? 'https' : 'http'}://${socket.handshake.headers.host}`;
  // No Origin header means no browser (a server or native client): the token alone decides,
  // as no page of a foreign site can open a socket without the browser adding its Origin (A4).
  const institution = session.verifier.kind === 'citizen';
  // An institution's origins are read from its registration, not the session's snapshot: an
  // origin the administrator removed stops opening sockets at once, live sessions included.
  const current = institution ? null : await activeVerifier(ctx, session.verifier.id);
  const origins = current?.origins ?? session.verifier.origins;
  const allowed =
    origin === undefined ||
    origins.includes(origin) ||
    (session.verifier.kind === 'citizen' && origin === ownOrigin);
  if (!allowed) {
    throw new HubError('forbidden', `origin ${origin} is not allowed for this verifier`);
  }
  if (!institution && !current) {
    throw new HubError('forbidden', 'the verifier is not active');
  }
  socket.data = { sessionId: claims.sessionId, verifierId: claims.verifierId };
}

/**
 * Sends what a (re)connecting widget must see: state, then QR, data or the end. Also used by the
 * watchdog when a socket missed a change.
 */
export async function replayTo(
  ctx: HubContext,
  socket: VerifierSocket,
  ticker: QrTicker,
  known?: Session,
): Promise<void> {
  const session = known ?? (await ctx.sessions.get(socket.data.sessionId));
  if (!session) return;
  socket.emit('session:state', stateEvent(session, ctx.clock.now()));
  if (session.state === 'awaiting_citizen' && session.qrSecret) {
    ticker.watch(socket, session);
  } else if (session.state === 'delivered') {
    const data = await currentData(ctx, session);
    if (data) socket.emit('session:data', data);
  } else if (isTerminal(session.state)) {
    socket.emit('session:ended', {
      sessionId: session.id,
      reason: session.endReason ?? (session.state === 'expired' ? 'expired' : 'failed'),
    });
  }
}
