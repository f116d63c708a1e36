/**
 * The console SMS gateway, the embedded default (PRODUCT F3, §7): instead of sending, it prints
 * each message and keeps the last few per phone in an outbox, which dev mode serves at
 * `GET /v1/dev/sms` so that a tester (or a black-box test) can read the one-time code. Phones are
 * normalised the way the HTTP schemas normalise them, so `600100200` and `+48600100200` share an
 * outbox. Never for production: it delivers nothing.
 */
import { normalizePhone } from '../../contracts/index.js';
import type { SmsMessage } from '../../contracts/index.js';
import type { SmsGateway } from './sms-gateway.js';

/** Options of {@link createConsoleSmsGateway}. */
export interface ConsoleSmsGatewayOptions {
  /** Where each message is printed. Default `console.log`. */
  print?: (line: string) => void;
  /** Messages kept per phone; older ones are dropped. Default 20. */
  keep?: number;
  /** Clock for the messages' `at`. Default `() => new Date()`. */
  now?: () => Date;
}

/** An SMS gateway that prints instead of sending and remembers what it printed. */
export interface ConsoleSmsGateway extends SmsGateway {
  /** Messages sent to `phone`, oldest first (newest last); a copy. */
  outbox(phone: string): SmsMessage[];
}

/** Creates the console SMS gateway. */
export function createConsoleSmsGateway(options: ConsoleSmsGatewayOptions = {}): ConsoleSmsGateway {
  const print = options.print ?? ((line: string) => console.log(line));
  const keep = Math.max(1, Math.floor(options.keep ?? 20));
  const now = options.now ?? (() => new Date());
  const outboxes = new Map<string, SmsMessage[]>();

  return {
    async send(to, text) {
      const message: SmsMessage = { to, text, at: now().toISOString() };
      const phone = normalizePhone(to);
      const messages = outboxes.get(phone) ?? [];
      messages.push(message);
      if (messages.length > keep) messages.splice(0, messages.length - keep);
      outboxes.set(phone, messages);
      print(`[sms] to ${to}: ${text}`);
    },
    outbox(phone) {
      return (outboxes.get(normalizePhone(phone)) ?? []).map((message) => ({ ...message }));
    },
  };
}
