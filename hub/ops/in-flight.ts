/**
 * Counts work in flight on a node — HTTP requests and acked socket commands — so that a graceful
 * shutdown can wait until what was started has been answered (or a time bound has passed)
 * before it closes connections. The same wrapper around each socket command's ack times the
 * command for the metrics.
 */
import type { Socket } from 'socket.io';

/** Work in flight. */
export interface InFlight {
  /** Marks one unit of work started; call the returned function once when it is done. */
  enter(): () => void;
  /** Units in flight now. */
  count(): number;
  /** Resolves true once nothing is in flight, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
}

/** Creates an in-flight counter. */
export function createInFlight(): InFlight {
  let count = 0;
  let waiters: Array<() => void> = [];
  return {
    enter() {
      count++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        count--;
        if (count === 0) {
          const woken = waiters;
          waiters = [];
          for (const wake of woken) wake();
        }
      };
    },
    count: () => count,
    idle(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== wake);
          resolve(false);
        }, timeoutMs);
        waiters.push(wake);
      });
    },
  };
}

/** Told of each answered command: its event name, its ack, and `performance.now()` at arrival. */
export type CommandObserver = (event: unknown, answer: unknown, since: number) => void;

/**
 * Follows one incoming packet (`[event, ...args, ack?]`) of `socket`: an acked command is counted
 * from its arrival until its ack is sent, and `observe` (the metrics) is told of the answer.
 * Commands without an ack cannot be followed to their end and are not counted. The socket guard
 * calls this for every packet it lets through, so a socket costs nothing here until it sends.
 */
export function socketCommandTracker(
  inFlight: InFlight,
  observe?: CommandObserver,
): (socket: Socket, packet: unknown[]) => void {
  return (socket, packet) => {
    const ack = packet[packet.length - 1];
    if (typeof ack !== 'function') return;
    const since = performance.now();
    const leave = inFlight.enter();
    // A command refused by a later middleware is never acked; leave when the socket goes.
    socket.once('disconnect', leave);
    packet[packet.length - 1] = (...args: unknown[]) => {
      leave();
      socket.off('disconnect', leave);
      observe?.(packet[0], args[0], since);
      (ack as (...a: unknown[]) => void)(...args);
    };
  };
}
