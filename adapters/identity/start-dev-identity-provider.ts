/**
 * The dev identity provider on a server of its own, as tests use it: listening on loopback (port
 * 0 by default: whatever is free), its issuer being that address — just as an operator's hub
 * reaches a real provider by its URL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDevIdentityProvider,
  type DevIdentityProviderOptions,
} from './dev-identity-provider.js';

/** Options: those of the provider less the issuer, which comes from the address. */
export interface StartDevIdentityProviderOptions extends Omit<
  DevIdentityProviderOptions,
  'issuer'
> {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
}

/** A dev provider listening on its own port. */
export interface RunningDevIdentityProvider {
  issuer: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the dev provider on its own HTTP server. */
export async function startDevIdentityProvider(
  options: StartDevIdentityProviderOptions,
): Promise<RunningDevIdentityProvider> {
  const { host = '127.0.0.1', port = 0, ...rest } = options;
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  const provider = await createDevIdentityProvider({ ...rest, issuer });
  server.on('request', (req, res) => provider.handle(req, res));
  return {
    issuer,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        // The hub's HTTP client keeps connections alive: close them, or `close` waits for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
