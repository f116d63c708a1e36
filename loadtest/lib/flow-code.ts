/**
 * F1 (code), the default flow, as a load test drives it: the bank's backend creates the session,
 * the widget connects and shows the code, the citizen's phone joins by it and approves, and the
 * widget receives the signed `session:data`.
 */
import type { RequestIncomingEvent } from '../../contracts/index.ts';
import { createStep, withSession, type SessionTimings, type VerifierSide } from './flow-session.ts';
import {
  ackData,
  approveAndReceive,
  checkPresentation,
  step,
  StepError,
  type FlowRuntime,
} from './flow-steps.ts';
import type { SocketIoClient } from './socketio-client.ts';

/** Step timings of an F1 (or F4) verification, in ms. */
export interface CodeTimings extends SessionTimings {
  /** `pairing:join` until its ack. */
  join: number;
  /** `request:approve` sent until `session:data` on the widget. */
  approveToData: number;
}

/** Options of `verifyByCode`. */
export interface CodeInput extends VerifierSide {
  /** The citizen's connected phone (on any node). */
  phone: SocketIoClient;
  nonce: string;
  /** Awaited after the widget shows the code, before the phone joins (a burst's barrier). */
  beforeJoin?: () => Promise<void>;
}

/** F1: create, widget, join by code, approve, signed `session:data` on the widget. */
export async function verifyByCode(rt: FlowRuntime, input: CodeInput): Promise<CodeTimings> {
  const { phone } = input;
  const { timers } = rt;
  const t0 = timers.now();
  const created = await createStep(input, 'code');
  const t1 = timers.now();
  return withSession(rt, input, created, async (widget) => {
    const t2 = timers.now();
    const code = created.code;
    if (!code) throw new StepError('create', 'the answer carries no code', undefined);
    await input.beforeJoin?.();
    const t3 = timers.now();
    const joined = await step('join', async () =>
      ackData<RequestIncomingEvent>(
        await phone.request('pairing:join', { code }, rt.stepTimeoutMs),
        'pairing:join',
      ),
    );
    const t4 = timers.now();
    if (joined?.sessionId !== created.sessionId) {
      throw new StepError('join', 'the code led to another session', undefined);
    }
    const delivered = await approveAndReceive(rt, phone, widget, created.sessionId, undefined);
    checkPresentation(delivered.data, created.sessionId, input.verifierId, input.nonce);
    return {
      sessionId: created.sessionId,
      create: t1 - t0,
      widgetConnect: t2 - t1,
      join: t4 - t3,
      approveToData: delivered.at - delivered.sentAt,
      whole: delivered.at - t0 - (t3 - t2),
    };
  });
}
