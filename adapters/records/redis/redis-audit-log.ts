/**
 * The audit log in Redis (PRODUCT H1–H3): a stream whose entry ids are `<seq>-0`, each holding
 * the whole event as JSON, a head hash (`seq`, `hash` of the newest event) and, per citizen, a
 * list of their seqs, newest first, so a citizen's history never scans the stream.
 *
 * Redis Lua has no SHA-256, so the chain hash is computed here and the append is optimistic: the
 * script writes the entry, the head and the citizen index only if the head is still the one the
 * hash was computed on, and otherwise answers the current head so the caller can recompute and
 * retry at once (bounded, with a little jitter). That keeps the chain whole across any number of
 * hub processes. Within one process appends are queued and committed in groups: while one
 * script call is in flight, later appends wait and then go together in the next call (chained
 * here, written in one script), so a burst of ended sessions costs a few round trips rather than
 * one each, and appends only ever contend with other processes. The head of this process's last
 * append is reused, so an uncontended append is one round trip. The explicit stream ids are a
 * second guard: XADD refuses an id at or below the stream's last one, so a lost head can never
 * fork the chain (and as ids rise within a group, only the group's first XADD can be refused,
 * before anything was written).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DEFAULT_AUDIT_LIST_LIMIT,
  DEFAULT_AUDIT_RANGE_LIMIT,
  GENESIS_HASH,
  auditHash,
  auditInputOf,
  verifyAuditChain,
} from '../audit-chain.js';
import type { AuditEvent, AuditEventInput, AuditLog, AuditVerification } from '../record-store.js';
import { createReportTally, foldReport } from '../verification-report.js';
import type { RedisRecordContext } from './redis-context.js';
import { luaScript, runScript } from '../../redis/redis-script.js';

/** Appends give up (rejecting) after this many lost races in a row. */
const MAX_APPEND_ATTEMPTS = 100;

/** Upper bound of the random pause after a lost race, in ms (it grows with the attempts). */
const MAX_JITTER_MS = 20;

/** Stream entries read per XRANGE while verifying. */
const VERIFY_PAGE = 1_000;

/**
 * Appends a group of chained events. KEYS: head, stream, then the citizen indexes the events
 * name. ARGV: expected head seq ('0' when empty), expected head hash ('' when empty), the number
 * of events, then per event: seq, hash, event JSON, index of its citizen key in KEYS (0: none).
 * `{1}` when appended, else `{0, head seq, head hash}`.
 */
const APPEND = luaScript(`
local seq = redis.call('HGET', KEYS[1], 'seq') or '0'
local hash = redis.call('HGET', KEYS[1], 'hash') or ''
if seq ~= ARGV[1] or hash ~= ARGV[2] then return {0, seq, hash} end
local lastSeq, lastHash = seq, hash
for i = 0, tonumber(ARGV[3]) - 1 do
  local at = 4 + i * 4
  redis.call('XADD', KEYS[2], ARGV[at] .. '-0', 'event', ARGV[at + 2])
  local k = tonumber(ARGV[at + 3])
  if k > 0 then redis.call('LPUSH', KEYS[k], ARGV[at]) end
  lastSeq, lastHash = ARGV[at], ARGV[at + 1]
end
redis.call('HSET', KEYS[1], 'seq', lastSeq, 'hash', lastHash)
return {1}
`);

/** Most events committed in one script call. */
const MAX_GROUP = 100;

/** The chain's newest event, as far as this process knows; seq 0 and hash '' when empty. */
interface Head {
  seq: number;
  hash: string;
}

/** An entry's event; unreadable JSON becomes an event that cannot fit the chain. */
function parseEntry(id: string, fields: Record<string, string>): AuditEvent {
  try {
    return JSON.parse(fields.event ?? '') as AuditEvent;
  } catch {
    return { seq: Number.parseInt(id, 10), prevHash: '', hash: '' } as AuditEvent;
  }
}

function headOf(seq: unknown, hash: unknown): Head {
  return { seq: Number(seq ?? 0), hash: typeof hash === 'string' ? hash : '' };
}

/** The audit log of a Redis record store. */
export function createRedisAuditLog(context: RedisRecordContext): AuditLog {
  const { client, keys, assertOpen } = context;
  let head: Head | undefined;

  async function readHead(): Promise<Head> {
    const [seq, hash] = await client.hmGet(keys.auditHead, ['seq', 'hash']);
    return headOf(seq, hash);
  }

  /** Chains `inputs` after `from` (seq, prevHash, hash for each). */
  function chain(from: Head, inputs: readonly AuditEventInput[]): AuditEvent[] {
    const events: AuditEvent[] = [];
    let prev = from;
    for (const input of inputs) {
      const prevHash = prev.seq === 0 ? GENESIS_HASH : prev.hash;
      const event: AuditEvent = {
        ...input,
        seq: prev.seq + 1,
        prevHash,
        hash: auditHash(prevHash, input),
      };
      events.push(event);
      prev = { seq: event.seq, hash: event.hash };
    }
    return events;
  }

  /** Commits `inputs` as consecutive events, retrying lost races with other processes. */
  async function appendGroup(inputs: readonly AuditEventInput[]): Promise<AuditEvent[]> {
    let current = head ?? (await readHead());
    for (let attempt = 1; ; attempt++) {
      assertOpen();
      const events = chain(current, inputs);
      const keyList = [keys.auditHead, keys.auditStream];
      const args = [String(current.seq), current.hash, String(events.length)];
      for (const event of events) {
        let index = 0;
        if (event.citizenRef !== undefined) {
          const key = keys.auditCitizen(event.citizenRef);
          // Lua's KEYS are 1-based: a key's index is its position + 1 (push answers the length).
          const at = keyList.indexOf(key);
          index = at >= 0 ? at + 1 : keyList.push(key);
        }
        args.push(String(event.seq), event.hash, JSON.stringify(event), String(index));
      }
      let reply: unknown;
      try {
        reply = await runScript(client, APPEND, keyList, args);
      } catch (error) {
        // The write may or may not have landed: forget the head rather than trust it.
        head = undefined;
        throw error;
      }
      if (!Array.isArray(reply)) throw new Error('audit append: unexpected script reply');
      if (reply[0] === 1) {
        const last = events[events.length - 1]!;
        head = { seq: last.seq, hash: last.hash };
        return events;
      }
      current = headOf(reply[1], reply[2]);
      if (attempt >= MAX_APPEND_ATTEMPTS) {
        head = undefined;
        throw new Error(`audit append lost ${attempt} races in a row; giving up`);
      }
      // The script answered the head as it is now, so the first retries go at once: pausing
      // after every lost race starves this process while another drains a burst of appends
      // (two reapers ending hundreds of sessions together lost events that way).
      if (attempt > 2) await sleep(Math.random() * Math.min(MAX_JITTER_MS, attempt));
    }
  }

  /** Appends waiting for the next group, and whether a group is being committed. */
  let waiting: Array<{
    input: AuditEventInput;
    resolve: (event: AuditEvent) => void;
    reject: (error: unknown) => void;
  }> = [];
  let committing = false;

  async function commitWaiting(): Promise<void> {
    committing = true;
    try {
      while (waiting.length > 0) {
        const group = waiting.slice(0, MAX_GROUP);
        waiting = waiting.slice(group.length);
        try {
          const events = await appendGroup(group.map((w) => w.input));
          group.forEach((w, i) => w.resolve(events[i]!));
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      committing = false;
    }
  }

  async function eventsAt(seqs: readonly string[]): Promise<AuditEvent[]> {
    const entries = await Promise.all(
      seqs.map((seq) => client.xRange(keys.auditStream, `${seq}-0`, `${seq}-0`)),
    );
    return entries.flat().map((entry) => parseEntry(entry.id, entry.message));
  }

  /** Hands the whole stream to `visit`, oldest first, `VERIFY_PAGE` events at a time. */
  async function forEachPage(visit: (page: AuditEvent[]) => void): Promise<void> {
    for (let start = '-'; ;) {
      const page = await client.xRange(keys.auditStream, start, '+', { COUNT: VERIFY_PAGE });
      visit(page.map((entry) => parseEntry(entry.id, entry.message)));
      const last = page.at(-1);
      if (page.length < VERIFY_PAGE || last === undefined) break;
      start = `(${last.id}`;
    }
  }

  return {
    async append(input) {
      assertOpen();
      // Copy now: the caller may change its object while the append waits for its group.
      const fields = structuredClone(auditInputOf(input));
      return new Promise<AuditEvent>((resolve, reject) => {
        waiting.push({ input: fields, resolve, reject });
        if (!committing) void commitWaiting();
      });
    },
    async list(query = {}) {
      assertOpen();
      const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_AUDIT_LIST_LIMIT));
      if (limit === 0) return [];
      const { before } = query;
      if (query.citizenRef === undefined) {
        // `(` makes the bound exclusive (Redis ≥ 6.2).
        const end = before === undefined ? '+' : `(${before}-0`;
        const entries = await client.xRevRange(keys.auditStream, end, '-', { COUNT: limit });
        return entries.map((entry) => parseEntry(entry.id, entry.message));
      }
      const index = keys.auditCitizen(query.citizenRef);
      if (before === undefined) return eventsAt(await client.lRange(index, 0, limit - 1));
      // The index is newest first: a later page skips what is not older than `before`.
      const older = (await client.lRange(index, 0, -1)).filter((seq) => Number(seq) < before);
      return eventsAt(older.slice(0, limit));
    },
    async range(query = {}) {
      assertOpen();
      const fromSeq = Math.max(1, Math.floor(query.fromSeq ?? 1));
      const limit = Math.max(0, Math.floor(query.limit ?? DEFAULT_AUDIT_RANGE_LIMIT));
      if (limit === 0) return [];
      const entries = await client.xRange(keys.auditStream, `${fromSeq}-0`, '+', { COUNT: limit });
      return entries.map((entry) => parseEntry(entry.id, entry.message));
    },
    async verify() {
      assertOpen();
      // The head first: events appended while we read only extend what it promises.
      const promised = await readHead();
      const events: AuditEvent[] = [];
      await forEachPage((page) => events.push(...page));
      const result = verifyAuditChain(events);
      return result.ok ? checkAgainstHead(result, events, promised) : result;
    },
    async report(range) {
      assertOpen();
      // No aggregation engine here: the stream is read page by page and counted in code.
      const tally = createReportTally(range);
      await forEachPage((page) => page.forEach(tally.add));
      return foldReport(range, tally.counts());
    },
  };
}

/**
 * A chain can be cut short without breaking a hash: newest events deleted. The head still names
 * the newest event ever appended, so a whole chain that does not reach it is broken where the
 * first missing event should be.
 */
function checkAgainstHead(
  result: AuditVerification,
  events: readonly AuditEvent[],
  promised: Head,
): AuditVerification {
  if (promised.seq === 0) return result;
  const atHead = events[promised.seq - 1];
  if (atHead === undefined) return { ok: false, count: events.length, brokenAt: events.length + 1 };
  if (atHead.hash !== promised.hash)
    return { ok: false, count: promised.seq, brokenAt: promised.seq };
  return result;
}
