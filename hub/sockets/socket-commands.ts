/**
 * The boundary of every socket command (V1, V2): the payload is parsed by its strict schema,
 * the handler's result or error is acked in the one shape, unknown events are refused, and no
 * input can throw past this point (the process never crashes on input).
 */
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import { HandshakeAuth, PROTOCOL_VERSION, toIssues, type Ack } from '../../contracts/index.js';
import { HubError, toErrorObject } from '../errors.js';
import { randomId } from '../security/crypto.js';
import type { InterServerEvents } from './socket-types.js';

type AckCallback = (ack: Ack<unknown>) => void;

/** The acked data type of a command in an event map: `T` of its `(payload, ack: Ack<T>)`. */
export type AckDataOf<F> = F extends (payload: never, ack: (answer: Ack<infer T>) => void) => void
  ? T
  : never;

/** What a handler resolves with: its ack's data, or nothing for a bare `{ ok: true }`. */
type ResultOf<T> = [T] extends [undefined] ? void : T;

function splitArgs(args: unknown[]): { payload: unknown[]; ack: AckCallback | undefined } {
  const last = args[args.length - 1];
  if (typeof last === 'function') {
    return { payload: args.slice(0, -1), ack: last as AckCallback };
  }
  return { payload: args, ack: undefined };
}

/** A command's listener: called with `this` = the socket and the packet's arguments. */
type CommandListener = (this: object, ...args: unknown[]) => void;

/** The commands registered on each namespace, by event name (filled by `onCommand`). */
const commandTables = new WeakMap<object, Map<string, CommandListener>>();

/**
 * Registers one acked command on a typed namespace. The event name must be a command of the
 * namespace's contract and the handler must answer the data its ack promises; the payload is
 * `unknown` until `schema` parsed it (the event map's payload type is the client's promise, not
 * the hub's). The socket guard hands each admitted packet to `dispatchCommand`, which calls the
 * one listener registered here with `this` = the socket: an idle socket holds no listener, no
 * closure and no event entry per command.
 */
export function onCommand<
  L extends object,
  Emit extends object,
  Data,
  E extends keyof L & string,
  S extends z.ZodType,
>(
  namespace: Namespace<L, Emit, InterServerEvents, Data>,
  event: E,
  schema: S,
  logger: Logger,
  handler: (
    socket: Socket<L, Emit, InterServerEvents, Data>,
    payload: z.output<S>,
  ) => Promise<ResultOf<AckDataOf<L[E]>>>,
): void {
  function listener(this: object, ...args: unknown[]): void {
    const socket = this as unknown as Socket<L, Emit, InterServerEvents, Data>;
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
    let answer: Promise<ResultOf<AckDataOf<L[E]>>>;
    try {
      answer = handler(socket, parsed.data);
    } catch (error) {
      answer = Promise.reject(error);
    }
    answer.then(
      (data) => reply(data === undefined ? { ok: true, data: undefined } : { ok: true, data }),
      (error: unknown) => {
        const requestId = randomId(8);
        if (!(error instanceof HubError)) {
          logger.error({ err: error, event, requestId }, 'socket command failed');
        }
        reply({ ok: false, error: toErrorObject(error, requestId) });
      },
    );
  }
  let table = commandTables.get(namespace);
  if (!table) commandTables.set(namespace, (table = new Map()));
  table.set(event, listener);
}

/** The events `onCommand` registered on a namespace. */
export function commandsOf(namespace: object): string[] {
  return [...(commandTables.get(namespace)?.keys() ?? [])];
}

/**
 * Runs one incoming packet (`[event, ...args, ack?]`) of `socket` through the command its
 * namespace registered for the event. An event with no command is refused (acked
 * `invalid_request`, V1); nothing else happens to it.
 */
export function dispatchCommand(socket: Socket, packet: unknown[]): void {
  const event = packet[0];
  const listener =
    typeof event === 'string' ? commandTables.get(socket.nsp)?.get(event) : undefined;
  if (listener) {
    listener.apply(socket, packet.slice(1));
    return;
  }
  const { ack } = splitArgs(packet.slice(1));
  ack?.({
    ok: false,
    error: { code: 'invalid_request', message: `unknown event ${String(event)}` },
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
export function handshakeToken(socket: Pick<Socket, 'handshake'>): string {
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
