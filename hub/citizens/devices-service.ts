/**
 * A citizen's devices (A3): activating the service on a phone (the phone number must be the one
 * on the citizen's record, and no one else's enrollment), listing devices, and deactivating one
 * device or the whole service — which cuts that device's sockets on every node and ends the
 * request that waited on it. Routes only parse, call this and answer.
 */
import type { ActivationResponse, DeviceView } from '../../contracts/index.js';
import type { DeviceRecord } from '../../adapters/records/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import { randomId } from '../security/crypto.js';
import { endPendingAfterDeactivation } from '../sessions/citizen-service.js';
import { phoneHashOf } from '../sessions/subjects.js';

/** The citizen a device belongs to. */
export interface DeviceOwner {
  pesel: string;
  citizenRef: string;
}

/** How a device is shown to its owner. */
export function deviceView(d: DeviceRecord): DeviceView {
  return {
    deviceId: d.id,
    name: d.name,
    createdAt: d.createdAt,
    active: !d.deactivatedAt,
    ...(d.deactivatedAt ? { deactivatedAt: d.deactivatedAt } : {}),
  };
}

function now(ctx: HubContext): string {
  return new Date(ctx.clock.now()).toISOString();
}

/** Activates the service on a new device and answers its device token (shown once). */
export async function activateDevice(
  ctx: HubContext,
  owner: DeviceOwner,
  phone: string,
  deviceName: string,
): Promise<ActivationResponse> {
  const { pesel, citizenRef } = owner;
  await ctx.limiter.hit('activations', citizenRef);
  // Pushes by phone must reach the phone's owner: only the number on record can be enrolled
  // (a stand-in for confirming it by SMS).
  const person = await ctx.registers.findPerson({ pesel });
  if (!person || person.phone !== phone) {
    throw new HubError('forbidden', 'this is not the phone number on your record', {
      issues: [{ path: 'phone', message: 'must be the phone number on your record' }],
    });
  }
  const phoneHash = phoneHashOf(ctx, phone);
  const owned = await ctx.records.citizens.findByPhoneHash(phoneHash);
  if (owned && owned.citizenRef !== citizenRef) {
    throw new HubError('conflict', 'this phone number is registered to someone else');
  }
  const existing = await ctx.records.citizens.getEnrollment(citizenRef);
  await ctx.records.citizens.upsertEnrollment({
    citizenRef,
    phoneHash,
    activatedAt: existing?.activatedAt ?? now(ctx),
  });
  const deviceId = `d_${randomId(12)}`;
  await ctx.records.citizens.insertDevice({
    id: deviceId,
    citizenRef,
    name: deviceName,
    createdAt: now(ctx),
  });
  return { deviceId, deviceToken: await ctx.tokens.device(pesel, deviceId) };
}

/** Deactivates every device and the enrollment (lost phone); answers how many went. */
export async function deactivateService(ctx: HubContext, citizenRef: string): Promise<number> {
  const at = now(ctx);
  let deactivated = 0;
  for (const device of await ctx.records.citizens.listDevices(citizenRef)) {
    if (device.deactivatedAt) continue;
    await ctx.records.citizens.deactivateDevice(device.id, at);
    deactivated++;
  }
  await ctx.records.citizens.deleteEnrollment(citizenRef);
  ctx.notify.disconnectCitizen({ citizenRef });
  await endPendingAfterDeactivation(ctx, citizenRef);
  return deactivated;
}

/** The citizen's devices, active and not. */
export async function listDevices(ctx: HubContext, citizenRef: string): Promise<DeviceView[]> {
  return (await ctx.records.citizens.listDevices(citizenRef)).map(deviceView);
}

/** Deactivates one of the citizen's devices; anyone else's is `not_found`. */
export async function deactivateDevice(
  ctx: HubContext,
  citizenRef: string,
  deviceId: string,
): Promise<DeviceView> {
  const device = await ctx.records.citizens.getDevice(deviceId);
  if (!device || device.citizenRef !== citizenRef) {
    throw new HubError('not_found', 'no such device');
  }
  await ctx.records.citizens.deactivateDevice(device.id, now(ctx));
  ctx.notify.disconnectCitizen({ citizenRef: device.citizenRef, deviceId: device.id });
  await endPendingAfterDeactivation(ctx, device.citizenRef, device.id);
  return deviceView((await ctx.records.citizens.getDevice(device.id)) ?? device);
}
