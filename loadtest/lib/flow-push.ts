/**
 * F2 (push) as a load test drives it: the clerk names the citizen by PESEL when the session is
 * created, the request reaches the citizen's phone as `request:incoming`, and the phone approves
 * with the 2-digit match number (P5); the widget receives the signed `session:data`.
 */
import type { RequestIncomingEvent } from '../../contracts/index.ts';
import { createStep, withSession, type SessionTimings, type VerifierSide } from './flow-session.ts';
import {
  approveAndReceive,
  checkPresentation,
  step,
  StepError,
  timed,
  type FlowRuntime,
} from './flow-steps.ts';
import type { SocketIoClient } from './socketio-client.ts';

/** Step timings of an F2 verification, in ms. */
export interface PushTimings extends SessionTimings {
  /** `POST /v1/sessions` sent until `request:incoming` on the phone. */
  push: number;
  /** `request:approve` sent until `session:data` on the widget. */
  approveToData: number;
}

/** Options of `verifyByPush`. */
export interface PushInput extends VerifierSide {
  phone: SocketIoClient;
  /** The citizen named by the clerk. */
  pesel: string;
  nonce: string;
}

/** F2: the clerk names the citizen; the phone approves with the match number (P5). */
export async function verifyByPush(rt: FlowRuntime, input: PushInput): Promise<PushTimings> {
  const { timers } = rt;
  // Waiting before the request exists: the push may beat the HTTP answer to the VU.
  const incoming = timed(
    timers,
    input.phone.next<RequestIncomingEvent>('request:incoming', {
      match: (e) => e.flow === 'push',
      timeoutMs: rt.stepTimeoutMs,
    }),
  );
  const t0 = timers.now();
  const created = await createStep(input, 'push', input.pesel);
  const t1 = timers.now();
  return withSession(rt, input, created, async (widget) => {
    const t2 = timers.now();
    const pushed = await step('push', () => incoming);
    if (pushed.value.sessionId !== created.sessionId || !pushed.value.matchRequired) {
      throw new StepError('push', 'the phone was asked about another session', undefined);
    }
    const matchNumber = created.matchNumber;
    if (!matchNumber)
      throw new StepError('create', 'the answer carries no match number', undefined);
    const delivered = await approveAndReceive(
      rt,
      input.phone,
      widget,
      created.sessionId,
      matchNumber,
    );
    checkPresentation(delivered.data, created.sessionId, input.verifierId, input.nonce);
    return {
      sessionId: created.sessionId,
      create: t1 - t0,
      push: pushed.at - t0,
      widgetConnect: t2 - t1,
      approveToData: delivered.at - delivered.sentAt,
      whole: delivered.at - t0,
    };
  });
}
