/**
 * The hub's entry point and the only reader of `process.env`: parses it into a typed config,
 * builds the embedded default (in-memory stores, synthetic register, console SMS), seeds the
 * demo verifiers in dev mode, starts one node and prints how to try it. On SIGTERM or SIGINT it
 * shuts the node down gracefully (see hub/ops/shutdown.ts); a second signal exits at once.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { z } from 'zod';
import { createConfig } from './config.js';
import { createHub } from './create-hub.js';
import { embeddedDeps } from './embedded.js';
import { createHubKeys } from './security/hub-keys.js';
import { connectRedisDeps, redactUrl } from './redis-deps.js';
import { seedOnce } from './seed.js';
import { smsDeps } from './sms-deps.js';
import { webRoutes, type DemoKeys } from './web/web.routes.js';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();
const seconds = z.coerce.number().int().positive().optional();
const millis = z.coerce.number().int().positive().optional();

/** The environment variables the hub reads (see the README's configuration table). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
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
  REDIS_COMMAND_TIMEOUT_MS: millis,
  REDIS_CONNECT_TIMEOUT_MS: millis,
  SMS_GATEWAY_URL: z.url().optional(),
  SMS_GATEWAY_AUTH: z.string().min(1).optional(),
  SMS_GATEWAY_AUTH_HEADER: z.string().min(1).optional(),
  SMS_GATEWAY_SENDER: z.string().min(1).max(11).optional(),
  SMS_GATEWAY_TIMEOUT_MS: millis,
  SMS_GATEWAY_RETRIES: z.coerce.number().int().min(0).max(10).optional(),
  READINESS_TIMEOUT_MS: millis,
  SHUTDOWN_GRACE_SECONDS: seconds,
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().int().min(0).optional(),
});

async function main(): Promise<void> {
  const parsedEnv = EnvSchema.safeParse(process.env);
  if (!parsedEnv.success) {
    console.error('Invalid configuration:\n' + z.prettifyError(parsedEnv.error));
    process.exit(1);
  }
  const env = parsedEnv.data;
  const production = env.NODE_ENV === 'production';
  const devMode = env.DEV_MODE ?? !production;
  const pretty = (env.LOG_FORMAT ?? (production ? 'json' : 'pretty')) === 'pretty';
  const logger = pino({
    level: env.LOG_LEVEL,
    // Defence in depth: no log line carries a phone number, an SMS text or a PESEL, even if a
    // field by that name slips into one.
    redact: { paths: ['phone', 'to', 'text', 'pesel', '*.phone', '*.to', '*.text', '*.pesel'] },
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
    ...(env.READINESS_TIMEOUT_MS ? { readinessTimeoutMs: env.READINESS_TIMEOUT_MS } : {}),
    ...(env.SHUTDOWN_GRACE_SECONDS ? { shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000 } : {}),
    ...(env.SHUTDOWN_DELAY_SECONDS !== undefined
      ? { shutdownDelayMs: env.SHUTDOWN_DELAY_SECONDS * 1000 }
      : {}),
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

  let sms: ReturnType<typeof smsDeps>;
  try {
    sms = smsDeps({
      production,
      logger,
      http: env.SMS_GATEWAY_URL
        ? {
            url: env.SMS_GATEWAY_URL,
            ...(env.SMS_GATEWAY_AUTH ? { auth: env.SMS_GATEWAY_AUTH } : {}),
            ...(env.SMS_GATEWAY_AUTH_HEADER ? { authHeader: env.SMS_GATEWAY_AUTH_HEADER } : {}),
            ...(env.SMS_GATEWAY_SENDER ? { sender: env.SMS_GATEWAY_SENDER } : {}),
            ...(env.SMS_GATEWAY_TIMEOUT_MS ? { timeoutMs: env.SMS_GATEWAY_TIMEOUT_MS } : {}),
            ...(env.SMS_GATEWAY_RETRIES !== undefined ? { retries: env.SMS_GATEWAY_RETRIES } : {}),
          }
        : undefined,
    });
  } catch (error) {
    logger.fatal((error as Error).message);
    process.exit(1);
  }
  const embedded = embeddedDeps({
    registerSeed: env.REGISTER_SEED,
    registerSize: env.REGISTER_SIZE,
  });
  const redis = env.REDIS_URL
    ? await connectRedisDeps({
        url: env.REDIS_URL,
        prefix: env.REDIS_PREFIX,
        logger,
        ...(env.REDIS_COMMAND_TIMEOUT_MS ? { commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS } : {}),
        ...(env.REDIS_CONNECT_TIMEOUT_MS ? { connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS } : {}),
      })
    : undefined;
  if (redis?.newDeployment) {
    logger.info(
      'the record store had no deployment marker: wrote one (a first start; if this cluster ran ' +
        'before, its records were lost before this node started)',
    );
  }
  const demoKeys: DemoKeys = new Map();
  const hub = createHub({
    config,
    keys,
    adminToken,
    logger,
    ...embedded,
    ...sms,
    ...(redis ? redis.deps : {}),
    extraRoutes: (ctx) => webRoutes(ctx, { demoKeys }),
  });
  // Listen first: a node that cannot take its port must not win the seeding and lose the keys.
  let port: number;
  try {
    ({ port } = await hub.listen(env.PORT, env.HOST));
  } catch (error) {
    logger.fatal({ err: error }, `cannot listen on ${env.HOST}:${env.PORT}`);
    process.exit(1);
  }
  const seeded =
    (env.SEED_DEMO ?? devMode) ? await seedOnce(hub.ctx, [new URL(publicUrl).origin]) : [];
  for (const s of seeded) {
    if (s.handle === 'bank' || s.handle === 'office') demoKeys.set(s.handle, s.apiKey);
  }

  const lines = [
    '',
    `mDok Hub (${config.nodeId}) listening on port ${port} — ${publicUrl}`,
    `  stores: ${redis ? `Redis (${redactUrl(env.REDIS_URL!)}, prefix ${env.REDIS_PREFIX})` : 'in-memory (embedded default)'}; register: synthetic (seed "${env.REGISTER_SEED}", ${env.REGISTER_SIZE} citizens)`,
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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Whatever hangs (a dependency frozen mid-close), the process ends.
    const limit = config.shutdownDelayMs + config.shutdownGraceMs + 10_000;
    setTimeout(() => {
      logger.fatal({ limitMs: limit }, 'shutdown did not finish in time: exiting');
      process.exit(1);
    }, limit).unref();
    let code = 0;
    try {
      await hub.shutdown();
      await hub.ctx.sessions.close();
      await hub.ctx.records.close();
      await redis?.close(2000);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      code = 1;
    }
    process.exit(code);
  };
  // Defence in depth: every input path catches its errors, but a bug must not take the node down
  // with every live session on it.
  process.on('unhandledRejection', (error) => logger.error({ err: error }, 'unhandled rejection'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
