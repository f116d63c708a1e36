/**
 * F3 (SMS code) as a load test drives it: the clerk names the citizen, the hub texts a code
 * through the console SMS gateway, the code is read back from the dev outbox of the same node
 * (as the citizen would read it aloud), and the widget submits it with `otp:submit`.
 */
import { createStep, withSession, type SessionTimings, type VerifierSide } from './flow-session.ts';
import { ackData, checkPresentation, dataFor, step, type FlowRuntime } from './flow-steps.ts';

/** Step timings of an F3 verification, in ms. */
export interface OtpTimings extends SessionTimings {
  /** `GET /v1/dev/sms` until its answer. */
  sms: number;
  /** `otp:submit` sent until `session:data` on the widget. */
  otpToData: number;
}

/** Options of `verifyByOtp`. */
export interface OtpInput extends VerifierSide {
  pesel: string;
  /** The phone number on the citizen's record, whose SMS outbox holds the code. */
  phoneNumber: string;
  nonce: string;
}

/** F3: the hub texts a code (read from the dev SMS outbox of the same node); the clerk types it. */
export async function verifyByOtp(rt: FlowRuntime, input: OtpInput): Promise<OtpTimings> {
  const { timers } = rt;
  const t0 = timers.now();
  const created = await createStep(input, 'otp', input.pesel);
  const t1 = timers.now();
  return withSession(rt, input, created, async (widget) => {
    const t2 = timers.now();
    // The SMS is sent before POST /v1/sessions answers, so the newest message is this session's.
    const code = await step('sms', async () => {
      const messages = await input.api.smsOutbox(input.phoneNumber);
      const text = messages.length > 0 ? messages[messages.length - 1]!.text : '';
      const found = /\b(\d{6})\b/.exec(text)?.[1];
      if (!found) throw new Error('no six-digit code in the newest SMS');
      return found;
    });
    const t3 = timers.now();
    const data = dataFor(rt, widget, created.sessionId);
    const sentAt = timers.now();
    await step('otp', async () =>
      ackData(
        await widget.request(
          'otp:submit',
          { sessionId: created.sessionId, code },
          rt.stepTimeoutMs,
        ),
        'otp:submit',
      ),
    );
    const received = await step('data', () => data);
    checkPresentation(received.value, created.sessionId, input.verifierId, input.nonce);
    return {
      sessionId: created.sessionId,
      create: t1 - t0,
      widgetConnect: t2 - t1,
      sms: t3 - t2,
      otpToData: received.at - sentAt,
      whole: received.at - t0,
    };
  });
}
