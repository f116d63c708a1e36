/**
 * The hub's entry point and the only reader of `process.env` (longer than most files because
 * every environment variable is parsed, checked and explained here, in one place): parses it
 * into a typed config, builds the embedded default (in-memory stores, synthetic register,
 * console SMS), swaps in Redis (`REDIS_URL`) and MongoDB records (`MONGODB_URL`) when
 * configured, seeds the demo verifiers in dev mode, starts one node and prints how to try it.
 * Citizens log in through the OpenID Connect provider `OIDC_ISSUER` names; dev mode without one
 * mounts the dev identity provider at `/dev/idp` and points the hub at it by URL, as at any
 * provider.
 * On SIGTERM or SIGINT it shuts the node down gracefully (see hub/ops/shutdown.ts); a second
 * signal exits at once.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { logLineStream } from './log-lines.js';
import { z } from 'zod';
import { mountUnderPath, type NodeHandler } from '../adapters/identity/mount-under-path.js';
import { createConfig } from './config.js';
import { createHub } from './create-hub.js';
import { createHubMetrics } from './ops/metrics.js';
import { embeddedDeps } from './embedded.js';
import { connectMongoRecords, redactMongoUrl } from './mongo-deps.js';
import { redirectUriOf, type OidcConfigSchema } from './oidc/index.js';
import { createHubKeys } from './security/hub-keys.js';
import { connectRedisDeps, redactUrl } from './redis-deps.js';
import { limitEnvName, limitNames, limitTable, parseLimitRule } from './limits/limit-table.js';
import { demoRoutes, type DemoKeys } from './dev/demo.routes.js';
import { seedOnce } from './dev/demo-verifiers.js';
import { webRoutes } from './web/web.routes.js';
import { smsDeps } from './sms-deps.js';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();
const seconds = z.coerce.number().int().positive().optional();
/** A list in one variable: space or comma separated. */
const list = z
  .string()
  .transform((v) => v.split(/[\s,]+/).filter(Boolean))
  .optional();
/** Where dev mode mounts its identity provider. */
const DEV_IDP_PATH = '/dev/idp';
const millis = z.coerce.number().int().positive().optional();

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
  METRICS_TOKEN: z.string().min(16).optional(),
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
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URI: z.url().optional(),
  OIDC_SCOPES: list,
  OIDC_PESEL_CLAIM: z.string().min(1).optional(),
  OIDC_ACR_LEVELS: list,
  OIDC_MIN_ACR: z.string().min(1).optional(),
  OIDC_PROVIDER_NAME: z.string().min(1).max(60).optional(),
  OIDC_ALLOW_HTTP: bool,
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

/** The relying party's settings from the `OIDC_*` variables (only when an issuer is named). */
function oidcFromEnv(env: z.infer<typeof EnvSchema>): z.input<typeof OidcConfigSchema> | undefined {
  if (!env.OIDC_ISSUER) return undefined;
  return {
    issuer: env.OIDC_ISSUER,
    clientId: env.OIDC_CLIENT_ID ?? '',
    ...(env.OIDC_CLIENT_SECRET ? { clientSecret: env.OIDC_CLIENT_SECRET } : {}),
    ...(env.OIDC_REDIRECT_URI ? { redirectUri: env.OIDC_REDIRECT_URI } : {}),
    ...(env.OIDC_SCOPES ? { scopes: env.OIDC_SCOPES } : {}),
    ...(env.OIDC_PESEL_CLAIM ? { peselClaim: env.OIDC_PESEL_CLAIM } : {}),
    ...(env.OIDC_ACR_LEVELS ? { acrLevels: env.OIDC_ACR_LEVELS } : {}),
    ...(env.OIDC_MIN_ACR ? { minAcr: env.OIDC_MIN_ACR } : {}),
    ...(env.OIDC_PROVIDER_NAME ? { providerName: env.OIDC_PROVIDER_NAME } : {}),
    ...(env.OIDC_ALLOW_HTTP ? { allowHttp: true } : {}),
  };
}

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
  const loggerOptions: pino.LoggerOptions = {
    level: env.LOG_LEVEL,
    // Defence in depth: no log line carries a phone number, an SMS text or a PESEL, even if a
    // field by that name slips into one.
    redact: { paths: ['phone', 'to', 'text', 'pesel', '*.phone', '*.to', '*.text', '*.pesel'] },
  };
  // Readable lines for a developer's terminal, one per entry (hub/log-lines.ts says why not
  // pino-pretty); production logs JSON.
  const logger = pretty ? pino(loggerOptions, logLineStream()) : pino(loggerOptions);
  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  // Production without dev mode has no login but the provider's (DEV_MODE=true brings the dev one).
  if (production && !devMode && (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID)) {
    logger.fatal('production needs OIDC_ISSUER and OIDC_CLIENT_ID: citizens log in there');
    process.exit(1);
  }
  if (production && !devMode && env.OIDC_ALLOW_HTTP) {
    logger.fatal('OIDC_ALLOW_HTTP is for development only');
    process.exit(1);
  }
  if (env.OIDC_ISSUER && !env.OIDC_CLIENT_ID) {
    logger.fatal('OIDC_ISSUER needs OIDC_CLIENT_ID');
    process.exit(1);
  }
  // Dev mode without a provider of its own gets the dev provider, reached by URL like any other.
  const devIdp =
    devMode && !env.OIDC_ISSUER
      ? {
          issuer: new URL(DEV_IDP_PATH, publicUrl).href,
          clientId: 'mdok-hub-dev',
          clientSecret: randomBytes(24).toString('base64url'),
        }
      : undefined;
  const oidc = devIdp
    ? {
        ...devIdp,
        providerName: 'login.gov.pl (dev)',
        // The dev provider lives on the hub's own address, which may be a LAN address in dev.
        allowHttp: new URL(publicUrl).protocol === 'http:',
      }
    : oidcFromEnv(env);
  const config = createConfig({
    ...(oidc ? { oidc } : {}),
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
    ...(env.READINESS_TIMEOUT_MS ? { readinessTimeoutMs: env.READINESS_TIMEOUT_MS } : {}),
    ...(env.SHUTDOWN_GRACE_SECONDS ? { shutdownGraceMs: env.SHUTDOWN_GRACE_SECONDS * 1000 } : {}),
    ...(env.SHUTDOWN_DELAY_SECONDS !== undefined
      ? { shutdownDelayMs: env.SHUTDOWN_DELAY_SECONDS * 1000 }
      : {}),
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
  // Made before the stores so that Redis commands are timed into the same registry.
  const metrics = createHubMetrics();
  const redis = env.REDIS_URL
    ? await connectRedisDeps({
        url: env.REDIS_URL,
        prefix: env.REDIS_PREFIX,
        logger,
        limits: limitTable(config.limits),
        onCommandLatency: metrics.redisCommand,
        ...(env.REDIS_COMMAND_TIMEOUT_MS ? { commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS } : {}),
        ...(env.REDIS_CONNECT_TIMEOUT_MS ? { connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS } : {}),
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
    metricsToken: env.METRICS_TOKEN,
    metrics,
    logger,
    ...embedded,
    ...sms,
    ...(redis ? redis.deps : {}),
    ...(mongo ? { records: mongo.records } : {}),
    extraRoutes: (ctx) =>
      webRoutes({ demo: ctx.config.devMode ? demoRoutes(demoKeys) : undefined }),
  });
  if (devIdp) {
    // Built on its first request, not at start: it must not slow the hub's own start (several
    // nodes start at once in `npm run cluster`). Loaded only here: production never imports it.
    let provider: Promise<NodeHandler> | null = null;
    const build = async (): Promise<NodeHandler> => {
      const identity = await import('../adapters/identity/index.js');
      const built = await identity.createDevIdentityProvider({
        issuer: devIdp.issuer,
        register: embedded.registers,
        clients: [
          {
            clientId: devIdp.clientId,
            clientSecret: devIdp.clientSecret,
            redirectUris: [redirectUriOf(config.oidc!, publicUrl)],
            name: 'mDok',
          },
        ],
      });
      logger.info({ issuer: devIdp.issuer }, 'dev identity provider ready');
      return built.handle;
    };
    mountUnderPath(hub.server, DEV_IDP_PATH, (req, res) => {
      provider ??= build();
      provider.then(
        (handle) => handle(req, res),
        (error: unknown) => {
          logger.error({ err: error }, 'dev identity provider failed');
          provider = null;
          res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('the dev identity provider failed to start');
        },
      );
    });
  }
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
    `  metrics: ${publicUrl}/metrics ${env.METRICS_TOKEN ? '(bearer METRICS_TOKEN)' : devMode ? '(open: dev mode)' : 'off (no METRICS_TOKEN)'}`,
    config.oidc
      ? `  citizen login: ${devIdp ? 'dev identity provider' : config.oidc.providerName} (${config.oidc.issuer}), redirect URI ${redirectUriOf(config.oidc, publicUrl)}`
      : '  citizen login: none (no OIDC_ISSUER)',
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
      await mongo?.close();
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
