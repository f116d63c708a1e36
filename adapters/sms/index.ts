/**
 * The SMS gateway adapters: the interface the hub sends one-time codes through (F3) and the
 * console gateway, the embedded default. Named exports only, so the public surface is visible
 * here.
 */
export { createConsoleSmsGateway } from './console-sms-gateway.js';
export type { ConsoleSmsGateway, ConsoleSmsGatewayOptions } from './console-sms-gateway.js';
export type { SmsGateway } from './sms-gateway.js';
