/**
 * The readiness checks a node runs (see readiness.ts): its stores answer, Redis answers a PING,
 * the Socket.IO adapter's publish and subscribe connections are up, and the record store still
 * holds the data this node started with (the deployment marker).
 */
import type { DeploymentMarker } from '../../adapters/records/deployment-marker.js';
import type { HubContext } from '../context.js';
import { NotReadyError, type ReadinessCheck } from './readiness.js';

/** The session and record stores answer a read (whatever they are: memory, Redis, MongoDB). */
export function storesCheck(ctx: HubContext): ReadinessCheck {
  return {
    name: 'stores',
    async check() {
      try {
        await ctx.sessions.readKey('readyz');
        await ctx.records.verifiers.get('readyz');
      } catch (error) {
        throw new NotReadyError(`a store is not reachable (${(error as Error).message})`);
      }
    },
  };
}

/** A client that can PING (a node-redis client). */
export interface Pingable {
  ping(): Promise<unknown>;
}

/** Redis answers a PING. */
export function redisCheck(client: Pingable): ReadinessCheck {
  return {
    name: 'redis',
    async check() {
      try {
        await client.ping();
      } catch (error) {
        throw new NotReadyError(`Redis is not usable (${(error as Error).message})`);
      }
    },
  };
}

/** A connection that knows whether it is up (a node-redis client). */
export interface Connection {
  readonly isReady: boolean;
}

/**
 * The Socket.IO adapter's own Redis connections are up. They reconnect on their own, apart from
 * the commands connection: while one is down, PINGs succeed but this node's sockets neither hear
 * other nodes' events (subscribe) nor reach sockets on them (publish).
 */
export function redisEventsCheck(
  connections: Record<'publish' | 'subscribe', Connection>,
): ReadinessCheck {
  return {
    name: 'redis-events',
    async check() {
      const down = Object.entries(connections).filter(([, c]) => !c.isReady);
      if (down.length === 0) return;
      throw new NotReadyError(
        `the Redis ${down.map(([role]) => role).join(' and ')} connection for events between nodes is down`,
      );
    },
  };
}

/**
 * The record store still holds the deployment marker this node found or wrote at start. Gone or
 * replaced means the records (verifiers, API keys, devices, the audit chain) were lost or
 * swapped: not ready until the data is restored (the marker comes back) or the node is
 * restarted on purpose, which accepts the store as it is now.
 */
export function recordsMarkerCheck(marker: DeploymentMarker, expected: string): ReadinessCheck {
  return {
    name: 'records',
    async check() {
      let now: string | null;
      try {
        now = await marker.read();
      } catch (error) {
        throw new NotReadyError(`the record store is not reachable (${(error as Error).message})`);
      }
      if (now === expected) return;
      throw new NotReadyError(
        now === null
          ? 'the record store lost its data (deployment marker gone): verifiers, API keys, ' +
              'devices and the audit chain are missing; restore the store from a backup, or ' +
              'restart every node to start over with an empty one'
          : 'the record store holds another deployment (deployment marker changed); restart ' +
              'this node to accept it',
        { critical: true },
      );
    },
  };
}
