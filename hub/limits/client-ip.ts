/**
 * The client's IP for per-IP limits. `X-Forwarded-For` is believed only as far as it was
 * written by proxies the operator listed (`trustedProxies`): walking the chain from the TCP
 * peer backwards, the first address that is not a trusted proxy is the client. A client that
 * forges the header only adds entries left of the real one, which are never reached.
 */
import { BlockList, isIP } from 'node:net';

/** Resolves client IPs behind the configured proxies. */
export interface ClientIpResolver {
  /** The client IP from the TCP peer and the `X-Forwarded-For` header (if any). */
  resolve(peer: string | undefined, forwardedFor: string | undefined): string;
}

function normalise(address: string): string {
  const trimmed = address.trim();
  // IPv4 peers on a dual-stack socket show as ::ffff:a.b.c.d.
  return trimmed.startsWith('::ffff:') && isIP(trimmed.slice(7)) === 4 ? trimmed.slice(7) : trimmed;
}

/** Builds a resolver; `trusted` holds exact IPs or CIDRs (`10.0.0.0/8`, `fd00::/8`). */
export function createClientIpResolver(trusted: readonly string[]): ClientIpResolver {
  const list = new BlockList();
  for (const entry of trusted) {
    const [address, bits] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0) throw new Error(`trusted proxy "${entry}" is not an IP or CIDR`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, Number(bits), type);
  }
  const isTrusted = (address: string): boolean => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
  return {
    resolve(peer, forwardedFor) {
      let client = normalise(peer ?? 'unknown');
      if (trusted.length === 0 || !isTrusted(client) || !forwardedFor) return client;
      const chain = forwardedFor.split(',').map(normalise).filter(Boolean);
      for (let i = chain.length - 1; i >= 0; i--) {
        client = chain[i]!;
        if (!isTrusted(client)) break;
      }
      return isIP(client) ? client : 'invalid';
    },
  };
}
