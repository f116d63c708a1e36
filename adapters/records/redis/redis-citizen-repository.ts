/**
 * Enrollments and devices in Redis (PRODUCT A3). An enrollment is a hash per citizen plus one
 * index hash phoneHash → citizenRef; replacing or deleting an enrollment updates both in one
 * script, so the index never points at a phone the citizen no longer has. A device is a hash per
 * id plus a list of the citizen's device ids in insertion order; `listDevices` sorts them by
 * `createdAt` stably, which is exactly the in-memory store's order (ties stay as inserted).
 */
import type { DeviceRecord, CitizenRepository, EnrollmentRecord } from '../record-store.js';
import { compareStrings, fromHash, hashArgs, insertHash, setOnceIf } from './redis-context.js';
import type { RedisRecordContext } from './redis-context.js';
import { luaScript, runScript } from '../../redis/redis-script.js';

const ENROLLMENT_FIELDS = ['citizenRef', 'phoneHash', 'activatedAt'] as const;
const DEVICE_REQUIRED = ['id', 'citizenRef', 'name', 'createdAt'] as const;
const DEVICE_OPTIONAL = ['deactivatedAt'] as const;
const DEVICE_FIELDS = [...DEVICE_REQUIRED, ...DEVICE_OPTIONAL] as const;

/**
 * KEYS: enrollment hash, phone index. ARGV: citizenRef, then (to replace) the new phone hash and
 * the HSET fields; with ARGV[1] alone it deletes. The old phone leaves the index only if it still
 * points at this citizen (another citizen may have registered that number since).
 */
const REPLACE_ENROLLMENT = luaScript(`
local old = redis.call('HGET', KEYS[1], 'phoneHash')
if old and redis.call('HGET', KEYS[2], old) == ARGV[1] then redis.call('HDEL', KEYS[2], old) end
redis.call('DEL', KEYS[1])
if #ARGV > 1 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 3))
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
end
return 1
`);

/** The citizen repository of a Redis record store. */
export function createRedisCitizenRepository(context: RedisRecordContext): CitizenRepository {
  const { client, keys, assertOpen } = context;

  async function readEnrollment(citizenRef: string): Promise<EnrollmentRecord | null> {
    return fromHash(await client.hGetAll(keys.enrollment(citizenRef)), ENROLLMENT_FIELDS, []);
  }

  async function readDevice(id: string): Promise<DeviceRecord | null> {
    return fromHash(await client.hGetAll(keys.device(id)), DEVICE_REQUIRED, DEVICE_OPTIONAL);
  }

  async function replaceEnrollment(citizenRef: string, args: string[]): Promise<void> {
    await runScript(
      client,
      REPLACE_ENROLLMENT,
      [keys.enrollment(citizenRef), keys.enrollmentsByPhone],
      [citizenRef, ...args],
    );
  }

  return {
    async upsertEnrollment(enrollment) {
      assertOpen();
      await replaceEnrollment(enrollment.citizenRef, [
        enrollment.phoneHash,
        ...hashArgs(enrollment, ENROLLMENT_FIELDS),
      ]);
    },
    async getEnrollment(citizenRef) {
      assertOpen();
      return readEnrollment(citizenRef);
    },
    async findByPhoneHash(phoneHash) {
      assertOpen();
      const citizenRef = await client.hGet(keys.enrollmentsByPhone, phoneHash);
      if (citizenRef == null) return null;
      const found = await readEnrollment(citizenRef);
      // Two reads, not one step: the enrollment may have changed phone in between.
      return found?.phoneHash === phoneHash ? found : null;
    },
    async deleteEnrollment(citizenRef) {
      assertOpen();
      await replaceEnrollment(citizenRef, []);
    },
    async insertDevice(device) {
      assertOpen();
      const inserted = await insertHash(
        client,
        keys.device(device.id),
        hashArgs(device, DEVICE_FIELDS),
        { kind: 'list', key: keys.citizenDevices(device.citizenRef), member: device.id },
      );
      if (!inserted) throw new Error(`device ${device.id} already exists`);
    },
    async getDevice(id) {
      assertOpen();
      return readDevice(id);
    },
    async listDevices(citizenRef) {
      assertOpen();
      const ids = await client.lRange(keys.citizenDevices(citizenRef), 0, -1);
      const found = await Promise.all(ids.map(readDevice));
      // Array.prototype.sort is stable: devices created at the same time stay as inserted.
      return found
        .filter((device) => device !== null)
        .sort((a, b) => compareStrings(a.createdAt, b.createdAt));
    },
    async deactivateDevice(id, at) {
      assertOpen();
      // The guard `id == id` holds exactly when the device exists.
      return setOnceIf(client, keys.device(id), { field: 'id', value: id }, 'deactivatedAt', at);
    },
  };
}
