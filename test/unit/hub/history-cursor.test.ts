/**
 * History cursors (H3): any node of a cluster (same HUB_SECRET) reads another's; a cursor opens
 * for its own citizen only, and says nothing of the seq it stands for.
 */
import { describe, expect, it } from 'vitest';
import {
  historyCursorKey,
  openHistoryCursor,
  sealHistoryCursor,
} from '../../../hub/citizens/history-page.js';
import { createHubKeys } from '../../../hub/security/hub-keys.js';
import { HubError } from '../../../hub/errors.js';

const SECRET = 'a-hub-secret-of-at-least-32-characters!';

async function cursorKey(secret: string | undefined): Promise<Buffer> {
  return historyCursorKey((await createHubKeys({ secret })).sealKey);
}

describe('history cursors', () => {
  it('[H3] another node with the same secret opens it; another secret or citizen does not', async () => {
    const [a, b, foreign] = await Promise.all([
      cursorKey(SECRET),
      cursorKey(SECRET),
      cursorKey(undefined),
    ]);
    const cursor = sealHistoryCursor(a, 'ref-1', 4711);
    expect(cursor).not.toContain('4711');
    expect(openHistoryCursor(b, 'ref-1', cursor)).toBe(4711);
    // Sealed afresh each time: two cursors to the same place differ.
    expect(sealHistoryCursor(a, 'ref-1', 4711)).not.toBe(cursor);
    for (const [key, ref, value] of [
      [foreign, 'ref-1', cursor],
      [b, 'ref-2', cursor],
      [b, 'ref-1', 'not-a-cursor'],
      [b, 'ref-1', sealHistoryCursor(a, 'ref-1', 0)],
    ] as const) {
      expect(() => openHistoryCursor(key, ref, value)).toThrow(HubError);
    }
  });
});
