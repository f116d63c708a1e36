/**
 * The citizen's history (H3), a page at a time: newest first, at most `limit` entries, and a
 * cursor to the older ones. The cursor is opaque: the seq of the page's last event, sealed with
 * a key of its own purpose (derived from the hub's sealing key, so every node reads every node's
 * cursors) and bound to the citizen. A citizen never learns the audit log's seq numbers (they
 * count the whole hub's verifications), and a cursor is good for its own citizen only.
 */
import { hkdfSync } from 'node:crypto';
import type { HistoryEntry, HistoryPage, HistoryQuery } from '../../contracts/index.js';
import type { AuditEvent } from '../../adapters/records/index.js';
import type { HubContext } from '../context.js';
import { HubError } from '../errors.js';
import { seal, unseal } from '../security/crypto.js';

/** The key that seals history cursors: its own purpose, derived from the hub's sealing key. */
export function historyCursorKey(sealKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', sealKey, Buffer.alloc(0), 'mdok-hub history cursor', 32));
}

const PREFIX = 'h1:';

/** The cursor of the events older than `seq`, for `citizenRef` only. */
export function sealHistoryCursor(key: Buffer, citizenRef: string, seq: number): string {
  return seal(key, `${PREFIX}${citizenRef}:${seq}`);
}

/** The seq a cursor stands for; `invalid_request` when it is not one this hub gave the citizen. */
export function openHistoryCursor(key: Buffer, citizenRef: string, cursor: string): number {
  let plain = '';
  try {
    plain = unseal(key, cursor);
  } catch {
    // Damaged, made up, or sealed under another HUB_SECRET: the same answer for each.
  }
  const head = `${PREFIX}${citizenRef}:`;
  const seq = plain.startsWith(head) ? Number(plain.slice(head.length)) : NaN;
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw new HubError('invalid_request', 'invalid query', {
      issues: [
        { path: 'before', message: 'not a cursor from this history; start again without it' },
      ],
    });
  }
  return seq;
}

function historyEntry(e: AuditEvent): HistoryEntry {
  return {
    sessionId: e.sessionId,
    at: e.at,
    verifier: {
      id: e.verifierId,
      name: e.verifierName,
      kind: e.verifierKind,
      ...(e.verifierBranch === undefined ? {} : { branch: e.verifierBranch }),
    },
    flow: e.flow,
    claims: e.claims,
    outcome: e.outcome,
    ...(e.legalBasis === undefined ? {} : { legalBasis: e.legalBasis }),
  };
}

/** One page of the citizen's history. */
export async function historyPage(
  ctx: HubContext,
  key: Buffer,
  citizenRef: string,
  query: HistoryQuery,
): Promise<HistoryPage> {
  const before =
    query.before === undefined ? undefined : openHistoryCursor(key, citizenRef, query.before);
  // One more than asked for: whether older entries follow, without a second read.
  const events = await ctx.records.audit.list({
    citizenRef,
    limit: query.limit + 1,
    ...(before === undefined ? {} : { before }),
  });
  const page = events.slice(0, query.limit);
  const last = page.at(-1);
  return {
    entries: page.map(historyEntry),
    ...(events.length > query.limit && last
      ? { next: sealHistoryCursor(key, citizenRef, last.seq) }
      : {}),
  };
}
