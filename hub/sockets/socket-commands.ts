/**
 * The boundary of every socket command (V1, V2): the payload is parsed by its strict schema,
 * the handler's result or error is acked in the one shape, unknown events are refused, and no
 * input can throw past this point (the process never crashes on input).
 */
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { HandshakeAuth, PROTOCOL_VERSION, toIssues, type Ack } from '../../contracts/index.js';
import { HubError, toErrorObject } from '../errors.js';
import { randomId } from '../security/crypto.js';

type AckCallback = (ack: Ack<unknown>) => void;

function splitArgs(args: unknown[]): { payload: unknown[]; ack: AckCallback | undefined } {
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    return { payload: args.slice(0, -1), ack: last as AckCallback };
  }
  return { payload: args, ack: undefined };
}

/** Registers one acked command on a socket. */
export function onCommand<S extends z.ZodType, R>(
  socket: Socket,
  event: string,
  schema: S,
  logger: Logger,
  handler: (payload: z.output<S>) => Promise<R>,
): void {
  socket.on(event, (...args: unknown[]) => {
    const { payload, ack } = splitArgs(args);
    const reply = (answer: Ack<unknown>) => {
      try {
        ack?.(answer);
      } catch (error) {
        logger.warn({ err: error, event }, 'ack failed');
      }
    };
    if (payload.length !== 1) {
      reply({
        ok: false,
        error: { code: 'invalid_request', message: `${event} takes exactly one payload object` },
      });
      return;
    }
    const parsed = schema.safeParse(payload[0]);
    if (!parsed.success) {
      reply({
        ok: false,
        error: {
          code: 'invalid_request',
          message: `invalid ${event} payload`,
          issues: toIssues(parsed.error),
        },
      });
      return;
    }
    handler(parsed.data).then(
      (data) => reply(data === undefined ? { ok: true, data: undefined } : { ok: true, data }),
      (error: unknown) => {
        const requestId = randomId(8);
        if (!(error instanceof HubError)) {
          logger.error({ err: error, event, requestId }, 'socket command failed');
        }
        reply({ ok: false, error: toErrorObject(error, requestId) });
      },
    );
  });
}

/** Refuses (acks `invalid_request`) any event not in `known` (V1). */
export function refuseUnknownEvents(socket: Socket, known: readonly string[]): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    if (known.includes(event)) return;
    const { ack } = splitArgs(args);
    ack?.({ ok: false, error: { code: 'invalid_request', message: `unknown event ${event}` } });
  });
}

/** The error a refused handshake passes to `next()`: its `data` is the V2 error object. */
export function connectError(error: unknown, logger: Logger): Error & { data: unknown } {
  const requestId = randomId(8);
  if (!(error instanceof HubError)) logger.error({ err: error, requestId }, 'handshake failed');
  const data = toErrorObject(error, requestId);
  return Object.assign(new Error(data.message), { data });
}

/**
 * The bearer token from the handshake's `auth.token`, after checking the protocol version the
 * client speaks (`auth.protocol`, optional).
 */
export function handshakeToken(socket: Socket): string {
  const parsed = HandshakeAuth.safeParse(socket.handshake.auth);
  if (!parsed.success) throw new HubError('unauthorized', 'auth.token is required');
  const { token, protocol } = parsed.data;
  if (protocol !== undefined && protocol !== PROTOCOL_VERSION) {
    throw new HubError(
      'invalid_request',
      `protocol ${protocol} is not spoken here; this hub speaks ${PROTOCOL_VERSION}`,
    );
  }
  return token;
}
