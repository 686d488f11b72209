import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { DynamoDbTenantDirectory } from '../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import { LOCAL_CONSOLE_PORT, type LocalConsole, startConsoleFor } from './console/index.ts';
import { buildCurlExample } from './curl-example.ts';
import { LOCAL_PORTS } from './local-ports.ts';
import { LocalSecrets } from './local-secrets.ts';
import { type LocalPlatform, startLocal } from './platform.ts';
import { defaultLocalStateDir } from './state/state-dir.ts';
import { LOCAL_SYNC_VENDORS_PORT } from './sync/local-sync.ts';
import { formatInZone } from './sync/schedule.ts';

/**
 * `npm start`: the platform on this machine, no AWS account needed: webhooks in, routing, deliveries out to
 * local fakes, a DLQ. Configuration (all optional): PORT (3000), SQS_PORT (9324), OBJECT_STORE_PORT (9325),
 * DYNAMODB_PORT (8000), SES_PORT (8005), FAKES_PORT (9330, the fakes take five ports from there),
 * SYNC_VENDORS_PORT (9340, the fake Slack, Graph and LINE WORKS of the daily sync take three from there),
 * LOCAL_STATE_DIR (.local/instance-<PORT>: this instance's state, kept across restarts), LOCAL_SECRETS_FILE
 * (<LOCAL_STATE_DIR>/secrets.json, a working copy of infra/local/demo-secrets.json), SECRET_PREFIX
 * (tsunagi/local), LOCAL_TENANTS_FILE (infra/local/demo-tenants.json; "none" applies none), MAX_BODY_BYTES,
 * POWERTOOLS_LOG_LEVEL (WARN), DELIVERY_TIME_SCALE (30000: the retry schedules run that many times faster; 1
 * runs them as deployed). `npm start -- --fresh` drops the kept state and begins again from the demo data.
 * CONSOLE_PORT (3001: the operator console, on 127.0.0.1).
 */

const USAGE = `Usage: npm start [-- --fresh]

Runs the whole platform on this machine. Its state (tenants, delivery log, dead letters, objects, mail,
secrets) is kept in .local/instance-<PORT> (or $LOCAL_STATE_DIR) and the next start resumes from it.

  --fresh     drop the kept state and begin again from the demo data
  -h, --help  print this help

Settings are environment variables; README.md lists them all.`;

const parseArgv = (argv: readonly string[]): { fresh: boolean } | null => {
  const { values } = parseArgs({
    args: [...argv],
    options: { fresh: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  return values.help ? null : { fresh: values.fresh ?? false };
};

const port = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(0), z.lte(65535)), fallback);

const LocalEnvSchema = z.object({
  PORT: port(LOCAL_PORTS.webhooks),
  SQS_PORT: port(LOCAL_PORTS.sqs),
  OBJECT_STORE_PORT: port(LOCAL_PORTS.objectStore),
  DYNAMODB_PORT: port(LOCAL_PORTS.dynamodb),
  SES_PORT: port(LOCAL_PORTS.ses),
  FAKES_PORT: port(LOCAL_PORTS.fakes),
  SYNC_VENDORS_PORT: port(LOCAL_SYNC_VENDORS_PORT),
  LOCAL_STATE_DIR: z.optional(z.string().check(z.minLength(1))),
  CONSOLE_PORT: port(LOCAL_CONSOLE_PORT),
  LOCAL_TENANTS_FILE: z.optional(z.string().check(z.minLength(1))),
  LOCAL_SECRETS_FILE: z.optional(z.string().check(z.minLength(1))),
  SECRET_PREFIX: z.optional(z.string().check(z.minLength(1))),
  MAX_BODY_BYTES: z.optional(z.coerce.number().check(z.int(), z.positive())),
  DELIVERY_TIME_SCALE: z.optional(z.coerce.number().check(z.gte(1), z.lte(1_000_000))),
});

const parseEnv = () => {
  const result = LocalEnvSchema.safeParse(process.env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`local mode configuration is invalid: ${problems.join('; ')}`);
};

const time = (): string => new Date().toISOString().slice(11, 19);

const shown = (path: string): string => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
};

/** The first line: how this start began, and where the state is kept. */
const stateLine = (platform: LocalPlatform): string => {
  const { dir, start } = platform.state;
  const where = dir ? shown(dir) : 'memory';
  switch (start) {
    case 'resumed': {
      const { queues, mails } = platform.state.restored;
      const dead = (queues?.inboundDlq ?? 0) + (queues?.deliveryDlq ?? 0);
      const queued = (queues?.inbound ?? 0) + (queues?.delivery ?? 0);
      return (
        `state: resumed from ${where} (tenants, delivery log, secrets, objects; ${dead} dead letter(s), ` +
        `${queued} queued message(s), ${mails} mail(s)); npm start -- --fresh begins again from the demo data`
      );
    }
    case 'fresh':
      return `state: fresh start in ${where} (--fresh: the previous state was dropped, demo data applied)`;
    case 'first':
      return `state: new in ${where} (demo data applied); the next npm start resumes from it, --fresh drops it`;
    case 'ephemeral':
      return 'state: in memory only (nothing is kept)';
  }
};

const tenantsLine = (platform: LocalPlatform, tenantIds: readonly string[]): string => {
  const list = tenantIds.length > 0 ? tenantIds.join(', ') : 'none';
  if (platform.state.tenantsKept)
    return `  tenants       ${list}, as the last run left them (ops tenants list --local)`;
  const applied = platform.tenantsApplied;
  if (!applied) return `  tenants       ${list} (LOCAL_TENANTS_FILE=none: no tenant file applied)`;
  const routes = applied.tenants.flatMap((t) => t.items).filter((item) => item.kind === 'route').length;
  const demo = applied.tenants.map((tenant) => tenant.tenantId).join(', ');
  return `  tenants       ${list} (${demo} with ${routes} routes applied from the tenant file; ops tenants list --local)`;
};

/** The daily tenant sync: when it runs next, and how to run it at once. */
const syncLines = (platform: LocalPlatform): string[] => {
  const sync = platform.sync;
  if (!sync) return [];
  const next = sync.schedule.nextRun();
  const when = next ? formatInZone(next, sync.schedule.timeZone) : 'not scheduled';
  const { slack, msgraph, lineworks } = sync.vendors.urls;
  return [
    `daily sync: next run at ${when}; run now: npm run ops -- sync run --local`,
    `  fake vendors: Slack ${slack}, Graph ${msgraph}, LINE WORKS ${lineworks}`,
    `  chat deliveries: Teams ${msgraph}/messages, LINE WORKS ${lineworks}/messages`,
  ];
};

const banner = (
  platform: LocalPlatform,
  secrets: LocalSecrets,
  tenantIds: readonly string[],
  operatorConsole: LocalConsole,
): string => {
  const tenants = secrets.tenants();
  const { fakes, ses } = platform;
  const lines = [
    '',
    'tsunagi local mode is running (stage "local", no AWS account involved)',
    stateLine(platform),
    '',
    `  console       open ${operatorConsole.url}   (operator console; 127.0.0.1 only, no sign-in)`,
    `  webhooks      POST ${platform.baseUrl}/webhooks/{provider}/{tenantId}`,
    `  SQS           ${platform.sqsEndpoint}   (AWS_ENDPOINT_URL_SQS)`,
    `    inbound     ${platform.queueUrls.inbound}   (+ -dlq)`,
    `    delivery    ${platform.queueUrls.delivery}   (+ -dlq)`,
    `  object store  ${platform.objectStoreEndpoint}/${platform.claimCheckBucket}   (AWS_ENDPOINT_URL_S3)`,
    `  DynamoDB      ${platform.dynamoEndpoint}   (dynalite; tenants, delivery log, idempotency)`,
    `  SES           ${ses.endpoint}   mailbox: open ${ses.viewerUrl}  (JSON: ${ses.mailboxUrl})`,
    tenantsLine(platform, tenantIds),
    `  secrets       ${shown(platform.secretsFile)}: webhook secrets of ${tenants.join(', ') || 'no tenant'} ` +
      '(ops secrets --help)',
    '',
    'Fakes of the outside world (each lists what it got):',
    `  tenant backend   ${fakes.tenantBackend.url}/received   (checks the signature; fails 2 attempts, then 200)`,
    `  always 400       ${fakes.always400.url}/received   (a permanent failure: DLQ at once, with its reason)`,
    `  always 503       ${fakes.always503.url}/received   (retried, then the DLQ after 3 receives)`,
    `  Slack            ${fakes.slack.url}/messages   (chat.postMessage)`,
    `  secondary email  ${fakes.secondaryEmail.url}/mails   (SendGrid shape; used when SES fails)`,
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
    'Or, in another terminal:  npm run demo',
    '  It sends one signed webhook per provider and then shows what became of each routed event: a delivery',
    '  to the tenant backend after two retries, a mail in the SES mailbox, Slack, Teams and LINE WORKS',
    '  messages, one permanent failure and one retry-exhausted delivery in the delivery DLQ, all within',
    '  about 20 seconds.',
    'Any event: npm run ops -- events show <event id> --local',
    ...syncLines(platform),
    'Each request is logged below. Ctrl+C stops everything.',
    '',
  );
  return lines.join('\n');
};

/** Every tenant in the tenant data now: the applied file's and any the user applied since. */
const storedTenants = async (platform: LocalPlatform): Promise<string[]> => {
  const client = new DynamoDBClient({
    endpoint: platform.dynamoEndpoint,
    region: 'ap-northeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const directory = new DynamoDbTenantDirectory(client, {
      tableName: platform.tables.tenantData,
      cacheTtlMs: 0,
    });
    return (await directory.listTenants()).map((tenant) => tenant.tenant_id).sort();
  } finally {
    client.destroy();
  }
};

const main = async (): Promise<void> => {
  const args = parseArgv(process.argv.slice(2));
  if (!args) return console.log(USAGE);
  const config = parseEnv();
  // Node 20 is what this team runs locally today (see the tooling notes); the SDK's ten-line notice
  // about it would push the banner off screen on every start.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const stateDir = config.LOCAL_STATE_DIR ?? defaultLocalStateDir({ PORT: String(config.PORT) });
  const platform = await startLocal({
    port: config.PORT,
    sqsPort: config.SQS_PORT,
    objectStorePort: config.OBJECT_STORE_PORT,
    dynamoPort: config.DYNAMODB_PORT,
    sesPort: config.SES_PORT,
    fakesPort: config.FAKES_PORT,
    syncVendorsPort: config.SYNC_VENDORS_PORT,
    // Every demo tenant gets Slack, Teams and LINE WORKS, all served by the fake vendors.
    syncOptions: { seedIntegrations: true },
    tenantsFile: config.LOCAL_TENANTS_FILE === 'none' ? false : config.LOCAL_TENANTS_FILE,
    // Kept across restarts, one folder per instance: `ops … --local` finds it through the same PORT.
    stateDir,
    fresh: args.fresh,
    // Unless a file is named, a git-ignored working copy of the demo secrets in the state folder: secrets
    // created or rotated locally (`ops secrets … --local`) never edit the committed one.
    secretsFile: config.LOCAL_SECRETS_FILE,
    secretPrefix: config.SECRET_PREFIX,
    maxBodyBytes: config.MAX_BODY_BYTES,
    ...(config.DELIVERY_TIME_SCALE === undefined
      ? {}
      : { consumerEnv: { DELIVERY_TIME_SCALE: String(config.DELIVERY_TIME_SCALE) } }),
    log: (line) => console.log(`${time()}  ${line}`),
  });
  const secrets = LocalSecrets.load(platform.secretsFile, platform.secretPrefix);
  const operatorConsole = await startConsoleFor(platform, { port: config.CONSOLE_PORT, stateDir }).catch(
    async (error: unknown) => {
      await platform.stop();
      throw error;
    },
  );
  console.log(banner(platform, secrets, await storedTenants(platform), operatorConsole));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    Promise.all([operatorConsole.stop(), platform.stop()]).then(
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
        'Set PORT, SQS_PORT, OBJECT_STORE_PORT, DYNAMODB_PORT, SES_PORT, FAKES_PORT, SYNC_VENDORS_PORT or CONSOLE_PORT to pick others.',
    );
  } else if (code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  } else if ((error as Error).name === 'StateDirInUseError') {
    console.error(`local mode did not start: ${(error as Error).message}`);
  } else {
    console.error('local mode failed to start:', error);
  }
  process.exit(1);
});
