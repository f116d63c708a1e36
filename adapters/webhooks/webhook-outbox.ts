/**
 * The webhook outbox (§6 webhooks): events waiting to be posted to verifiers' backends, kept
 * beside the sessions (in memory, or in the session store's Redis with `REDIS_URL`) so that any
 * node can send or retry them and a node that dies loses none. A node *claims* due deliveries:
 * a claim hides a delivery from every other node for a lease, so only one node sends it at a
 * time; the claim's lease token must be shown to complete or reschedule it, so a node whose lease
 * ran out (it hung, another node took over) cannot undo the other's work. A sender that dies
 * mid-POST leaves the delivery to be claimed again when the lease ends: the receiver may then see
 * the same event twice, with the same event id, which is what it deduplicates on.
 */

/** One event waiting to be posted. */
export interface WebhookDelivery {
  /** The event's id (also inside `body`); unique. */
  eventId: string;
  verifierId: string;
  /** The event as JSON, exactly what is posted (ids and states only, never claim values). */
  body: string;
  /** Attempts made so far. */
  attempts: number;
  /** Epoch ms it was enqueued. */
  createdAt: number;
}

/** A delivery this node holds the lease of. */
export interface ClaimedDelivery extends WebhookDelivery {
  /** The lease token, needed to complete or reschedule it. */
  lease: string;
}

/** The outbox every node shares. */
export interface WebhookOutbox {
  /**
   * Adds a delivery, due at `dueAt` (epoch ms); false, with nothing changed, when an event with
   * that id is already waiting.
   */
  enqueue(delivery: Omit<WebhookDelivery, 'attempts'>, dueAt: number): Promise<boolean>;
  /**
   * Claims up to `limit` deliveries due at `now`, earliest first: each is hidden from other
   * claims until `now + leaseMs` and comes with a fresh lease token.
   */
  claimDue(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /** Removes a delivery (posted, or given up) while `lease` is still its lease; true iff so. */
  complete(eventId: string, lease: string): Promise<boolean>;
  /**
   * Makes a delivery due again at `dueAt`, releasing the lease, while `lease` is still its lease;
   * `countAttempt` adds one to its attempts (false when it was postponed without being sent).
   */
  reschedule(
    eventId: string,
    lease: string,
    dueAt: number,
    countAttempt: boolean,
  ): Promise<boolean>;
  /** How many deliveries wait (due or not). */
  size(): Promise<number>;
  /** Releases what the outbox owns (not the clients it was given). */
  close(): Promise<void>;
}
