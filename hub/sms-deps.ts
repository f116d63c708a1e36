/**
 * Which SMS gateway a node uses (F3): the HTTP gateway to the operator's provider when one is
 * configured; otherwise, outside production only, the console gateway with its dev-mode outbox.
 * The console gateway prints the phone number and the one-time code to stdout and delivers
 * nothing, so in production a node without a provider refuses to start rather than leak codes
 * into the log and fail every F3 verification.
 */
import type { Logger } from 'pino';
import {
  createConsoleSmsGateway,
  createHttpSmsGateway,
  type HttpSmsGatewayOptions,
  type SmsAttempt,
} from '../adapters/sms/index.js';
import type { HubDeps } from './create-hub.js';

/** Options of {@link smsDeps}. */
export interface SmsDepsOptions {
  /** `NODE_ENV=production`. */
  production: boolean;
  /** The provider (from `SMS_GATEWAY_*`), if configured. */
  http?: Omit<HttpSmsGatewayOptions, 'onAttempt'> | undefined;
  logger: Logger;
  /** Where the console gateway prints. Default: console. */
  print?: (line: string) => void;
}

/** A configuration the node must not start with. */
export class SmsConfigError extends Error {
  override readonly name = 'SmsConfigError';
}

/** Logs an attempt: ids, attempt number, status and time; never the phone or the text. */
function attemptLogger(logger: Logger): (attempt: SmsAttempt) => void {
  return (a) => {
    const fields = {
      messageId: a.messageId,
      attempt: a.attempt,
      status: a.status,
      failure: a.failure,
      ms: a.ms,
    };
    if (a.ok) logger.info(fields, 'sms handed to the provider');
    else if (a.willRetry) logger.warn(fields, 'sms provider failed; retrying');
    else logger.error(fields, 'sms provider failed; giving up');
  };
}

/** The node's SMS gateway (and the dev outbox reader with the console gateway). */
export function smsDeps(options: SmsDepsOptions): Pick<HubDeps, 'sms' | 'smsOutbox'> {
  if (options.http) {
    return {
      sms: createHttpSmsGateway({ ...options.http, onAttempt: attemptLogger(options.logger) }),
      smsOutbox: undefined,
    };
  }
  if (options.production) {
    throw new SmsConfigError(
      'production needs SMS_GATEWAY_URL: the console SMS gateway delivers nothing and would ' +
        'print phone numbers and one-time codes to the log',
    );
  }
  const sms = createConsoleSmsGateway(options.print ? { print: options.print } : {});
  return { sms, smsOutbox: (phone) => sms.outbox(phone) };
}
