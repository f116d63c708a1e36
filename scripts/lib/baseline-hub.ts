/**
 * The minimal baseline hub (issue 10): F1's choreography on the hub's own wire protocol, with the
 * hub's libraries — Hono on `@hono/node-server`, Socket.IO on the same server (websocket
 * transport), jose for the ES256 presentation — and nothing else: no validation, no stores but
 * Maps, no audit, no limits, no logs, and any token is accepted. `POST /v1/sessions` answers the
 * hub's shape; the widget's `/verifier` socket, found by its token, gets `session:state` and
 * `session:qr`; a `/citizen` socket joins by `pairing:join` with the code (acked with the request
 * as the hub acks it) and `request:approve` brings `session:state` (approved, delivered) and the
 * signed `session:data` to the widget's room. Because it speaks the same protocol, the
 * benchmark's one driver measures both servers. Run as a child process of `npm run bench`;
 * prints `{"port":N}` once it listens on 127.0.0.1 (`PORT`, default any free port).
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Server, type Socket } from 'socket.io';

/** What a session asks for, as the backend sent it. */
interface Request {
  documents: { type: string; claims: string[] }[];
  purpose: string;
  retain?: boolean;
}

interface Session {
  id: string;
  code: string;
  widgetToken: string;
  request: Request;
  displaySeconds: number;
  createdAt: number;
  state: string;
  deadline: number;
}

/** The one person every presentation is about. */
const person: Record<string, string | boolean> = {
  given_names: 'Jan Maria',
  family_name: 'Kowalski',
  age_over_18: true,
};
const verifier = { id: 'v_baseline', name: 'Bench Bank', kind: 'bank', verified: true };

const randomId = (bytes: number) => randomBytes(bytes).toString('base64url');
const iso = (ms: number) => new Date(ms).toISOString();

const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
const publicJwk = await exportJWK(publicKey);
const kid = await calculateJwkThumbprint(publicJwk);
const sessions = new Map<string, Session>();
const byCode = new Map<string, Session>();
const byToken = new Map<string, Session>();
const port = Number(process.env.PORT ?? 0);
/** `iss` of the presentations: where it listens, once it does. */
let issuer = '';

const app = new Hono();
app.post('/v1/sessions', async (c) => {
  const body = (await c.req.json()) as { request: Request; displaySeconds?: number };
  const now = Date.now();
  const session: Session = {
    id: randomId(18),
    code: String(randomInt(100_000_000)).padStart(8, '0'),
    widgetToken: randomId(32),
    request: { ...body.request, retain: body.request.retain ?? false },
    displaySeconds: body.displaySeconds ?? 120,
    createdAt: now,
    state: 'awaiting_citizen',
    deadline: now + 180_000,
  };
  sessions.set(session.id, session);
  byCode.set(session.code, session);
  byToken.set(session.widgetToken, session);
  const { id: sessionId, state, widgetToken, code } = session;
  return c.json({ sessionId, state, expiresAt: iso(session.deadline), widgetToken, code }, 201);
});
app.delete('/v1/sessions/:id', (c) => {
  const session = sessions.get(c.req.param('id'));
  if (session) forget(session);
  return c.json({ sessionId: c.req.param('id'), state: 'cancelled' });
});
app.get('/.well-known/jwks.json', (c) =>
  c.json({ keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] }),
);

const server = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
const io = new Server(server, {
  transports: ['websocket'],
  maxHttpBufferSize: 16_384,
  serveClient: false,
});
const widgets = io.of('/verifier');
const room = (sessionId: string) => `session:${sessionId}`;

function forget(session: Session): void {
  sessions.delete(session.id);
  byCode.delete(session.code);
  byToken.delete(session.widgetToken);
}

function setState(session: Session, state: string, deadline: number): void {
  session.state = state;
  session.deadline = deadline;
  widgets.to(room(session.id)).emit('session:state', {
    sessionId: session.id,
    state,
    at: iso(Date.now()),
    flow: 'code',
    deadline: iso(deadline),
  });
}

widgets.use((socket, next) => {
  const session = byToken.get(String(socket.handshake.auth.token));
  if (!session) return next(new Error('unknown token'));
  socket.data.sessionId = session.id;
  next();
});
widgets.on('connection', (socket) => {
  const session = sessions.get(socket.data.sessionId as string);
  if (!session) return;
  void socket.join(room(session.id));
  socket.emit('session:state', {
    sessionId: session.id,
    state: session.state,
    at: iso(session.createdAt),
    flow: 'code',
    deadline: iso(session.deadline),
  });
  socket.emit('session:qr', {
    payload: `mdok1.${randomId(16)}.0.${randomId(12)}`,
    code: session.code,
    validForSeconds: 5,
  });
});

type Ack = (answer: unknown) => void;

/** The signed presentation and the claims of the widget's `session:data`. */
async function present(session: Session, now: number, displayUntil: number) {
  const claims: Record<string, Record<string, string | boolean>> = {};
  const values: Record<string, Record<string, string | boolean>> = {};
  const status: Record<string, string> = {};
  for (const doc of session.request.documents) {
    values[doc.type] = Object.fromEntries(doc.claims.map((claim) => [claim, person[claim] ?? '']));
    claims[doc.type] = { ...values[doc.type], status: 'valid' };
    status[doc.type] = 'valid';
  }
  const presentation = await new SignJWT({
    sid: session.id,
    documents: Object.keys(values),
    claims: values,
    status,
  })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'mdok-presentation+jwt' })
    .setIssuer(issuer)
    .setAudience(verifier.id)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.ceil(displayUntil / 1000))
    .setJti(randomId(16))
    .sign(privateKey);
  return { presentation, claims };
}

io.of('/citizen').use((socket, next) =>
  next(socket.handshake.auth.token ? undefined : new Error('a token is required')),
);
io.of('/citizen').on('connection', (socket: Socket) => {
  socket.on('pairing:join', (payload: { code: string }, ack: Ack) => {
    const session = byCode.get(payload.code);
    if (!session) return ack({ ok: false, error: { code: 'code_invalid', message: 'wrong code' } });
    byCode.delete(session.code);
    setState(session, 'awaiting_approval', Date.now() + 120_000);
    const { id: sessionId, request, displaySeconds } = session;
    ack({
      ok: true,
      data: {
        sessionId,
        flow: 'code',
        verifier,
        request,
        matchRequired: false,
        expiresAt: iso(session.deadline),
        displaySeconds,
      },
    });
  });
  socket.on('request:approve', async (payload: { sessionId: string }, ack: Ack) => {
    const session = sessions.get(payload.sessionId);
    if (!session) return ack({ ok: false, error: { code: 'not_found', message: 'no session' } });
    const now = Date.now();
    const displayUntil = now + session.displaySeconds * 1000;
    setState(session, 'approved', now + 30_000);
    const { presentation, claims } = await present(session, now, displayUntil);
    setState(session, 'delivered', displayUntil);
    widgets.to(room(session.id)).emit('session:data', {
      sessionId: session.id,
      presentation,
      claims,
      displayUntil: iso(displayUntil),
    });
    ack({ ok: true });
    forget(session);
  });
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  const listening = typeof address === 'object' && address ? address.port : 0;
  issuer = `http://127.0.0.1:${listening}`;
  console.log(JSON.stringify({ port: listening }));
});
process.once('SIGTERM', () => {
  void io.close();
  process.exit(0);
});
