/**
 * A session a bank's backend opens, as every verifier-started flow (F1–F3) drives it: what the
 * backend sends (`POST /v1/sessions` with the load test's request, in the step `create`), the
 * widget that shows it, and the cancellation when a later step fails, so the citizen's pending
 * slot (S4) is free for the next iteration. The step timings every flow has are named here.
 */
import type { CreateSessionResponse } from '../../contracts/index.ts';
import { connectWidget, step, type FlowRuntime } from './flow-steps.ts';
import type { HubApi } from './hub-api.ts';
import type { SocketIoClient } from './socketio-client.ts';

/** What every verifier-started flow needs. */
export interface VerifierSide {
  /** The node the bank's backend calls (and the widget connects to). */
  api: HubApi;
  apiKey: string;
  verifierId: string;
  /** The widget's page origin (on the verifier's allow-list, A4). */
  origin: string;
  /** The request's display window (≤ the verifier's policy). */
  displaySeconds: number;
}

/** The request every load-test verification makes. */
export const loadRequest = {
  documents: [{ type: 'id_card', claims: ['given_names', 'family_name', 'age_over_18'] }],
  purpose: 'Load test',
  retain: false,
};

/** The step timings every flow has, in ms. */
export interface SessionTimings {
  /** The verified session. */
  sessionId: string;
  /** `POST /v1/sessions` (F4: `/v1/citizen/peer-sessions`) until its answer. */
  create: number;
  /** Widget WebSocket + namespace handshake. */
  widgetConnect: number;
  /** The create request sent until `session:data` on the widget. */
  whole: number;
}

/** The step `create`: the backend asks for `loadRequest` in `flow`, naming `pesel` if given. */
export function createStep(
  side: VerifierSide & { nonce: string },
  flow: string,
  pesel?: string,
): Promise<CreateSessionResponse> {
  return step('create', () =>
    side.api.createSession(side.apiKey, {
      flow,
      request: loadRequest,
      ...(pesel === undefined ? {} : { subject: { pesel } }),
      nonce: side.nonce,
      displaySeconds: side.displaySeconds,
    }),
  );
}

/**
 * Opens the widget for a created session and runs `body`; on any failure cancels the session
 * (freeing the citizen, S4) and always closes the widget.
 */
export async function withSession<T>(
  rt: FlowRuntime,
  side: VerifierSide,
  created: CreateSessionResponse,
  body: (widget: SocketIoClient) => Promise<T>,
): Promise<T> {
  let widget: SocketIoClient | undefined;
  try {
    widget = await step('widget connect', () =>
      connectWidget(rt, side.api.baseUrl, created.widgetToken, side.origin),
    );
    return await body(widget);
  } catch (error) {
    await side.api.cancelSession(side.apiKey, created.sessionId).catch(() => false);
    throw error;
  } finally {
    await widget?.close();
  }
}
