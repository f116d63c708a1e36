/**
 * The hub's entry point and the only reader of `process.env`: parses it into a typed config,
 * builds the embedded default (in-memory stores, synthetic register, console SMS), swaps in Redis
 * (`REDIS_URL`) and MongoDB records (`MONGODB_URL`) when configured, seeds the demo verifiers in
 * dev mode, starts one node and prints how to try it.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { z } from 'zod';
import { createConfig } from './config.js';
import { createHub } from './create-hub.js';
import { embeddedDeps } from './embedded.js';
import { connectMongoRecords, redactMongoUrl } from './mongo-deps.js';
import { createHubKeys } from './security/hub-keys.js';
import { connectRedisDeps, redactUrl } from './redis-deps.js';
import { limitEnvName, limitNames, limitTable, parseLimitRule } from './limits/limit-table.js';
import { seedOnce } from './seed.js';
import { webRoutes, type DemoKeys } from './web/web.routes.js';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();
const seconds = z.coerce.number().int().positive().optional();

/** The environment variables the hub reads (see the README's configuration table). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // No default here: it depends on dev mode (127.0.0.1) or production (0.0.0.0).
  HOST: z.string().min(1).optional(),
  PUBLIC_URL: z.url().optional(),
  NODE_ENV: z.string().optional(),
  NODE_ID: z.string().optional(),
  DEV_MODE: bool,
  HUB_SECRET: z.string().optional(),
  SIGNING_KEY: z.string().optional(),
  ADMIN_TOKEN: z.string().min(16).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  REGISTER_SEED: z.string().default('mdok'),
  REGISTER_SIZE: z.coerce.number().int().min(10).max(1_000_000).default(1000),
  PAIRING_WINDOW_SECONDS: seconds,
  APPROVAL_WINDOW_SECONDS: seconds,
  MAX_SESSION_SECONDS: seconds,
  SEED_DEMO: bool,
  REDIS_URL: z.url().optional(),
  REDIS_PREFIX: z.string().min(1).default('mdok:'),
  TRUSTED_PROXIES: z.string().optional(),
  MAX_SOCKETS_PER_TOKEN: z.coerce.number().int().positive().optional(),
  MAX_SOCKETS_PER_NODE: z.coerce.number().int().positive().optional(),
  // Not z.url(): a replica-set seed list (`host1:27017,host2:27017`) is no WHATWG URL.
  MONGODB_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\/\S+$/, 'a mongodb:// or mongodb+srv:// connection string')
    .optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().positive().optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/)
    .default('mdok'),
});

/** `LIMIT_<NAME>=<points>/<duration>` overrides (see hub/limits/limit-table.ts). */
function limitOverrides(
  env: NodeJS.ProcessEnv,
): Record<string, { points: number; seconds: number }> {
  const overrides: Record<string, { points: number; seconds: number }> = {};
  for (const name of limitNames) {
    const text = env[limitEnvName(name)];
    if (text === undefined) continue;
    try {
      overrides[name] = parseLimitRule(text);
    } catch (error) {
      console.error(`Invalid configuration: ${limitEnvName(name)}: ${(error as Error).message}`);
      process.exit(1);
    }
  }
  const unknown = Object.keys(env).filter(
    (key) => key.startsWith('LIMIT_') && !limitNames.some((name) => limitEnvName(name) === key),
  );
  if (unknown.length > 0) {
    console.error(`Invalid configuration: unknown limit(s) ${unknown.join(', ')}`);
    process.exit(1);
  }
  return overrides;
}

async function main(): Promise<void> {
  const parsedEnv = EnvSchema.safeParse(process.env);
  if (!parsedEnv.success) {
    console.error('Invalid configuration:\n' + z.prettifyError(parsedEnv.error));
    process.exit(1);
  }
  const env = parsedEnv.data;
  const production = env.NODE_ENV === 'production';
  const devMode = env.DEV_MODE ?? !production;
  // Dev mode (login stand-in, demo keys printed, /v1/dev) is for this machine only: it listens on
  // the loopback interface unless HOST says otherwise; production listens on every interface.
  const host = env.HOST ?? (devMode ? '127.0.0.1' : '0.0.0.0');
  const pretty = (env.LOG_FORMAT ?? (production ? 'json' : 'pretty')) === 'pretty';
  const logger = pino({
    level: env.LOG_LEVEL,
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } }
      : {}),
  });
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const config = createConfig({
    publicUrl,
    devMode,
    ...(env.NODE_ID ? { nodeId: env.NODE_ID } : {}),
    ...(env.PAIRING_WINDOW_SECONDS ? { pairingWindowMs: env.PAIRING_WINDOW_SECONDS * 1000 } : {}),
    ...(env.APPROVAL_WINDOW_SECONDS
      ? { approvalWindowMs: env.APPROVAL_WINDOW_SECONDS * 1000 }
      : {}),
    ...(env.MAX_SESSION_SECONDS ? { maxSessionMs: env.MAX_SESSION_SECONDS * 1000 } : {}),
    limits: limitOverrides(process.env),
    ...(env.TRUSTED_PROXIES
      ? {
          trustedProxies: env.TRUSTED_PROXIES.split(',')
            .map((p) => p.trim())
            .filter(Boolean),
        }
      : {}),
    ...(env.MAX_SOCKETS_PER_TOKEN ? { maxSocketsPerToken: env.MAX_SOCKETS_PER_TOKEN } : {}),
    ...(env.MAX_SOCKETS_PER_NODE ? { maxSocketsPerNode: env.MAX_SOCKETS_PER_NODE } : {}),
    ...(env.WEBHOOK_TIMEOUT_MS ? { webhookTimeoutMs: env.WEBHOOK_TIMEOUT_MS } : {}),
    ...(env.WEBHOOK_MAX_ATTEMPTS ? { webhookMaxAttempts: env.WEBHOOK_MAX_ATTEMPTS } : {}),
  });
  if (production && (!env.HUB_SECRET || !env.SIGNING_KEY || !env.ADMIN_TOKEN)) {
    logger.fatal('production needs HUB_SECRET, SIGNING_KEY and ADMIN_TOKEN');
    process.exit(1);
  }
  const keys = await createHubKeys({ secret: env.HUB_SECRET, signingJwk: env.SIGNING_KEY });
  if (keys.ephemeral.signing) {
    logger.warn('SIGNING_KEY is not set: presentations are signed with a throw-away key');
  }
  if (keys.ephemeral.secret) {
    logger.warn('HUB_SECRET is not set: tokens and references die with this process');
  }
  const adminToken = env.ADMIN_TOKEN ?? randomBytes(24).toString('base64url');

  const embedded = embeddedDeps({
    registerSeed: env.REGISTER_SEED,
    registerSize: env.REGISTER_SIZE,
  });
  const redis = env.REDIS_URL
    ? await connectRedisDeps({
        url: env.REDIS_URL,
        prefix: env.REDIS_PREFIX,
        logger,
        limits: limitTable(config.limits),
      })
    : undefined;
  let mongo: Awaited<ReturnType<typeof connectMongoRecords>> | undefined;
  if (env.MONGODB_URL) {
    try {
      mongo = await connectMongoRecords({
        url: env.MONGODB_URL,
        dbName: env.MONGODB_DB,
        appName: `mdok-hub/${config.nodeId}`,
        logger,
      });
    } catch (error) {
      // Records are not optional: a node without them would refuse every verifier and citizen.
      const where = `${redactMongoUrl(env.MONGODB_URL)} (database ${env.MONGODB_DB})`;
      logger.fatal({ err: error }, `MongoDB is not usable at ${where}`);
      console.error(
        `mDok Hub does not start: MongoDB at ${where} cannot be used for records: ` +
          `${(error as Error).message}. Check MONGODB_URL and the server, or unset MONGODB_URL.`,
      );
      await redis?.close();
      process.exit(1);
    }
  }
  const demoKeys: DemoKeys = new Map();
  const hub = createHub({
    config,
    keys,
    adminToken,
    logger,
    ...embedded,
    ...(redis ? redis.deps : {}),
    ...(mongo ? { records: mongo.records } : {}),
    extraRoutes: (ctx) => webRoutes(ctx, { demoKeys }),
  });
  // Listen first: a node that cannot take its port must not win the seeding and lose the keys.
  let port: number;
  try {
    ({ port } = await hub.listen(env.PORT, host));
  } catch (error) {
    logger.fatal({ err: error }, `cannot listen on ${host}:${env.PORT}`);
    process.exit(1);
  }
  // Durable records keep the demo verifiers of an earlier start: seed them once, not every start.
  const seedDemo =
    env.SEED_DEMO ?? (devMode && !(mongo && (await hub.ctx.records.verifiers.list()).length > 0));
  const seeded = seedDemo ? await seedOnce(hub.ctx, [new URL(publicUrl).origin]) : [];
  for (const s of seeded) {
    if (s.handle === 'bank' || s.handle === 'office') demoKeys.set(s.handle, s.apiKey);
  }

  const lines = [
    '',
    `mDok Hub (${config.nodeId}) listening on ${host}:${port} — ${publicUrl}`,
    `  stores: ${redis ? `Redis (${redactUrl(env.REDIS_URL!)}, prefix ${env.REDIS_PREFIX})` : 'in-memory (embedded default)'}; register: synthetic (seed "${env.REGISTER_SEED}", ${env.REGISTER_SIZE} citizens)`,
    ...(mongo
      ? [`  records: MongoDB (${redactMongoUrl(env.MONGODB_URL!)}, database ${env.MONGODB_DB})`]
      : []),
    `  admin token${env.ADMIN_TOKEN ? ' (from ADMIN_TOKEN)' : ''}: ${env.ADMIN_TOKEN ? '<set>' : adminToken}`,
    `  JWKS: ${publicUrl}/.well-known/jwks.json`,
  ];
  if (seeded.length > 0) {
    lines.push('', '  Demo verifiers (API keys are shown once):');
    for (const s of seeded) {
      lines.push(`    ${s.handle.padEnd(7)} ${s.verifier.name} — ${s.verifier.branch ?? ''}`);
      lines.push(`            flows: ${s.verifier.flows.join(', ')}; API key: ${s.apiKey}`);
    }
  }
  if (devMode && seeded.length > 0) {
    lines.push(
      '',
      '  Open in a browser:',
      `    bank clerk's page:    ${publicUrl}/demo/bank`,
      `    office clerk's page:  ${publicUrl}/demo/office`,
      `    citizen's phone app:  ${publicUrl}/citizen/   (try it in a phone-sized window)`,
    );
  }
  if (devMode) {
    lines.push(
      '',
      '  Try it:',
      `    curl ${publicUrl}/v1/dev/citizens?limit=3`,
      `    curl -X POST ${publicUrl}/v1/sessions -H 'authorization: Bearer <API key>' \\`,
      `      -H 'content-type: application/json' \\`,
      `      -d '{"flow":"code","request":{"documents":[{"type":"id_card","claims":["given_names","family_name","age_over_18"]}],"purpose":"Otwarcie rachunku"}}'`,
      '    npm run demo   # every flow, end to end, narrated',
    );
  }
  console.log(lines.join('\n') + '\n');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await hub.close();
    await hub.ctx.sessions.close();
    await hub.ctx.records.close();
    await mongo?.close();
    await redis?.close();
    process.exit(0);
  };
  // Defence in depth: every input path catches its errors, but a bug must not take the node down
  // with every live session on it.
  process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

void main();
