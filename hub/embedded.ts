/**
 * The embedded default (PRODUCT §7, X4): the in-memory session and record stores, the
 * synthetic register and the console SMS gateway, ready to hand to `createHub`.
 */
import { createMemoryRecordStore } from '../adapters/records/index.js';
import { createSyntheticRegister } from '../adapters/registers/index.js';
import { createMemorySessionStore } from '../adapters/sessions/index.js';
import { createConsoleSmsGateway } from '../adapters/sms/index.js';
import type { Clock } from './clock.js';
import type { HubDeps } from './create-hub.js';
import type { Session } from './sessions/session.js';

/** Options of the embedded default. */
export interface EmbeddedOptions {
  /** Seed of the synthetic register. Default `mdok`. */
  registerSeed?: string;
  /** Number of synthetic citizens. Default 1000. */
  registerSize?: number;
  /** Where SMS are printed. Default: console. */
  printSms?: (line: string) => void;
  clock?: Clock;
}

/** In-memory stores and stand-in adapters for one node. */
export function embeddedDeps(
  options: EmbeddedOptions = {},
): Pick<HubDeps, 'sessions' | 'records' | 'registers' | 'sms' | 'smsOutbox'> {
  const clock = options.clock;
  const sms = createConsoleSmsGateway(options.printSms ? { print: options.printSms } : {});
  return {
    sessions: createMemorySessionStore<Session>(clock ? { now: () => clock.now() } : {}),
    records: createMemoryRecordStore(),
    registers: createSyntheticRegister({
      seed: options.registerSeed ?? 'mdok',
      size: options.registerSize ?? 1000,
    }),
    sms,
    smsOutbox: (phone) => sms.outbox(phone),
  };
}
