/**
 * The load tests' custom k6 metrics, one per step of a verification, and the helper that runs
 * one verification and records it: each step timing into its Trend, success into a Rate and a
 * `check`, the failed step (and the hub's error code, never a value) into a Counter and, for the
 * first few, the console. Metrics are created here, in the init context, as k6 requires. Their meaning is
 * in loadtest/README.md ("Metrics").
 */
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import {
  connectPhone,
  step,
  StepError,
  type CodeTimings,
  type FlowRuntime,
  type OtpTimings,
  type PeerTimings,
  type PushTimings,
} from './flows.ts';
import type { SocketIoClient } from './socketio-client.ts';

/** `POST /v1/sessions` (or `/v1/citizen/peer-sessions`) until its 201. */
const createMs = new Trend('mdok_create_ms', true);
/** A widget's WebSocket + Engine.IO + `/verifier` handshake. */
const widgetConnectMs = new Trend('mdok_widget_connect_ms', true);
/** A phone's WebSocket + Engine.IO + `/citizen` handshake. */
export const phoneConnectMs = new Trend('mdok_phone_connect_ms', true);
/** `pairing:join` until its ack. */
const joinAckMs = new Trend('mdok_join_ack_ms', true);
/** `request:approve` sent until `session:data` on the widget. */
const approveToDataMs = new Trend('mdok_approve_to_data_ms', true);
/** `POST /v1/sessions` sent until `session:data` on the widget. */
const verificationMs = new Trend('mdok_verification_ms', true);
/** F2: `POST /v1/sessions` sent until `request:incoming` on the phone. */
const pushMs = new Trend('mdok_push_ms', true);
/** F3: `GET /v1/dev/sms` until its answer. */
const smsReadMs = new Trend('mdok_sms_read_ms', true);
/** F3: `otp:submit` sent until `session:data` on the widget. */
const otpToDataMs = new Trend('mdok_otp_to_data_ms', true);
/** Verifications that delivered signed data. */
const verifications = new Counter('mdok_verifications');
/** Share of attempted verifications that delivered signed data. */
const verificationOk = new Rate('mdok_verification_ok');
/** Failed verifications, tagged with the `step` that failed and the hub's error `code`. */
const stepFailures = new Counter('mdok_step_failures');

/** The step timings of one verification of any flow, in ms (and its session). */
export type StepTimings = CodeTimings | PushTimings | OtpTimings | PeerTimings;

/** A step timing's name in the flows' timings. */
type StepName = Exclude<keyof (CodeTimings & PushTimings & OtpTimings & PeerTimings), 'sessionId'>;

/** The Trend of each step timing: a timing a flow adds must have one (the compiler says so). */
const stepTrends = {
  create: createMs,
  widgetConnect: widgetConnectMs,
  join: joinAckMs,
  push: pushMs,
  sms: smsReadMs,
  otpToData: otpToDataMs,
  approveToData: approveToDataMs,
  whole: verificationMs,
} satisfies Record<StepName, Trend>;

/** Adds each step timing of one verification to its Trend. */
function recordTimings(timings: StepTimings, tags: Record<string, string>): void {
  const byName = timings as Partial<Record<StepName, number>>;
  for (const [name, trend] of Object.entries(stepTrends)) {
    const ms = byName[name as StepName];
    if (ms !== undefined) trend.add(ms, tags);
  }
}

/** Failures printed per VU before going quiet (the Counter keeps counting). */
const printedFailuresPerVu = 5;
let printedFailures = 0;

/**
 * Runs one verification of `flow`, records its step timings and its outcome; never throws, so
 * one failure does not end the VU's iteration abruptly.
 */
export async function attempt<T extends StepTimings>(
  flow: string,
  run: () => Promise<T>,
): Promise<T | undefined> {
  const tags = { flow };
  try {
    const timings = await run();
    recordTimings(timings, tags);
    verifications.add(1, tags);
    verificationOk.add(true, tags);
    check(true, { [`${flow}: signed data reached the verifier`]: (ok) => ok }, tags);
    return timings;
  } catch (error) {
    const stepName = error instanceof StepError ? error.step : 'other';
    const code = error instanceof StepError && error.code ? error.code : 'none';
    stepFailures.add(1, { ...tags, step: stepName, code });
    verificationOk.add(false, tags);
    check(false, { [`${flow}: signed data reached the verifier`]: (ok) => ok }, tags);
    if (printedFailures < printedFailuresPerVu) {
      printedFailures++;
      console.warn(`[vu ${exec.vu.idInTest}] ${flow} failed: ${(error as Error).message}`);
    }
    return undefined;
  }
}

/**
 * Connects a citizen's phone (timed into `mdok_phone_connect_ms` with `tags`; a failure is the
 * step `phone connect`), runs `body` with it and closes it again.
 */
export async function withPhone<T>(
  rt: FlowRuntime,
  url: string,
  deviceToken: string,
  tags: Record<string, string>,
  body: (phone: SocketIoClient) => Promise<T>,
): Promise<T> {
  const started = rt.timers.now();
  const phone = await step('phone connect', () => connectPhone(rt, url, deviceToken));
  phoneConnectMs.add(rt.timers.now() - started, tags);
  try {
    return await body(phone);
  } finally {
    await phone.close();
  }
}

/** Thresholds every verification scenario has: no failed check, every verification delivered. */
export function baseThresholds(): Record<string, string[]> {
  return {
    checks: ['rate==1'],
    mdok_verification_ok: ['rate==1'],
  };
}
