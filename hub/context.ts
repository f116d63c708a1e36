/**
 * Everything a hub's parts share, handed around as one object: configuration, clock, keys, the
 * pluggable stores and adapters, the notifier (sockets), the logger and the metrics. Built by
 * `createHub`.
 */
import type { Logger } from 'pino';
import type { RecordStore } from '../adapters/records/index.js';
import type { RegisterAdapter } from '../adapters/registers/index.js';
import type { SessionStore } from '../adapters/sessions/index.js';
import type { SmsGateway } from '../adapters/sms/index.js';
import type { WebhookOutbox } from '../adapters/webhooks/index.js';
import type { Clock } from './clock.js';
import type { HubConfig } from './config.js';
import type { ClientIpResolver } from './limits/client-ip.js';
import type { Limiter } from './limits/limiter.js';
import type { HubMetrics } from './ops/metrics.js';
import type { HubKeys } from './security/hub-keys.js';
import type { TokenService } from './security/tokens.js';
import type { Notifier } from './sessions/notifier.js';
import type { Session } from './sessions/session.js';

/** The hub's shared parts. */
export interface HubContext {
  config: HubConfig;
  clock: Clock;
  keys: HubKeys;
  tokens: TokenService;
  sessions: SessionStore<Session>;
  records: RecordStore;
  registers: RegisterAdapter;
  sms: SmsGateway;
  /** Volume limits and guess budgets (cluster-wide with Redis). */
  limiter: Limiter;
  /** The client's IP behind the trusted proxies. */
  clientIp: ClientIpResolver;
  notify: Notifier;
  /** Session events waiting to be posted to verifiers' webhooks (shared by every node). */
  webhooks: WebhookOutbox;
  logger: Logger;
  /** This node's metrics (`GET /metrics`): its own registry. */
  metrics: HubMetrics;
}
