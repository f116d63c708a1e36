/**
 * Enrollments and devices in MongoDB (PRODUCT A3). An enrollment is keyed by the citizen
 * reference and replaced whole; the unique index on its phone hash holds the hub's rule that a
 * phone number is enrolled by one citizen only, so two citizens racing to enroll one number
 * cannot both succeed. A device is keyed by its id; deactivating sets `deactivatedAt` only where
 * unset (the first time is kept) and `expiresAt`, after which the TTL index deletes it.
 */
import type { CitizenRepository } from '../record-store.js';
import type { MongoRecordContext } from './mongo-context.js';
import {
  fromDeviceDocument,
  fromEnrollmentDocument,
  toDate,
  toDeviceDocument,
  toEnrollmentDocument,
} from './mongo-documents.js';
import { duplicateKeyFields } from './mongo-errors.js';
import { insertNew } from './mongo-insert.js';

/** The citizen repository of a MongoDB record store. */
export function createMongoCitizenRepository(context: MongoRecordContext): CitizenRepository {
  const { enrollments, devices } = context.collections;
  const { assertOpen } = context;
  const expiry = () => new Date(context.now() + context.deactivatedDeviceRetentionMs);
  return {
    async upsertEnrollment(enrollment) {
      assertOpen();
      const doc = toEnrollmentDocument(enrollment);
      for (let attempt = 1; ; attempt++) {
        try {
          await enrollments.replaceOne({ _id: doc._id }, doc, { upsert: true });
          return;
        } catch (error) {
          const fields = duplicateKeyFields(error);
          // Two upserts of a new citizen at once: one inserts, the other replaces on retry.
          if (fields?.includes('_id') && attempt < 2) continue;
          if (fields?.includes('phoneHash')) {
            throw new Error('this phone is enrolled by another citizen', { cause: error });
          }
          throw error;
        }
      }
    },
    async getEnrollment(citizenRef) {
      assertOpen();
      const doc = await enrollments.findOne({ _id: citizenRef });
      return doc === null ? null : fromEnrollmentDocument(doc);
    },
    async findByPhoneHash(phoneHash) {
      assertOpen();
      const doc = await enrollments.findOne({ phoneHash });
      return doc === null ? null : fromEnrollmentDocument(doc);
    },
    async deleteEnrollment(citizenRef) {
      assertOpen();
      await enrollments.deleteOne({ _id: citizenRef });
    },
    async insertDevice(device) {
      assertOpen();
      await insertNew(devices, toDeviceDocument(device, expiry()), `device ${device.id}`);
    },
    async getDevice(id) {
      assertOpen();
      const doc = await devices.findOne({ _id: id });
      return doc === null ? null : fromDeviceDocument(doc);
    },
    async listDevices(citizenRef) {
      assertOpen();
      const docs = await devices.find({ citizenRef }).sort({ createdAt: 1, _id: 1 }).toArray();
      return docs.map(fromDeviceDocument);
    },
    async deactivateDevice(id, at) {
      assertOpen();
      const deactivatedAt = toDate(at, 'deactivatedAt');
      const result = await devices.updateOne(
        { _id: id, deactivatedAt: { $exists: false } },
        { $set: { deactivatedAt, expiresAt: expiry() } },
      );
      if (result.matchedCount === 1) return true;
      return (await devices.countDocuments({ _id: id }, { limit: 1 })) === 1;
    },
  };
}
