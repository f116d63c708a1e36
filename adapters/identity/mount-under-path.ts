/**
 * Mounts a Node request handler under a path prefix of a server that already has its own
 * handlers (the hub: Socket.IO in front of Hono), the way Express mounts a sub-app and the way
 * Socket.IO itself wraps the server: requests under the prefix go to the mounted handler with
 * `req.url` made relative to it (and the full path kept in `originalUrl`, which `oidc-provider`
 * reads to build its own URLs); every other request goes to the handlers that were there.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** A Node request handler. */
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Sends requests under `prefix` (e.g. `/dev/idp`) to `handler`; the rest as before. */
export function mountUnderPath(server: Server, prefix: string, handler: NodeHandler): void {
  const base = prefix.replace(/\/$/, '');
  const previous = server.listeners('request').slice() as NodeHandler[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const rest = url.startsWith(base) ? url.slice(base.length) : null;
    if (rest !== null && (rest === '' || rest.startsWith('/') || rest.startsWith('?'))) {
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
      req.url = rest.startsWith('/') ? rest : `/${rest}`;
      handler(req, res);
      return;
    }
    for (const listener of previous) listener.call(server, req, res);
  });
}
