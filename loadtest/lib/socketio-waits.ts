/**
 * What a Socket.IO client waits for: server events — an inbox keeps the ones nobody has asked
 * for yet, so a step can take an event that arrived before it asked — and the acks of its
 * commands. Every wait has a timer that is cleared again (a k6 iteration only ends once nothing
 * is pending), and all of them end at once when the connection does.
 */
import { SocketWaitError, type NextOptions, type Timers } from './socketio-api.ts';

interface Waiter {
  event: string;
  match: (payload: unknown) => boolean;
  resolve: (payload: unknown) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

interface PendingAck {
  event: string;
  resolve: (payload: unknown) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

/** The waits of one namespace socket. */
export interface Waits {
  /** A server event: to the first wait it matches, else into the inbox (oldest out past the limit). */
  event(event: string, payload: unknown): void;
  /** The first unread `event` that matches, received already or later; `ended`: why none can come. */
  next<T>(event: string, options: NextOptions<T>, ended: string | undefined): Promise<T>;
  /** Waits `ms` for the ack of a command that `send` emits with the ack id it is given. */
  ack<T>(event: string, ms: number, send: (id: number) => void): Promise<T>;
  /** The server acked command `id` with `payload`. */
  acked(id: number, payload: unknown): void;
  /** The connection ended (`why`): every wait fails. */
  fail(why: string): void;
}

/** A caller's predicate that throws (on an unexpected payload) is a mismatch, not a crash. */
function matches(match: (payload: unknown) => boolean, payload: unknown): boolean {
  try {
    return match(payload);
  } catch {
    return false;
  }
}

/** The waits of the socket on `namespace`, keeping at most `inboxLimit` unread events. */
export function createWaits(namespace: string, timers: Timers, inboxLimit: number): Waits {
  const inbox: Array<{ event: string; payload: unknown }> = [];
  const waiters: Waiter[] = [];
  const pending = new Map<number, PendingAck>();
  let nextAckId = 0;
  return {
    event(event, payload) {
      const index = waiters.findIndex((w) => w.event === event && matches(w.match, payload));
      if (index >= 0) {
        const [waiter] = waiters.splice(index, 1);
        timers.clearTimeout(waiter!.timer);
        waiter!.resolve(payload);
        return;
      }
      inbox.push({ event, payload });
      if (inbox.length > inboxLimit) inbox.splice(0, inbox.length - inboxLimit);
    },
    next<T>(event: string, options: NextOptions<T>, ended: string | undefined): Promise<T> {
      const match = (options.match ?? (() => true)) as (payload: unknown) => boolean;
      const index = inbox.findIndex((e) => e.event === event && matches(match, e.payload));
      if (index >= 0) return Promise.resolve(inbox.splice(index, 1)[0]!.payload as T);
      if (ended !== undefined) {
        return Promise.reject(new SocketWaitError(`${namespace}: closed (${ended})`));
      }
      const ms = options.timeoutMs ?? 10_000;
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = {
          event,
          match,
          resolve: resolve as (payload: unknown) => void,
          reject,
          timer: timers.setTimeout(() => {
            const i = waiters.indexOf(waiter);
            if (i >= 0) waiters.splice(i, 1);
            reject(new SocketWaitError(`${namespace}: no ${event} within ${ms} ms`));
          }, ms),
        };
        waiters.push(waiter);
      });
    },
    ack<T>(event: string, ms: number, send: (id: number) => void): Promise<T> {
      const id = nextAckId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, {
          event,
          resolve: resolve as (payload: unknown) => void,
          reject,
          timer: timers.setTimeout(() => {
            pending.delete(id);
            reject(new SocketWaitError(`${namespace}: no ack for ${event} within ${ms} ms`));
          }, ms),
        });
        send(id);
      });
    },
    acked(id, payload) {
      const ack = pending.get(id);
      if (!ack) return;
      pending.delete(id);
      timers.clearTimeout(ack.timer);
      ack.resolve(payload);
    },
    fail(why) {
      for (const waiter of waiters.splice(0)) {
        timers.clearTimeout(waiter.timer);
        waiter.reject(new SocketWaitError(`${namespace}: no ${waiter.event} before ${why}`));
      }
      for (const [id, ack] of pending) {
        pending.delete(id);
        timers.clearTimeout(ack.timer);
        ack.reject(new SocketWaitError(`${namespace}: no ack for ${ack.event} before ${why}`));
      }
    },
  };
}
