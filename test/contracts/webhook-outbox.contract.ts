/**
 * The contract suite of `WebhookOutbox` (§6 webhooks), run against every implementation
 * (memory, Redis): an event id is queued once; a claim hides a delivery for its lease, so two
 * nodes never both hold it; only the lease holder completes or reschedules it; a lease that runs
 * out makes the delivery claimable again (a sender that died); attempts count only when asked.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebhookOutbox } from '../../adapters/webhooks/index.js';

/** What a factory hands the suite for one test. */
export interface WebhookOutboxFixture {
  outbox: WebhookOutbox;
  /** Another node's outbox over the same data. Default: the same outbox. */
  peer?: WebhookOutbox;
  cleanup: () => Promise<void>;
}

const T0 = 1_800_000_000_000;

function delivery(eventId: string, verifierId = 'v_1') {
  return { eventId, verifierId, body: JSON.stringify({ id: eventId }), createdAt: T0 };
}

/** Registers the contract for one implementation. */
export function describeWebhookOutbox(
  name: string,
  factory: () => Promise<WebhookOutboxFixture>,
): void {
  describe(`[§6][X1] WebhookOutbox contract: ${name}`, () => {
    let fixture: WebhookOutboxFixture;
    let a: WebhookOutbox;
    let b: WebhookOutbox;
    beforeEach(async () => {
      fixture = await factory();
      a = fixture.outbox;
      b = fixture.peer ?? fixture.outbox;
    });
    afterEach(async () => {
      await fixture.cleanup();
    });

    it('queues an event id once; claims only what is due, earliest first', async () => {
      expect(await a.enqueue(delivery('e1'), T0 + 10)).toBe(true);
      expect(await a.enqueue(delivery('e1'), T0)).toBe(false);
      expect(await a.enqueue(delivery('e2'), T0 + 5)).toBe(true);
      expect(await a.enqueue(delivery('e3'), T0 + 1000)).toBe(true);
      expect(await a.size()).toBe(3);
      const claimed = await a.claimDue(T0 + 10, 10, 5_000);
      expect(claimed.map((d) => d.eventId)).toEqual(['e2', 'e1']);
      expect(claimed[1]).toMatchObject({
        ...delivery('e1'),
        attempts: 0,
        lease: expect.any(String),
      });
    });

    it('a claimed delivery is hidden from other nodes until its lease ends', async () => {
      await a.enqueue(delivery('e1'), T0);
      const [mine] = await a.claimDue(T0, 10, 5_000);
      expect(mine?.eventId).toBe('e1');
      expect(await b.claimDue(T0 + 4_999, 10, 5_000)).toEqual([]);
      // The holder never came back (it died mid-POST): another node takes it over.
      const [theirs] = await b.claimDue(T0 + 5_000, 10, 5_000);
      expect(theirs?.eventId).toBe('e1');
      expect(theirs?.lease).not.toBe(mine?.lease);
      // The first holder's lease is void: it can neither complete nor reschedule.
      expect(await a.complete('e1', mine!.lease)).toBe(false);
      expect(await a.reschedule('e1', mine!.lease, T0, true)).toBe(false);
      expect(await b.complete('e1', theirs!.lease)).toBe(true);
      expect(await a.size()).toBe(0);
    });

    it('20 claims at once from two nodes never hand a delivery to both', async () => {
      for (let i = 0; i < 10; i++) await a.enqueue(delivery(`e${i}`), T0);
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claimDue(T0, 3, 5_000)),
      );
      const ids = claims.flat().map((d) => d.eventId);
      // Never one delivery to two claimers; what nobody got in the race is claimable still.
      expect(new Set(ids).size).toBe(ids.length);
      const rest = (await a.claimDue(T0, 10, 5_000)).map((d) => d.eventId);
      expect([...ids, ...rest].sort()).toEqual(
        Array.from({ length: 10 }, (_, i) => `e${i}`).sort(),
      );
    });

    it('reschedule releases the lease, counts an attempt when asked, and sets the next due time', async () => {
      await a.enqueue(delivery('e1'), T0);
      const [first] = await a.claimDue(T0, 1, 5_000);
      expect(await a.reschedule('e1', first!.lease, T0 + 100, true)).toBe(true);
      expect(await b.claimDue(T0 + 99, 1, 5_000)).toEqual([]);
      const [second] = await b.claimDue(T0 + 100, 1, 5_000);
      expect(second?.attempts).toBe(1);
      expect(await b.reschedule('e1', second!.lease, T0 + 200, false)).toBe(true);
      const [third] = await a.claimDue(T0 + 200, 1, 5_000);
      expect(third?.attempts).toBe(1);
      expect(await a.complete('e1', third!.lease)).toBe(true);
      expect(await a.complete('e1', third!.lease)).toBe(false);
    });
  });
}
