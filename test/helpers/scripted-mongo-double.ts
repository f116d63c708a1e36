/**
 * A SCRIPTED DOUBLE of the few MongoDB driver calls the record store makes — NOT a MongoDB server
 * and not a stand-in for one. It keeps documents in maps and implements exactly the operations and
 * query operators the store uses (equality, `$lt/$lte/$gt/$gte/$exists`, `$set`, sort, limit,
 * inclusion projection, upserts), enforces `_id` and declared unique indexes (raising errors shaped
 * like the server's code 11000), and throws on anything else. It has no TTL monitor, validator,
 * aggregation, transactions, write concern or replication.
 *
 * What it is for: driving the store's own logic through situations that are hard to produce on a
 * real server on demand — another node winning a race at an exact moment, an outage mid-append, an
 * answer lost after a write landed — by scripting hooks that run before chosen operations, and
 * recording the calls the store makes (so index and validator set-up can be checked call by call).
 * What it cannot prove: that a real MongoDB accepts those calls and behaves as assumed. That is the
 * contract suite's job against a real server (`MONGODB_URL`, `npm run test:mongo`).
 */
import type { Db } from 'mongodb';

/** One call the store made on the double. */
export interface DoubleCall {
  collection: string | null;
  op: string;
  args: unknown[];
}

/** Runs before each operation; may throw (the operation then rejects) or await other work. */
export type DoubleHook = (call: DoubleCall) => void | Promise<void>;

type Doc = Record<string, unknown> & { _id: unknown };
type Filter = Record<string, unknown>;

/** The double and its controls. */
export interface ScriptedMongoDouble {
  /** Hand this to the store; only the calls the store makes are implemented. */
  db: Db;
  /** Every call so far, in order. */
  calls: DoubleCall[];
  /** Runs before every operation (set to undefined to remove). */
  hook: DoubleHook | undefined;
  /**
   * Runs after an operation took effect, before it answers; if it throws, the caller gets the
   * error although the write landed (an answer lost on the way back).
   */
  after: DoubleHook | undefined;
  /** While true every operation rejects as a network error would (MongoDB unreachable). */
  down: boolean;
  /** The stored documents of a collection (copies), in insertion order. */
  documents(collection: string): Doc[];
  /** Changes a stored document in place (tampering, as someone with database access could). */
  tamper(collection: string, id: unknown, change: (doc: Doc) => void): void;
  /** Removes a stored document (tampering). */
  remove(collection: string, id: unknown): void;
}

function unsupported(what: string): never {
  throw new Error(`the scripted MongoDB double does not support ${what}`);
}

function duplicateKey(collection: string, keyPattern: Record<string, number>, doc: Doc): Error {
  const keyValue = Object.fromEntries(Object.keys(keyPattern).map((k) => [k, doc[k] ?? null]));
  return Object.assign(
    new Error(`E11000 duplicate key error collection: double.${collection} dup key`),
    { name: 'MongoServerError', code: 11000, keyPattern, keyValue },
  );
}

function networkError(): Error {
  return Object.assign(new Error('connection refused (scripted outage of the double)'), {
    name: 'MongoNetworkError',
  });
}

/** Total order on the value types the store writes (missing/null < number < string < Date). */
function compare(a: unknown, b: unknown): number {
  const rank = (v: unknown) =>
    v === undefined || v === null
      ? 0
      : typeof v === 'number'
        ? 1
        : typeof v === 'string'
          ? 2
          : v instanceof Date
            ? 3
            : unsupported(`comparing ${typeof v}`);
  const [ra, rb] = [rank(a), rank(b)];
  if (ra !== rb) return ra - rb;
  const [va, vb] = a instanceof Date && b instanceof Date ? [a.getTime(), b.getTime()] : [a, b];
  return (va as number) < (vb as number) ? -1 : (va as number) > (vb as number) ? 1 : 0;
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function matches(doc: Doc, filter: Filter): boolean {
  return Object.entries(filter).every(([field, condition]) => {
    const value = doc[field];
    const isOperators =
      condition !== null &&
      typeof condition === 'object' &&
      !(condition instanceof Date) &&
      Object.keys(condition).every((k) => k.startsWith('$'));
    if (!isOperators) {
      if (condition !== null && typeof condition === 'object' && !(condition instanceof Date)) {
        unsupported('matching embedded documents');
      }
      return same(value, condition);
    }
    return Object.entries(condition as Record<string, unknown>).every(([op, arg]) => {
      switch (op) {
        case '$eq':
          return same(value, arg);
        case '$exists':
          return (value !== undefined) === arg;
        case '$lt':
          return value !== undefined && compare(value, arg) < 0;
        case '$lte':
          return value !== undefined && compare(value, arg) <= 0;
        case '$gt':
          return value !== undefined && compare(value, arg) > 0;
        case '$gte':
          return value !== undefined && compare(value, arg) >= 0;
        default:
          return unsupported(`query operator ${op}`);
      }
    });
  });
}

function equalityFields(filter: Filter): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter).filter(
      ([, c]) =>
        c === null ||
        typeof c !== 'object' ||
        c instanceof Date ||
        !Object.keys(c)[0]?.startsWith('$'),
    ),
  );
}

/** Creates an empty double. */
export function createScriptedMongoDouble(): ScriptedMongoDouble {
  const data = new Map<string, Map<string, Doc>>();
  const uniques = new Map<string, Array<Record<string, number>>>();
  const created = new Set<string>();
  const key = (id: unknown) => JSON.stringify(id instanceof Date ? { $date: id.getTime() } : id);
  const store = (name: string) => {
    let docs = data.get(name);
    if (docs === undefined) data.set(name, (docs = new Map()));
    return docs;
  };

  const double: ScriptedMongoDouble = {
    db: undefined as unknown as Db,
    calls: [],
    hook: undefined,
    after: undefined,
    down: false,
    documents: (name) => [...store(name).values()].map((d) => structuredClone(d)),
    tamper(name, id, change) {
      const doc = store(name).get(key(id));
      if (doc === undefined) throw new Error(`no document ${String(id)} in ${name}`);
      change(doc);
    },
    remove(name, id) {
      store(name).delete(key(id));
    },
  };

  async function enter(
    collection: string | null,
    op: string,
    args: unknown[],
  ): Promise<DoubleCall> {
    const call = { collection, op, args: structuredClone(args) };
    double.calls.push(call);
    await double.hook?.(call);
    if (double.down) throw networkError();
    return call;
  }

  /** Throws the server's duplicate-key error if `doc` clashes with another document. */
  function checkUnique(name: string, doc: Doc, replacing?: string): void {
    const docs = store(name);
    const existing = docs.get(key(doc._id));
    if (existing !== undefined && key(doc._id) !== replacing) {
      throw duplicateKey(name, { _id: 1 }, doc);
    }
    for (const pattern of uniques.get(name) ?? []) {
      const fields = Object.keys(pattern);
      for (const [id, other] of docs) {
        if (id === replacing || id === key(doc._id)) continue;
        if (fields.every((f) => same(other[f] ?? null, doc[f] ?? null))) {
          throw duplicateKey(name, pattern, doc);
        }
      }
    }
  }

  function insert(name: string, doc: Doc): void {
    checkUnique(name, doc);
    store(name).set(key(doc._id), structuredClone(doc));
  }

  function select(name: string, filter: Filter): Doc[] {
    return [...store(name).values()].filter((doc) => matches(doc, filter));
  }

  function cursor(docsOf: () => Doc[], projection?: Record<string, number>) {
    let sortSpec: Record<string, number> | undefined;
    let limit = 0;
    const api = {
      sort(spec: Record<string, number>) {
        sortSpec = spec;
        return api;
      },
      limit(n: number) {
        limit = n;
        return api;
      },
      async toArray() {
        let docs = docsOf();
        if (sortSpec !== undefined) {
          const spec = Object.entries(sortSpec);
          docs = [...docs].sort((a, b) => {
            for (const [field, dir] of spec) {
              const c = compare(a[field], b[field]);
              if (c !== 0) return c * dir;
            }
            return 0;
          });
        }
        if (limit > 0) docs = docs.slice(0, limit);
        return docs.map((doc) => {
          const copy = structuredClone(doc);
          if (projection === undefined) return copy;
          if (Object.values(projection).some((v) => v !== 1)) unsupported('exclusion projections');
          return Object.fromEntries(
            Object.entries(copy).filter(([f]) => f === '_id' || projection[f] === 1),
          );
        });
      },
    };
    return api;
  }

  function collection(name: string) {
    return {
      collectionName: name,
      async insertOne(doc: Doc) {
        const call = await enter(name, 'insertOne', [doc]);
        insert(name, doc);
        await double.after?.(call);
        return { acknowledged: true, insertedId: doc._id };
      },
      async insertMany(docs: Doc[], options?: { ordered?: boolean }) {
        const call = await enter(name, 'insertMany', [docs, options]);
        if (options?.ordered === false) unsupported('unordered insertMany');
        for (const doc of docs) insert(name, doc);
        await double.after?.(call);
        return { acknowledged: true, insertedCount: docs.length };
      },
      async findOne(filter: Filter) {
        await enter(name, 'findOne', [filter]);
        const found = select(name, filter)[0];
        return found === undefined ? null : structuredClone(found);
      },
      find(filter: Filter = {}, options?: { projection?: Record<string, number> }) {
        // The call is recorded and the hook run when the cursor is read, as the driver does.
        const docs = cursor(() => select(name, filter), options?.projection);
        const toArray = docs.toArray;
        docs.toArray = async () => {
          await enter(name, 'find', [filter, options]);
          return toArray();
        };
        return docs;
      },
      async countDocuments(filter: Filter, options?: { limit?: number }) {
        await enter(name, 'countDocuments', [filter, options]);
        const n = select(name, filter).length;
        return options?.limit ? Math.min(n, options.limit) : n;
      },
      async replaceOne(filter: Filter, replacement: Doc, options?: { upsert?: boolean }) {
        await enter(name, 'replaceOne', [filter, replacement, options]);
        const [found] = select(name, filter);
        if (found !== undefined) {
          const doc = { ...structuredClone(replacement), _id: found._id };
          checkUnique(name, doc, key(found._id));
          store(name).set(key(found._id), doc);
          return { matchedCount: 1, modifiedCount: 1, upsertedCount: 0 };
        }
        if (!options?.upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
        insert(name, { ...equalityFields(filter), ...replacement } as Doc);
        return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 };
      },
      async updateOne(
        filter: Filter,
        update: Record<string, unknown>,
        options?: { upsert?: boolean },
      ) {
        await enter(name, 'updateOne', [filter, update, options]);
        const ops = Object.keys(update);
        if (Array.isArray(update) || ops.some((op) => op !== '$set')) {
          unsupported(`update ${JSON.stringify(ops)}`);
        }
        const set = update.$set as Record<string, unknown>;
        const [found] = select(name, filter);
        if (found !== undefined) {
          const doc = { ...found, ...structuredClone(set) };
          checkUnique(name, doc, key(found._id));
          store(name).set(key(found._id), doc);
          return { matchedCount: 1, modifiedCount: 1, upsertedCount: 0 };
        }
        if (!options?.upsert) return { matchedCount: 0, modifiedCount: 0, upsertedCount: 0 };
        insert(name, { ...equalityFields(filter), ...structuredClone(set) } as Doc);
        return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1 };
      },
      async deleteOne(filter: Filter) {
        await enter(name, 'deleteOne', [filter]);
        const [found] = select(name, filter);
        if (found !== undefined) store(name).delete(key(found._id));
        return { deletedCount: found === undefined ? 0 : 1 };
      },
      async bulkWrite(ops: Array<Record<string, unknown>>) {
        await enter(name, 'bulkWrite', [ops]);
        for (const op of ops) {
          const replace = op.replaceOne as
            { filter: Filter; replacement: Doc; upsert?: boolean } | undefined;
          if (replace === undefined) unsupported(`bulk ${Object.keys(op).join()}`);
          const [found] = select(name, replace.filter);
          if (found !== undefined) {
            checkUnique(name, replace.replacement, key(found._id));
            store(name).set(key(found._id), structuredClone(replace.replacement));
          } else if (replace.upsert) {
            insert(name, replace.replacement);
          }
        }
        return { ok: 1 };
      },
      async createIndexes(specs: Array<{ key: Record<string, number>; unique?: boolean }>) {
        await enter(name, 'createIndexes', [specs]);
        for (const spec of specs) {
          if (spec.unique) uniques.set(name, [...(uniques.get(name) ?? []), spec.key]);
        }
        return specs.map((spec) => (spec as { name?: string }).name ?? '');
      },
      aggregate(): never {
        return unsupported(
          'aggregation (the report pipeline is checked by its spec and against a real server)',
        );
      },
    };
  }

  const db = {
    databaseName: 'scripted-double',
    collection,
    listCollections() {
      return {
        async toArray() {
          await enter(null, 'listCollections', []);
          return [...created].map((name) => ({ name }));
        },
      };
    },
    async createCollection(name: string, options: unknown) {
      await enter(null, 'createCollection', [name, options]);
      if (created.has(name)) {
        throw Object.assign(new Error(`Collection ${name} already exists`), { code: 48 });
      }
      created.add(name);
      return collection(name);
    },
    async command(command: Record<string, unknown>) {
      await enter(null, 'command', [command]);
      if ('ping' in command) return { ok: 1 };
      if ('collMod' in command) return { ok: 1 };
      return unsupported(`command ${Object.keys(command)[0]}`);
    },
  };
  double.db = db as unknown as Db;
  return double;
}
