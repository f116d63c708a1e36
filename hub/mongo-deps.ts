/**
 * The node's MongoDB record store (production layout: records in a MongoDB replica set, sessions
 * and events in Redis). Owns the one `MongoClient` of the node: its options are defaults that the
 * connection string overrides key by key, so an operator tunes a deployment in `MONGODB_URL`
 * alone. At start it connects, pings and brings the schema up to date, and any failure there is
 * the caller's reason to refuse to start; afterwards the driver reconnects by itself, failed
 * operations reject (answered `internal`), and reachability changes are logged once each.
 */
import { MongoClient } from 'mongodb';
import type { MongoClientOptions } from 'mongodb';
import type { Logger } from 'pino';
import { createMongoRecordStore, ensureMongoRecordSchema } from '../adapters/records/index.js';
import type { RecordStore } from '../adapters/records/index.js';

/** The client options the hub uses unless the connection string sets them (README). */
export const MONGO_CLIENT_DEFAULTS = {
  /** Connections per node; hub requests are short point reads and single inserts. */
  maxPoolSize: 20,
  /** How long an operation waits for a usable server (primary) before failing `internal`. */
  serverSelectionTimeoutMS: 5_000,
  connectTimeoutMS: 5_000,
  /** A socket silent this long is given up (no hub query runs anywhere near it). */
  socketTimeoutMS: 30_000,
  /** How long a request waits for a free pooled connection. */
  waitQueueTimeoutMS: 5_000,
  /** One automatic retry of a write or read cut by a failover. */
  retryWrites: true,
  retryReads: true,
  /** Records are read from the primary, as acknowledged by a majority (no rolled-back reads). */
  readPreference: 'primary',
  readConcernLevel: 'majority',
  /** A write counts once a majority has it: an audit event can never be rolled back. */
  writeConcern: { w: 'majority', wtimeoutMS: 10_000 },
} as const satisfies MongoClientOptions;

/** Connection-string keys (lower case) that stand for each default. */
const uriKeysOf: Record<keyof typeof MONGO_CLIENT_DEFAULTS, string[]> = {
  maxPoolSize: ['maxpoolsize'],
  serverSelectionTimeoutMS: ['serverselectiontimeoutms'],
  connectTimeoutMS: ['connecttimeoutms'],
  socketTimeoutMS: ['sockettimeoutms'],
  waitQueueTimeoutMS: ['waitqueuetimeoutms'],
  retryWrites: ['retrywrites'],
  retryReads: ['retryreads'],
  readPreference: ['readpreference'],
  readConcernLevel: ['readconcernlevel'],
  writeConcern: ['w', 'wtimeoutms', 'journal'],
};

/** The hub's defaults minus what `url` sets itself, plus the application name. */
export function mongoClientOptions(url: string, appName: string): MongoClientOptions {
  const query = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const inUrl = new Set([...new URLSearchParams(query).keys()].map((key) => key.toLowerCase()));
  const options: MongoClientOptions = { appName };
  for (const [name, value] of Object.entries(MONGO_CLIENT_DEFAULTS)) {
    const keys = uriKeysOf[name as keyof typeof MONGO_CLIENT_DEFAULTS];
    if (!keys.some((key) => inUrl.has(key))) Object.assign(options, { [name]: value });
  }
  return options;
}

/** A MongoDB connection string with any password replaced, for logs (seed lists too). */
export function redactMongoUrl(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

/** The node's MongoDB record store and its client. */
export interface MongoDeps {
  records: RecordStore;
  client: MongoClient;
  /** Closes the client (after the store is closed). */
  close(): Promise<void>;
}

/** Connects, checks the server answers, ensures the schema; rejects if any of it fails. */
export async function connectMongoRecords(options: {
  url: string;
  dbName: string;
  appName: string;
  logger: Logger;
}): Promise<MongoDeps> {
  const client = new MongoClient(options.url, mongoClientOptions(options.url, options.appName));
  const down = new Set<string>();
  client.on('serverHeartbeatFailed', (event) => {
    if (down.has(event.connectionId)) return;
    down.add(event.connectionId);
    options.logger.error({ server: event.connectionId, err: event.failure }, 'mongodb unreachable');
  });
  client.on('serverHeartbeatSucceeded', (event) => {
    if (down.delete(event.connectionId)) {
      options.logger.info({ server: event.connectionId }, 'mongodb reachable again');
    }
  });
  try {
    await client.connect();
    const db = client.db(options.dbName);
    await db.command({ ping: 1 });
    await ensureMongoRecordSchema(db);
    return {
      records: createMongoRecordStore({ db }),
      client,
      close: () => client.close(),
    };
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
}
