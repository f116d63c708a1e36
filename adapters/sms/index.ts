/**
 * The SMS gateway adapters: the interface the hub sends one-time codes through (F3), the console
 * gateway (the embedded default, dev mode only) and the HTTP gateway to a real provider. Named
 * exports only, so the public surface is visible here.
 */
export { createConsoleSmsGateway } from './console-sms-gateway.js';
export type { ConsoleSmsGateway, ConsoleSmsGatewayOptions } from './console-sms-gateway.js';
export { createHttpSmsGateway, SmsGatewayError } from './http-sms-gateway.js';
export type { HttpSmsGatewayOptions, SmsAttempt } from './http-sms-gateway.js';
export type { SmsGateway } from './sms-gateway.js';
