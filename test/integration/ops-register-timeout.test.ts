/**
 * A register that stops answering (operations, D2, V2) must not hang an approval: the read is
 * bounded (`registerTimeoutMs`), the citizen's approve ack answers `register_unavailable`, and
 * both sides learn that the session failed. The register here answers lookups but never returns
 * documents, as a remote register stuck mid-request would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ack, SessionEndedEvent } from '../../contracts/index.js';
import { createSyntheticRegister, type RegisterAdapter } from '../../adapters/registers/index.js';
import { ask } from '../helpers/clients.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { waitFor } from '../helpers/wait.js';

let t: TestHub;

beforeEach(async () => {
  const synthetic = createSyntheticRegister({ seed: 'mdok', size: 300 });
  const stuck: RegisterAdapter = {
    findPerson: (query) => synthetic.findPerson(query),
    sample: (limit) => synthetic.sample(limit),
    readDocuments: () => new Promise(() => {}),
  };
  t = await startTestHub({ registers: stuck, config: { registerTimeoutMs: 200 } });
});
afterEach(async () => {
  await t.close();
});

describe('[D2][V2] a register that does not answer', () => {
  it('fails the approval with register_unavailable instead of hanging it', async () => {
    const citizen = await t.citizen({ index: 0 });
    const session = await t.createSession('bank', {
      flow: 'code',
      request: { documents: [{ type: 'id_card', claims: ['age_over_18'] }], purpose: 'Konto' },
    });
    const widget = await t.verifierSocket(session.widgetToken);
    const ended = waitFor<SessionEndedEvent>(widget, 'session:ended');
    const joined = await ask(citizen.socket, 'pairing:join', { code: session.code });
    expect(joined.ok).toBe(true);
    const approved = await ask<Ack>(citizen.socket, 'request:approve', {
      sessionId: session.sessionId,
    });
    expect(approved).toMatchObject({ ok: false, error: { code: 'register_unavailable' } });
    expect(await ended).toMatchObject({ reason: 'register_unavailable' });
  });
});
