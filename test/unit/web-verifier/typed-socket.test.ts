/**
 * The widget's socket is typed by the contracts' `/verifier` event maps (contracts/events.ts;
 * web-verifier/src/session-client.ts), so the compiler refuses a wrong event name or payload in
 * the widget: each line under `@ts-expect-error` below must not compile. `tsc -p .` checks that
 * (an expectation that no longer fails is itself an error, TS2578), and the test runs the same
 * check through the TypeScript compiler, so it also fails under `vitest` if the socket type is
 * ever loosened. The handshake speaks the contracts' protocol version.
 */
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../../contracts/events.js';
import { handshakeAuth, type VerifierSocket } from '../../../web-verifier/src/session-client.js';

const self = fileURLToPath(import.meta.url);

/** Uses of the widget's socket that the compiler must refuse (never run). */
export function wrongUses(socket: VerifierSocket): void {
  // @ts-expect-error a command the hub does not have
  socket.emit('session:cancell', { sessionId: 's' }, () => {});
  // @ts-expect-error the SMS code is a string of digits, not a number
  socket.emit('otp:submit', { sessionId: 's', code: 123456 }, () => {});
  // @ts-expect-error a subject is a PESEL or a phone number
  socket.emit('subject:push', { sessionId: 's', subject: { email: 'a@b.example' } }, () => {});
  // @ts-expect-error every command is acked (V2)
  socket.emit('session:cancel', { sessionId: 's' });
  // @ts-expect-error an event the hub does not send
  socket.on('session:stat', () => {});
  // @ts-expect-error `session:qr` carries an object, not a number
  socket.on('session:qr', (event: number) => void event);
  // @ts-expect-error `session:ended` has a reason, not a state
  socket.on('session:ended', (event) => void event.state);
}

/** The same socket used as the contracts say (must compile). */
export function rightUses(socket: VerifierSocket): void {
  socket.emit('session:cancel', { sessionId: 's' }, (ack) => void ack.ok);
  socket.emit('otp:submit', { sessionId: 's', code: '123456' }, () => {});
  socket.emit('subject:push', { sessionId: 's', subject: { phone: '+48600100200' } }, () => {});
  socket.on('session:qr', (event) => void event.code);
  socket.on('session:ended', (event) => void event.reason);
}

/** The compiler's diagnostics of one file, checked with the project's own options. */
function diagnosticsOf(file: string): string[] {
  const configPath = fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(
    config.config,
    ts.sys,
    configPath.replace(/[^/]+$/, ''),
  );
  const program = ts.createProgram([file], { ...parsed.options, noEmit: true });
  const source = program.getSourceFile(file);
  return ts.getPreEmitDiagnostics(program, source).map((d) => {
    const line =
      d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `${line}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('[V1] the widget’s typed socket', () => {
  it('[V1] the compiler refuses every wrong event name and payload, and accepts the right ones', () => {
    // No diagnostic at all: every @ts-expect-error above met its error (else TS2578), and the
    // right uses compiled.
    expect(diagnosticsOf(self)).toEqual([]);
    // And the expectations are really there (a file without them would pass trivially).
    expect(ts.sys.readFile(self)?.match(/@ts-expect-error/g)?.length).toBeGreaterThanOrEqual(7);
  }, 120_000);

  it('[V1] the handshake sends the token and the contracts’ protocol version', () => {
    expect(handshakeAuth('t0ken')).toEqual({ token: 't0ken', protocol: PROTOCOL_VERSION });
  });
});
