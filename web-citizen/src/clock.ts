/**
 * The hub's time as seen from the phone. A cheap phone's clock can be minutes off, and the
 * time-left countdown is measured against the hub's `expiresAt`; every API answer's `Date`
 * header corrects the offset when the difference is large enough to matter.
 */

/** Differences under this are the header's one-second resolution, not a wrong clock. */
const IGNORE_BELOW_MS = 2_500;

let offsetMs = 0;

/** Feeds one `Date` header, taken between `sentAt` and `receivedAt` (local milliseconds). */
export function sampleServerDate(header: string | null, sentAt: number, receivedAt: number): void {
  if (!header) return;
  const server = Date.parse(header);
  if (Number.isNaN(server)) return;
  // The header is truncated to the second: its mid-point is half a second later.
  const offset = server + 500 - (sentAt + receivedAt) / 2;
  offsetMs = Math.abs(offset) < IGNORE_BELOW_MS ? 0 : offset;
}

/** The hub's "now" in milliseconds. */
export function serverNow(): number {
  return Date.now() + offsetMs;
}

/** Milliseconds from the hub's now until `iso` (negative when past). */
export function msUntil(iso: string): number {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : at - serverNow();
}
