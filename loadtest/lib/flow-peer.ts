/**
 * F4 (citizen to citizen) as a load test drives it: one citizen opens a peer session with their
 * device token and shows its code on their own widget; the other citizen's phone joins by it and
 * approves; the asking citizen's widget receives the signed `session:data`.
 */
import type { RequestIncomingEvent } from '../../contracts/index.ts';
import type { CodeTimings } from './flow-code.ts';
import type { HubApi } from './hub-api.ts';
import {
  ackData,
  approveAndReceive,
  checkPresentation,
  connectWidget,
  step,
  StepError,
  type FlowRuntime,
} from './flow-steps.ts';
import type { SocketIoClient } from './socketio-client.ts';

/** Step timings of an F4 verification, in ms: those of F1 (create is the peer session's). */
export type PeerTimings = CodeTimings;

/** Options of `verifyPeer`. */
export interface PeerInput {
  /** The node the verifying citizen's page talks to. */
  api: HubApi;
  /** The verifying citizen's device token (any active device token opens a peer session). */
  verifierToken: string;
  /** The other citizen's connected phone. */
  phone: SocketIoClient;
  displaySeconds: number;
}

/** F4: a citizen opens a peer session, the other citizen joins by code and approves. */
export async function verifyPeer(rt: FlowRuntime, input: PeerInput): Promise<PeerTimings> {
  const { timers } = rt;
  const t0 = timers.now();
  const peer = await step('create', () =>
    input.api.createPeerSession(input.verifierToken, {
      request: {
        documents: [
          {
            type: 'id_card',
            claims: ['given_names', 'family_name', 'age_over_18', 'document_valid'],
          },
        ],
        purpose: 'Load test',
        retain: false,
      },
      displaySeconds: input.displaySeconds,
    }),
  );
  const t1 = timers.now();
  // The seller's phone shows its own widget; it sends no Origin, so its token alone decides (A4).
  const widget = await step('widget connect', () =>
    connectWidget(rt, input.api.baseUrl, peer.widgetToken, undefined),
  );
  try {
    const t2 = timers.now();
    const joined = await step('join', async () =>
      ackData<RequestIncomingEvent>(
        await input.phone.request('pairing:join', { code: peer.code }, rt.stepTimeoutMs),
        'pairing:join',
      ),
    );
    const t3 = timers.now();
    if (joined?.sessionId !== peer.sessionId || joined.verifier.kind !== 'citizen') {
      throw new StepError('join', 'the code did not lead to this peer session', undefined);
    }
    const delivered = await approveAndReceive(rt, input.phone, widget, peer.sessionId, undefined);
    checkPresentation(delivered.data, peer.sessionId, undefined, undefined);
    return {
      sessionId: peer.sessionId,
      create: t1 - t0,
      widgetConnect: t2 - t1,
      join: t3 - t2,
      approveToData: delivered.at - delivered.sentAt,
      whole: delivered.at - t0,
    };
  } catch (error) {
    // The peer session has no backend to cancel it: rejecting frees the answering citizen (S4).
    await input.phone
      .request('request:reject', { sessionId: peer.sessionId }, rt.stepTimeoutMs)
      .catch(() => {});
    throw error;
  } finally {
    await widget.close();
  }
}
