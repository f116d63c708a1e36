/**
 * The one "is the caller still allowed" check, asked wherever a verifier or a device acts or is
 * acted for: an institution must still be active (a suspension stops its sockets, its API keys,
 * joins and deliveries at once), and a device must still be active and belong to its citizen
 * (A3). Citizens verifying citizens (F4) have no registration to suspend.
 */
import type { DeviceRecord, VerifierRecord } from '../../adapters/records/index.js';
import { HubError } from '../errors.js';
import type { HubContext } from '../context.js';
import type { RequesterSnapshot } from './session.js';

/** The active verifier record behind `verifierId`, or null when it is unknown or not active. */
export async function activeVerifier(
  ctx: HubContext,
  verifierId: string,
): Promise<VerifierRecord | null> {
  const verifier = await ctx.records.verifiers.get(verifierId);
  return verifier?.status === 'active' ? verifier : null;
}

/** Whether the requester of a session may still act or be served (citizens always may). */
export async function requesterAllowed(
  ctx: HubContext,
  requester: RequesterSnapshot,
): Promise<boolean> {
  return requester.kind === 'citizen' || (await activeVerifier(ctx, requester.id)) !== null;
}

/** The device, when it is active and the citizen's; otherwise `unauthorized`. */
export async function allowedDevice(
  ctx: HubContext,
  deviceId: string,
  citizenRef: string,
): Promise<DeviceRecord> {
  const device = await ctx.records.citizens.getDevice(deviceId);
  if (!device || device.deactivatedAt || device.citizenRef !== citizenRef) {
    throw new HubError('unauthorized', 'this device is not active');
  }
  return device;
}

/** Whether the citizen has at least one active device. */
export async function hasActiveDevice(ctx: HubContext, citizenRef: string): Promise<boolean> {
  const devices = await ctx.records.citizens.listDevices(citizenRef);
  return devices.some((d) => !d.deactivatedAt);
}
