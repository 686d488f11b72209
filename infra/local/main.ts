import { relative } from 'node:path';
import * as z from 'zod/mini';
import { buildCurlExample } from './curl-example.ts';
import { LocalSecrets } from './local-secrets.ts';
import { type LocalPlatform, startLocal } from './platform.ts';

/**
 * `npm start`: the webhook platform on this machine, no AWS account needed.
 * Configuration (all optional): PORT (3000), SQS_PORT (9324), OBJECT_STORE_PORT (9325),
 * LOCAL_SECRETS_FILE (infra/local/demo-secrets.json), SECRET_PREFIX (tsunagi/local), MAX_BODY_BYTES,
 * POWERTOOLS_LOG_LEVEL (WARN).
 */

const port = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65535)), fallback);

const LocalEnvSchema = z.object({
  PORT: port(3000),
  SQS_PORT: port(9324),
  OBJECT_STORE_PORT: port(9325),
  LOCAL_SECRETS_FILE: z.optional(z.string().check(z.minLength(1))),
  SECRET_PREFIX: z.optional(z.string().check(z.minLength(1))),
  MAX_BODY_BYTES: z.optional(z.coerce.number().check(z.int(), z.positive())),
});

const parseEnv = () => {
  const result = LocalEnvSchema.safeParse(process.env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`local mode configuration is invalid: ${problems.join('; ')}`);
};

const time = (): string => new Date().toISOString().slice(11, 19);

const banner = (platform: LocalPlatform, secrets: LocalSecrets): string => {
  const tenants = secrets.tenants();
  const lines = [
    '',
    'tsunagi local mode is running (stage "local", no AWS account involved)',
    '',
    `  webhooks      POST ${platform.baseUrl}/webhooks/{provider}/{tenantId}`,
    `  SQS           ${platform.sqsEndpoint}   (AWS_ENDPOINT_URL_SQS)`,
    `    inbound     ${platform.queueUrls.inbound}`,
    `    inbound DLQ ${platform.queueUrls.inboundDlq}`,
    `  object store  ${platform.objectStoreEndpoint}/${platform.claimCheckBucket}   (AWS_ENDPOINT_URL_S3)`,
    `  secrets       ${secrets.size} signing-secret entries for ${tenants.length} demo tenants ` +
      `(${tenants.join(', ')}) from ${relative(process.cwd(), platform.secretsFile)}`,
    '',
  ];
  const tenant = tenants.find((t) => secrets.secretsFor(t, 'generic').length > 0);
  const secret = tenant ? secrets.secretsFor(tenant, 'generic')[0] : undefined;
  if (tenant && secret) {
    lines.push(
      `Try it: a signed "generic" webhook for tenant "${tenant}" (signed just now, valid for 5 minutes):`,
      '',
      `  ${buildCurlExample({ baseUrl: platform.baseUrl, tenantId: tenant, secret })}`,
      '',
    );
  }
  lines.push(
    'Or, in another terminal, send one signed webhook per provider:  npm run demo',
    'Each request is logged below; accepted events wait in the inbound queue for the router.',
    'Ctrl+C stops everything.',
    '',
  );
  return lines.join('\n');
};

const main = async (): Promise<void> => {
  const config = parseEnv();
  // Node 20 is what this team runs locally today (see the tooling notes); the SDK's ten-line notice
  // about it would push the banner off screen on every start.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const platform = await startLocal({
    port: config.PORT,
    sqsPort: config.SQS_PORT,
    objectStorePort: config.OBJECT_STORE_PORT,
    secretsFile: config.LOCAL_SECRETS_FILE,
    secretPrefix: config.SECRET_PREFIX,
    maxBodyBytes: config.MAX_BODY_BYTES,
    log: (line) => console.log(`${time()}  ${line}`),
  });
  const secrets = LocalSecrets.load(platform.secretsFile, platform.secretPrefix);
  console.log(banner(platform, secrets));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    platform.stop().then(
      () => {
        console.log(`\n${signal} received: local mode stopped.`);
        process.exit(0);
      },
      (error: unknown) => {
        console.error('local mode did not stop cleanly', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
};

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(
      `A port is already in use (${(error as Error).message}). Is another \`npm start\` running? ` +
        'Set PORT, SQS_PORT or OBJECT_STORE_PORT to pick others.',
    );
  } else {
    console.error('local mode failed to start:', error);
  }
  process.exit(1);
});
