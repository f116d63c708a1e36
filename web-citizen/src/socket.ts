/**
 * The phone's live line to the hub: the `/citizen` namespace (PRODUCT §6, §8), authenticated by
 * the device token (A3). It hears requests pushed to the citizen (F2) and requests withdrawn,
 * sends the acked commands (join by code or QR, approve, reject), and tells the app when the hub
 * cut the line on purpose, which is how a deactivated device learns of it.
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../contracts/errors.js';
import type {
  CitizenClientEvents,
  CitizenServerEvents,
  RequestIncomingEvent,
  RequestWithdrawnEvent,
} from '../../contracts/events.js';
import type { Result } from './api.js';
import type { AppError } from './error-text.js';

/** How the line is doing, for the status shown in the header. */
export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/** What the app hears from the line. */
export interface CitizenSocketHandlers {
  incoming(event: RequestIncomingEvent): void;
  withdrawn(event: RequestWithdrawnEvent): void;
  status(status: ConnectionStatus): void;
  /** The hub refused the device token or cut the line itself: probably deactivated. */
  refused(definitely: boolean): void;
}

/** How long a command waits for its ack before it counts as a network failure. */
const ACK_TIMEOUT_MS = 15_000;
/** Retry delay after the hub refused a handshake for a reason other than the token. */
const RETRY_MS = 3_000;

/** One device's connection to `/citizen`. */
export class CitizenSocket {
  private readonly socket: Socket<CitizenServerEvents, CitizenClientEvents>;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(origin: string, deviceToken: string, handlers: CitizenSocketHandlers) {
    this.retryTimer = undefined;
    this.socket = io(`${origin}/citizen`, {
      auth: { token: deviceToken },
      transports: ['websocket'],
    });
    handlers.status('connecting');
    this.socket.on('connect', () => handlers.status('online'));
    this.socket.on('request:incoming', (event) => handlers.incoming(event));
    this.socket.on('request:withdrawn', (event) => handlers.withdrawn(event));
    this.socket.on('disconnect', (reason) => {
      handlers.status('offline');
      // The hub disconnects a device's sockets when it is deactivated (A3).
      if (reason === 'io server disconnect') handlers.refused(false);
    });
    this.socket.on('connect_error', (error) => {
      handlers.status('offline');
      const data = (error as Error & { data?: { code?: string } }).data;
      if (data?.code === 'unauthorized') {
        handlers.refused(true);
        return;
      }
      // Refused by the hub for another reason: Socket.IO will not retry by itself.
      if (!this.socket.active) this.retryTimer = setTimeout(() => this.socket.connect(), RETRY_MS);
    });
  }

  /** Connects again after `refused(false)` turned out not to be a deactivation. */
  reconnect(): void {
    if (!this.socket.connected) this.socket.connect();
  }

  /** Closes the line for good. */
  close(): void {
    clearTimeout(this.retryTimer);
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private command<T>(run: (ack: (error: Error | null, answer?: Ack<T>) => void) => void) {
    return new Promise<Result<T>>((resolve) => {
      run((error, answer) => {
        if (error || !answer) {
          resolve({ ok: false, error: { code: 'network', message: String(error) } });
        } else if (answer.ok) resolve({ ok: true, data: answer.data });
        else resolve({ ok: false, error: answer.error as AppError });
      });
    });
  }

  /** `pairing:join` by the typed 6-digit code or the scanned QR payload (F1, F4). */
  join(by: { code: string } | { qr: string }): Promise<Result<RequestIncomingEvent>> {
    return this.command<RequestIncomingEvent>((ack) =>
      this.socket.timeout(ACK_TIMEOUT_MS).emit('pairing:join', by, ack),
    );
  }

  /** `request:approve`, with the match number for F2 (P5). */
  approve(sessionId: string, matchNumber?: string): Promise<Result<undefined>> {
    const payload = matchNumber === undefined ? { sessionId } : { sessionId, matchNumber };
    return this.command<undefined>((ack) =>
      this.socket.timeout(ACK_TIMEOUT_MS).emit('request:approve', payload, ack),
    );
  }

  /** `request:reject`. */
  reject(sessionId: string): Promise<Result<undefined>> {
    return this.command<undefined>((ack) =>
      this.socket.timeout(ACK_TIMEOUT_MS).emit('request:reject', { sessionId }, ack),
    );
  }
}
