/**
 * Opens a record store named by a connection string, for the operator scripts (which, unlike the
 * hub, take their configuration from the command line): `redis://…` (key prefix) or
 * `mongodb://…` / `mongodb+srv://…` (database name), each with a client of its own that
 * `close()` releases. A MongoDB target can be brought to the store's schema first.
 */
import { MongoClient } from 'mongodb';
import type { Db } from 'mongodb';
import { createClient } from 'redis';
import {
  createMongoRecordStore,
  createRedisRecordStore,
  ensureMongoRecordSchema,
} from '../../adapters/records/index.js';
import type { RecordStore } from '../../adapters/records/index.js';
import type { RedisClient } from '../../adapters/redis/redis-types.js';
import { mongoClientOptions, redactMongoUrl } from '../../hub/mongo-deps.js';

/** A store opened from a URL, with what it was opened on. */
export interface OpenedStore {
  store: RecordStore;
  /** The URL without its password, for messages. */
  shown: string;
  redis?: { client: RedisClient; prefix: string };
  mongo?: { client: MongoClient; db: Db };
  close(): Promise<void>;
}

/** Whether `url` names a MongoDB deployment. */
export function isMongoUrl(url: string): boolean {
  return /^mongodb(\+srv)?:\/\//.test(url);
}

/** Opens the store at `url`; `ensureSchema` creates a MongoDB store's collections and indexes. */
export async function openRecordStore(
  url: string,
  options: { prefix?: string; db?: string; appName: string; ensureSchema?: boolean },
): Promise<OpenedStore> {
  if (isMongoUrl(url)) {
    const client = new MongoClient(url, mongoClientOptions(url, options.appName));
    await client.connect();
    const db = client.db(options.db ?? 'mdok');
    if (options.ensureSchema) await ensureMongoRecordSchema(db);
    const store = createMongoRecordStore({ db });
    return {
      store,
      shown: `${redactMongoUrl(url)} (database ${db.databaseName})`,
      mongo: { client, db },
      async close() {
        await store.close();
        await client.close();
      },
    };
  }
  if (/^rediss?:\/\//.test(url)) {
    const prefix = options.prefix ?? 'mdok:';
    const client: RedisClient = createClient({ url, disableOfflineQueue: true });
    client.on('error', () => {});
    await client.connect();
    const store = createRedisRecordStore({ client, prefix });
    const shown = new URL(url);
    if (shown.password) shown.password = '***';
    return {
      store,
      shown: `${shown.toString()} (prefix ${prefix})`,
      redis: { client, prefix },
      async close() {
        await store.close();
        await client.close();
      },
    };
  }
  throw new Error(`not a redis:// or mongodb:// URL: ${url.split('@').at(-1)}`);
}
