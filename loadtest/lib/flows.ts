/**
 * One verification of each flow, driven over the wire exactly as a bank's backend, a clerk's
 * widget and a citizen's phone drive it (PRODUCT §3, §8), with the time each step took. Pure:
 * HTTP, WebSocket and timers come in a `FlowRuntime`, so vitest runs these very functions against
 * a real hub and k6 runs them under load. The named exports of the flow modules.
 */
export {
  ackData,
  connectPhone,
  connectWidget,
  SOCKET_PROTOCOL,
  step,
  StepError,
} from './flow-steps.ts';
export type { FlowRuntime } from './flow-steps.ts';
export { loadRequest } from './flow-session.ts';
export type { VerifierSide } from './flow-session.ts';
export { verifyByCode } from './flow-code.ts';
export type { CodeInput, CodeTimings } from './flow-code.ts';
export { verifyByPush } from './flow-push.ts';
export type { PushInput, PushTimings } from './flow-push.ts';
export { verifyByOtp } from './flow-otp.ts';
export type { OtpInput, OtpTimings } from './flow-otp.ts';
export { verifyPeer } from './flow-peer.ts';
export type { PeerInput, PeerTimings } from './flow-peer.ts';
