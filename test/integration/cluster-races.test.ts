/**
 * Races between hub nodes on one real Redis (S1): every transition is a compare-and-set, so when
 * nodes act on one session at the same moment exactly one move wins, the losers are told
 * `gone`/`conflict`, each side hears the outcome once, every node then reads the same state, and
 * one audit event is written (H1). Each race is run many times, in parallel, to meet many
 * interleavings; no test depends on which side wins.
 */
import { describe, expect, it } from 'vitest';
import type {
  Ack,
  RequestWithdrawnEvent,
  SessionData,
  SessionEndedEvent,
  SessionStatusResponse,
} from '../../contracts/index.js';
import { useTestCluster } from '../helpers/cluster-fixture.js';
import { ask, idRequest, ofSession } from '../helpers/fixtures.js';
import type { ApiAnswer, DemoHandle } from '../helpers/test-hub.js';

// The reconciling pass runs only where a test calls it, never in the middle of an assertion.
// 30 rounds against one citizen and one verifier: the rate limits (tested in limits.test.ts)
// are raised so that the races, not the limits, are under test.
const cluster = useTestCluster({
  nodes: 3,
  config: {
    watchdogIntervalMs: 3_600_000,
    limits: {
      api_key: { points: 10_000, seconds: 1 },
      ip: { points: 10_000, seconds: 1 },
      citizen: { points: 10_000, seconds: 1 },
      session_create: { points: 10_000, seconds: 1 },
      subject_requests: { points: 10_000, seconds: 60 },
      subject_messages: { points: 10_000, seconds: 60 },
    },
  },
});

/** How many citizens race at once, and how many rounds: 30 races per test. */
const PARALLEL = 10;
const ROUNDS = 3;

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

/** A citizen with a phone connected to node B and a tablet connected to node C. */
async function twoDevices(index: number) {
  const phone = await cluster.citizen(1, index);
  const tablet = await cluster.citizen(2, { pesel: phone.pesel, deviceName: 'Tablet' });
  return { ...phone, other: tablet.device };
}

/** The session's state as each node reads it: one state, the same everywhere. */
async function stateEverywhere(handle: DemoHandle, sessionId: string): Promise<string> {
  const states = await Promise.all(
    cluster.nodes.map(async (node) => {
      const status = await node.api<SessionStatusResponse>('GET', `/v1/sessions/${sessionId}`, {
        auth: node.verifiers[handle].apiKey,
      });
      expect(status.status).toBe(200);
      return status.body.state;
    }),
  );
  expect(new Set(states).size).toBe(1);
  return states[0]!;
}

/** Runs `action` after `ms` milliseconds (0 or less: at once, in this tick). */
async function later<T>(ms: number, action: () => Promise<T>): Promise<T> {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  return action();
}

function codeOf(ack: Ack<unknown>): string | undefined {
  return ack.ok ? undefined : ack.error.code;
}

function httpCodeOf(answer: ApiAnswer<unknown>): string | undefined {
  return answer.status === 200
    ? undefined
    : (answer.body as { error?: { code?: string } }).error?.code;
}

describe('[S1] every transition happens once, whichever nodes race for it', () => {
  it('[S1][S5][H1] approve on node C vs cancel by HTTP on A and by the widget on B: exactly one side wins, 30 times over', async () => {
    const [a, b, c] = cluster.nodes;
    const apiKey = a.verifiers.bank.apiKey;
    const citizens = await Promise.all(range(PARALLEL).map((i) => cluster.citizen(c, i)));
    /** Final state of each session, by id. */
    const finals = new Map<string, string>();
    for (let round = 0; round < ROUNDS; round++) {
      const races = await Promise.all(
        citizens.map(async (citizen, i) => {
          const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
          const widget = await cluster.widget(b, created.widgetToken);
          const joined = await ask(citizen.device.socket, 'pairing:join', { code: created.code });
          expect(joined.ok).toBe(true);
          const sessionId = created.sessionId;
          // Approving takes longer than cancelling (it reads the register and signs): the
          // start of one side is shifted (the approval up to 16 ms later, the cancels up to
          // 56 ms later) so that every interleaving is met: cancel first, a cancel that lands
          // between approval and delivery, and delivery first.
          const lag = (((round * PARALLEL + i) % 10) - 2) * 8;
          const [approve, httpCancel, socketCancel] = await Promise.all([
            later(-lag, () => ask(citizen.device.socket, 'request:approve', { sessionId })),
            later(lag, () => a.api('DELETE', `/v1/sessions/${sessionId}`, { auth: apiKey })),
            later(lag, () => ask(widget.socket, 'session:cancel', { sessionId })),
          ]);
          return { citizen, created, widget, approve, httpCancel, socketCancel };
        }),
      );
      await cluster.settle(races.flatMap((r) => [r.widget, r.citizen.device]));

      for (const { citizen, created, widget, approve, httpCancel, socketCancel } of races) {
        const { sessionId } = created;
        const state = await stateEverywhere('bank', sessionId);
        finals.set(sessionId, state);
        const data = widget.all<SessionData>('session:data').filter(ofSession(sessionId));
        const ended = widget.all<SessionEndedEvent>('session:ended').filter(ofSession(sessionId));
        const withdrawn = citizen.device
          .all<RequestWithdrawnEvent>('request:withdrawn')
          .filter(ofSession(sessionId));
        const cancels = [httpCodeOf(httpCancel), codeOf(socketCancel)];
        if (approve.ok) {
          expect(state).toBe('delivered');
          for (const code of cancels) expect(['gone', 'conflict']).toContain(code);
          expect(data).toHaveLength(1);
          expect(ended).toEqual([]);
          expect(withdrawn).toEqual([]);
        } else {
          expect(codeOf(approve)).toBe('gone');
          expect(state).toBe('cancelled');
          // One cancel moved the session; the other found it already cancelled.
          expect(cancels.filter((code) => code === undefined)).toHaveLength(1);
          const refused = cancels.filter((code) => code !== undefined);
          expect(refused).toHaveLength(1);
          expect(['gone', 'conflict']).toContain(refused[0]);
          expect(data).toEqual([]);
          expect(ended).toEqual([{ sessionId, reason: 'cancelled' }]);
          expect(withdrawn).toEqual([{ sessionId, reason: 'cancelled' }]);
        }
        if (httpCancel.status !== 200) {
          expect(httpCancel.body).toMatchObject({ error: { message: expect.any(String) } });
        }
      }
    }
    expect(finals.size).toBe(PARALLEL * ROUNDS);
    const audit = await cluster.audit(b);
    for (const [sessionId, state] of finals) {
      expect(audit.filter((e) => e.sessionId === sessionId)).toMatchObject([{ outcome: state }]);
    }
  });

  it('[S1][P5][H1] two devices of one citizen approve an F2 request at once from two nodes: one approval, one delivery, one session:data', async () => {
    const [a, b, c] = cluster.nodes;
    const citizens = await Promise.all(range(PARALLEL, 10).map((i) => twoDevices(i)));
    const sessions: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const races = await Promise.all(
        citizens.map(async (citizen, i) => {
          const created = await a.createSession('office', {
            flow: 'push',
            request: idRequest(),
            subject: { pesel: citizen.pesel },
          });
          const widget = await cluster.widget(a, created.widgetToken);
          const { sessionId, matchNumber } = created;
          await citizen.device.next('request:incoming', ofSession(sessionId));
          await citizen.other.next('request:incoming', ofSession(sessionId));
          // Mostly at the same moment; some tablets a little later, after the phone's approval
          // may already have gone through.
          const lag = ((round * PARALLEL + i) % 5) * 4;
          const acks = await Promise.all([
            ask(citizen.device.socket, 'request:approve', { sessionId, matchNumber }),
            later(lag, () =>
              ask(citizen.other.socket, 'request:approve', { sessionId, matchNumber }),
            ),
          ]);
          return { citizen, created, widget, acks };
        }),
      );
      await cluster.settle(races.flatMap((r) => [r.widget, r.citizen.device, r.citizen.other]));

      for (const { citizen, created, widget, acks } of races) {
        const { sessionId } = created;
        sessions.push(sessionId);
        expect(acks.filter((ack) => ack.ok)).toHaveLength(1);
        const winner = acks[0]!.ok ? 0 : 1;
        // Refused in the V2 shape, never `internal` (which code: see the next test).
        expect(acks[1 - winner]).toMatchObject({
          ok: false,
          error: { message: expect.any(String) },
        });
        expect(['conflict', 'gone']).toContain(codeOf(acks[1 - winner]!));
        expect(await stateEverywhere('office', sessionId)).toBe('delivered');
        expect(widget.all<SessionData>('session:data').filter(ofSession(sessionId))).toHaveLength(
          1,
        );
        expect(widget.all('session:ended')).toEqual([]);
        const devices = [citizen.device, citizen.other];
        // Only the other device is told that the request was answered elsewhere.
        expect(
          devices[1 - winner]!.all<RequestWithdrawnEvent>('request:withdrawn').filter(
            ofSession(sessionId),
          ),
        ).toEqual([{ sessionId, reason: 'answered' }]);
        expect(
          devices[winner]!.all<RequestWithdrawnEvent>('request:withdrawn').filter(
            ofSession(sessionId),
          ),
        ).toEqual([]);
        const result = await c.api('GET', `/v1/sessions/${sessionId}/result`, {
          auth: b.verifiers.office.apiKey,
        });
        expect(result.status).toBe(200);
      }
    }
    const audit = await cluster.audit(c);
    for (const sessionId of sessions) {
      expect(audit.filter((e) => e.sessionId === sessionId)).toMatchObject([
        { outcome: 'delivered' },
      ]);
    }
  });

  it('[S1][V3] the device that loses an approval race is told the request is taken (conflict/gone), not to try again (rate_limited)', async () => {
    const [a] = cluster.nodes;
    const citizens = await Promise.all(range(5, 30).map((i) => twoDevices(i)));
    const losers = await Promise.all(
      citizens.map(async (citizen) => {
        const created = await a.createSession('office', {
          flow: 'push',
          request: idRequest(),
          subject: { pesel: citizen.pesel },
        });
        const { sessionId, matchNumber } = created;
        await citizen.device.next('request:incoming', ofSession(sessionId));
        await citizen.other.next('request:incoming', ofSession(sessionId));
        const acks = await Promise.all([
          ask(citizen.device.socket, 'request:approve', { sessionId, matchNumber }),
          ask(citizen.other.socket, 'request:approve', { sessionId, matchNumber }),
        ]);
        expect(acks.filter((ack) => ack.ok)).toHaveLength(1);
        return acks.map(codeOf).find((code) => code !== undefined);
      }),
    );
    // SPEC S1: the loser of a race re-reads and gets `conflict`/`gone`.
    for (const code of losers) expect(['conflict', 'gone']).toContain(code);
  });

  it('[S1][S3][H1] the reapers of three nodes race for the same due sessions: each ends once, each side hears it once, one audit event each', async () => {
    const [a, b, c] = cluster.nodes;
    const citizens = await Promise.all(range(PARALLEL, 20).map((i) => cluster.citizen(c, i)));
    const targets = [a, b, c];
    // Delivered first (the display window then expires), then, with the same citizens (their
    // slot is free again), sessions waiting for approval; and sessions nobody joined.
    const delivered = await Promise.all(
      citizens.map(async (citizen, i) => {
        const created = await a.createSession('bank', { flow: 'code', request: idRequest() });
        const widget = await cluster.widget(targets[i % 3]!, created.widgetToken);
        await ask(citizen.device.socket, 'pairing:join', { code: created.code });
        await ask(citizen.device.socket, 'request:approve', { sessionId: created.sessionId });
        await widget.next('session:data');
        return { created, widget, citizen: undefined };
      }),
    );
    const deciding = await Promise.all(
      citizens.map(async (citizen, i) => {
        const created = await b.createSession('bank', { flow: 'code', request: idRequest() });
        const widget = await cluster.widget(targets[(i + 1) % 3]!, created.widgetToken);
        await ask(citizen.device.socket, 'pairing:join', { code: created.code });
        return { created, widget, citizen };
      }),
    );
    const pairing = await Promise.all(
      range(PARALLEL).map(async (i) => {
        const created = await c.createSession('bank', { flow: 'code', request: idRequest() });
        const widget = await cluster.widget(targets[(i + 2) % 3]!, created.widgetToken);
        return { created, widget, citizen: undefined };
      }),
    );

    // Every window is over; three explicit sweeps start together, and the nodes' own reaper
    // timers join in.
    cluster.clock.advance(181_000);
    await Promise.all(cluster.nodes.map((node) => node.hub.reaper.sweep()));
    await cluster.settle([...delivered, ...deciding, ...pairing].map((s) => s.widget));
    await cluster.settle(citizens.map((citizen) => citizen.device));

    const audit = await cluster.audit(a);
    for (const [group, reason, outcome] of [
      [delivered, 'expired', 'delivered'],
      [deciding, 'timed_out', 'timed_out'],
      [pairing, 'timed_out', 'timed_out'],
    ] as const) {
      for (const { created, widget, citizen } of group) {
        const { sessionId } = created;
        expect(widget.all<SessionEndedEvent>('session:ended').filter(ofSession(sessionId))).toEqual(
          [{ sessionId, reason }],
        );
        if (citizen) {
          expect(
            citizen.device
              .all<RequestWithdrawnEvent>('request:withdrawn')
              .filter(ofSession(sessionId)),
          ).toEqual([{ sessionId, reason: 'timed_out' }]);
        }
        expect(await stateEverywhere('bank', sessionId)).toBe(
          reason === 'expired' ? 'expired' : 'timed_out',
        );
        expect(audit.filter((e) => e.sessionId === sessionId)).toMatchObject([{ outcome }]);
      }
    }
  });
});
