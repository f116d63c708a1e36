/**
 * A stand-in for an operator's SMS provider, run as its own process (`node --import tsx
 * test/helpers/sms-provider-stub.ts`): an HTTP server on a free loopback port that implements
 * the hub's SMS gateway contract (`POST /messages`, see adapters/sms/http-sms-gateway.ts) and
 * answers as the test told it to. It prints `{"port":N}` once listening and one
 * `{"received":…}` line per message, so the controlling test can wait without polling.
 *
 * Control routes (for the test only): `POST /_plan` with a JSON array of answers to give next
 * (`{ "status": 503, "retryAfter"?: 1 }` or `{ "hold": true }`: keep the request open until
 * `POST /_release`); `GET /_received`: every message received so far.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** What the stub does with the next message. */
type Answer = { status: number; retryAfter?: number } | { hold: true };

/** A message as received, with the headers the gateway contract names. */
interface Received {
  at: string;
  headers: { authorization?: string; 'idempotency-key'?: string; 'content-type'?: string };
  body: unknown;
  answered: number | 'held';
}

const plan: Answer[] = [];
const received: Received[] = [];
const held: ServerResponse[] = [];

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = createServer((req, res) => {
  void (async () => {
    const text = await readBody(req);
    if (req.method === 'POST' && req.url === '/_plan') {
      plan.push(...(JSON.parse(text) as Answer[]));
      return json(res, 200, { planned: plan.length });
    }
    if (req.method === 'POST' && req.url === '/_release') {
      for (const r of held.splice(0)) json(r, 202, { accepted: true });
      return json(res, 200, { released: true });
    }
    if (req.method === 'GET' && req.url === '/_received') return json(res, 200, received);
    if (req.method !== 'POST' || req.url !== '/messages') return json(res, 404, {});
    const answer = plan.shift() ?? { status: 202 };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    const entry: Received = {
      at: new Date().toISOString(),
      headers: {
        authorization: req.headers.authorization,
        'idempotency-key': req.headers['idempotency-key'] as string | undefined,
        'content-type': req.headers['content-type'],
      },
      body,
      answered: 'hold' in answer ? 'held' : answer.status,
    };
    received.push(entry);
    console.log(JSON.stringify({ received: entry }));
    if ('hold' in answer) {
      held.push(res);
      return;
    }
    if (answer.retryAfter !== undefined) res.setHeader('retry-after', String(answer.retryAfter));
    json(res, answer.status, answer.status < 300 ? { accepted: true } : { error: 'planned' });
  })();
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
// The test that started it may die; a stub must not outlive it holding a port.
process.on('disconnect', () => process.exit(0));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
