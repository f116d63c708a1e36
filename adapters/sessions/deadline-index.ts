/**
 * The in-memory deadline index behind `SessionStore.due` (PRODUCT S3): which sessions the hub must
 * look at again, earliest first, without scanning every live session on each tick. It is a binary
 * min-heap keyed by (deadline, id) with lazy deletion: changing or dropping a deadline only
 * updates a map, and heap entries that no longer match the map are skipped (and discarded) when
 * they reach the top. When stale entries outnumber live ones the heap is rebuilt from the map, so
 * memory stays proportional to the number of sessions with a deadline.
 */

/** One heap entry; `gen` tells a current entry from a stale one for the same id and deadline. */
interface HeapEntry {
  deadlineAt: number;
  id: string;
  gen: number;
}

/** Current deadline of an id and the generation of its one valid heap entry. */
interface Current {
  deadlineAt: number;
  gen: number;
}

/** Below this heap size stale entries are never worth a rebuild. */
const MIN_COMPACT_SIZE = 1024;

/** Orders by deadline, then by id (the same tie-break as a Redis sorted set). */
function before(a: HeapEntry, b: HeapEntry): boolean {
  if (a.deadlineAt !== b.deadlineAt) return a.deadlineAt < b.deadlineAt;
  return a.id < b.id;
}

/**
 * Deadlines by session id, answering "which are due by `now`, earliest first" in
 * O(k log n) for k answers and n entries.
 */
export class DeadlineIndex {
  private heap: HeapEntry[] = [];
  private readonly current = new Map<string, Current>();
  private nextGen = 0;

  /** Number of ids that currently have a deadline. */
  get size(): number {
    return this.current.size;
  }

  /** Sets (or with `null` drops) the deadline of `id`. */
  set(id: string, deadlineAt: number | null): void {
    if (deadlineAt === null) {
      this.delete(id);
      return;
    }
    const existing = this.current.get(id);
    if (existing?.deadlineAt === deadlineAt) return;
    const gen = this.nextGen++;
    this.current.set(id, { deadlineAt, gen });
    this.push({ deadlineAt, id, gen });
    this.compactIfWasteful();
  }

  /** Drops `id` from the index; its heap entry becomes stale. */
  delete(id: string): void {
    if (this.current.delete(id)) this.compactIfWasteful();
  }

  /**
   * Ids whose deadline is at or before `now`, earliest first, at most `limit`. The index is left
   * as it was, except that ids for which `keep` answers false are dropped and not returned.
   */
  due(now: number, limit: number, keep: (id: string) => boolean = () => true): string[] {
    const taken: HeapEntry[] = [];
    while (taken.length < limit) {
      const top = this.heap[0];
      if (top === undefined) break;
      if (!this.isCurrent(top)) {
        this.pop();
        continue;
      }
      if (top.deadlineAt > now) break;
      this.pop();
      if (keep(top.id)) {
        taken.push(top);
      } else {
        this.current.delete(top.id);
      }
    }
    // `due` only reads: the entries go back until the caller moves or forgets the deadline.
    for (const entry of taken) this.push(entry);
    return taken.map((entry) => entry.id);
  }

  /**
   * How many ids have a deadline at or before `now`: a walk of the heap that never descends
   * below an entry later than `now`, so it costs O(k) for k due entries (stale ones included).
   */
  countDue(now: number): number {
    let count = 0;
    const stack = this.heap.length > 0 ? [0] : [];
    while (stack.length > 0) {
      const i = stack.pop()!;
      const entry = this.heap[i];
      if (entry === undefined || entry.deadlineAt > now) continue;
      if (this.isCurrent(entry)) count++;
      stack.push(2 * i + 1, 2 * i + 2);
    }
    return count;
  }

  /** Removes every entry. */
  clear(): void {
    this.heap = [];
    this.current.clear();
  }

  private isCurrent(entry: HeapEntry): boolean {
    return this.current.get(entry.id)?.gen === entry.gen;
  }

  private compactIfWasteful(): void {
    if (this.heap.length < MIN_COMPACT_SIZE || this.heap.length <= 2 * this.current.size) return;
    this.heap = [];
    for (const [id, { deadlineAt, gen }] of this.current) this.push({ deadlineAt, id, gen });
  }

  private push(entry: HeapEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as HeapEntry;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): HeapEntry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const l = heap[left] as HeapEntry;
      const r = heap[right];
      const [child, c] = r !== undefined && before(r, l) ? [right, r] : [left, l];
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
