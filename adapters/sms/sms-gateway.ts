/**
 * The SMS gateway adapter (F3): sends one-time codes to a citizen's phone.
 */

/** Sends text messages. */
export interface SmsGateway {
  /** Sends `text` to `to` (E.164). Rejects when the gateway refuses. */
  send(to: string, text: string): Promise<void>;
}
