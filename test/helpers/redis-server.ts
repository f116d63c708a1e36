/**
 * A private `redis-server` for a test file, started by the scripts' own launcher
 * (`scripts/lib/redis-process.ts`: a free loopback port, no persistence), plus what Redis-restart
 * tests need: `kill()` as a crash would and `start()` again on the same port. The package is
 * installed by scripts/ensure-system-packages.sh (run before `npm test`).
 */
import { startRedis, type RedisProcess } from '../../scripts/lib/redis-process.js';

// Tests that need a free port for a server of their own take it from here, as they always have.
export { freePort } from '../../scripts/lib/ports.js';

/** A running Redis server that can be killed and started again. */
export interface RedisServer {
  port: number;
  url: string;
  /** Kills the server (SIGKILL: as a crash would) and waits for it to be gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port (nothing if it runs). */
  start(): Promise<void>;
  /** Stops it for good. */
  stop(): Promise<void>;
}

/** Starts a Redis server on a free port. */
export async function startRedisServer(): Promise<RedisServer> {
  let current: RedisProcess | undefined = await startRedis();
  const { port, url } = current;
  return {
    port,
    url,
    async kill() {
      const dying = current;
      current = undefined;
      await dying?.kill();
    },
    async start() {
      current ??= await startRedis({ port });
    },
    async stop() {
      const stopping = current;
      current = undefined;
      await stopping?.stop();
    },
  };
}
