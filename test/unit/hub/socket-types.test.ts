/**
 * Compile-time proof that the hub's sockets are typed by the contract (`contracts/events.ts`):
 * each `@ts-expect-error` below is an error `tsc` must report (`npm run typecheck` fails if one
 * of them stops being an error). The test body only keeps the function referenced.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { onCommand } from '../../../hub/sockets/socket-commands.js';
import type {
  CitizenNamespace,
  CitizenSocket,
  VerifierNamespace,
  VerifierSocket,
} from '../../../hub/sockets/socket-types.js';

const logger = pino({ level: 'silent' });
const anyPayload = z.unknown();

function typeChecks(
  verifier: VerifierSocket,
  citizen: CitizenSocket,
  verifiers: VerifierNamespace,
  citizens: CitizenNamespace,
): void {
  verifier.emit('session:qr', { payload: 'p', code: '12345678', validForSeconds: 5 });
  // @ts-expect-error — no such event on /verifier
  verifier.emit('session:qrcode', { payload: 'p', code: '12345678', validForSeconds: 5 });
  // @ts-expect-error — `session:qr` needs `code`
  verifier.emit('session:qr', { payload: 'p', validForSeconds: 5 });
  // @ts-expect-error — a /citizen event cannot go out on /verifier
  verifier.emit('request:withdrawn', { sessionId: 's', reason: 'failed' });
  // @ts-expect-error — `reason` must be an end reason
  citizen.emit('request:withdrawn', { sessionId: 's', reason: 'bored' });
  // @ts-expect-error — socket data is typed: a verifier socket has no `pesel`
  void verifier.data.pesel;

  onCommand(verifiers, 'session:cancel', anyPayload, logger, async (socket) => {
    void socket.data.sessionId;
  });
  // @ts-expect-error — not a command of /verifier
  onCommand(verifiers, 'request:approve', anyPayload, logger, async () => undefined);
  // @ts-expect-error — `pairing:join` must answer the request the citizen is shown
  onCommand(citizens, 'pairing:join', anyPayload, logger, async () => undefined);
  onCommand(citizens, 'request:reject', anyPayload, logger, async (socket) => {
    // @ts-expect-error — the handler's socket is typed: a citizen socket has no `sessionId`
    void socket.data.sessionId;
  });
}

describe('[V1] typed sockets', () => {
  it('[V1] wrong event names, payloads and ack data fail the typecheck (see the file)', () => {
    expect(typeof typeChecks).toBe('function');
  });
});
