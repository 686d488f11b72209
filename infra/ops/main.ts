import { OpsInputError } from '../../shared/ops/errors.ts';
import { NotConfirmedError, UsageError } from './cli.ts';

const USAGE = `Usage: npm run ops -- <command> [options]

Operator commands for tsunagi. Every command takes --help and --json; commands that change something take
--dry-run and ask for confirmation unless --yes. Commands that read or write platform data act on exactly one
of --local (the platform \`npm start\` runs on this machine) or --stage <dev|stg|prod>.

Commands:
  tenants apply <file>                  make tenants and their routes as a JSON file declares them
  tenants list                          every tenant with its status and route count
  tenants show <tenant>                 one tenant: profile, integrations, routes
  events show <event id>                an event's journey: receipt, routing, each delivery and its outcome
  routes test <tenant> <route> --event <file | event id>
                                        whether a route matches an event and the request it would send
  webhooks curl <provider> <tenantId>   print a signed, ready-to-paste curl for one provider and tenant
  sync run                              run the daily tenant sync now and follow it (--local or --stage)
  sync history --tenant-id <id>         a tenant's sync history rows, newest first
  sync report <run id>                  a run's report: status, tenants per status, per-tenant table
  dlq list                              every DLQ with depth, oldest-message age, source queue, move tasks
  dlq peek <queue>                      decoded dead letters with their failure reasons (deletes nothing)
  dlq redrive <queue>                   move dead letters back (all: move task; filtered: send then delete)
  dlq status <queue> / dlq cancel <queue>  a DLQ's move tasks / cancel the running one
  dlq archive <queue> --to <dir>        write matching dead letters as JSON lines, then delete them
  endpoints list                        destinations with a health record: status, failing since, held
  endpoints show <tenant> <route>       one destination's health, held deliveries and recent attempts
  endpoints disable|enable <tenant> <route>  hold a destination's deliveries / enable it and release them
  endpoints recover <tenant> <route> --since <time>
                                        re-send what it dead-lettered or held since then, once each
  audit list                            the operators' audit trail (redrive, archive, cancel, endpoints)
  secrets put <tenant> <target>         create a secret: [webhook] <provider>, route <route id> or
                                        integration <SYSTEM> (stdin or --generate)
  secrets rotate <tenant> <target>      a new current signing secret (the previous ones stay valid), or new
                                        integration credentials
  secrets retire <tenant> <target>      drop every signing secret but the current one
  secrets show <tenant> <target>        fingerprints, fields and last change (never values without --reveal)

Run "npm run ops -- <command> --help" for a command's options.`;

type Command = (args: string[]) => Promise<void>;

// Loaded on demand: the tenant writer's framework alone takes a second to load, and most commands never use it.
const COMMANDS: Record<string, () => Promise<Command>> = {
  'tenants apply': async () => (await import('./tenants-apply.ts')).tenantsApply,
  'tenants list': async () => (await import('./tenants-read.ts')).tenantsList,
  'tenants show': async () => (await import('./tenants-read.ts')).tenantsShow,
  'events show': async () => (await import('./events.ts')).eventsShow,
  'routes test': async () => (await import('./routes.ts')).routesTest,
  'webhooks curl': async () => (await import('./webhooks-curl.ts')).webhooksCurl,
  'sync run': async () => (await import('./sync-run.ts')).syncRun,
  'sync history': async () => (await import('./sync-read.ts')).syncHistory,
  'sync report': async () => (await import('./sync-read.ts')).syncReport,
  'dlq list': async () => (await import('./dlq.ts')).dlqList,
  'dlq peek': async () => (await import('./dlq.ts')).dlqPeek,
  'dlq redrive': async () => (await import('./dlq.ts')).dlqRedrive,
  'dlq status': async () => (await import('./dlq.ts')).dlqStatus,
  'dlq cancel': async () => (await import('./dlq.ts')).dlqCancel,
  'dlq archive': async () => (await import('./dlq.ts')).dlqArchive,
  'endpoints list': async () => (await import('./endpoints.ts')).endpointsList,
  'endpoints show': async () => (await import('./endpoints.ts')).endpointsShow,
  'endpoints disable': async () => (await import('./endpoints.ts')).endpointsDisable,
  'endpoints enable': async () => (await import('./endpoints.ts')).endpointsEnable,
  'endpoints recover': async () => (await import('./endpoints.ts')).endpointsRecover,
  'audit list': async () => (await import('./audit.ts')).auditList,
  'secrets put': async () => (await import('./secrets.ts')).secretsPut,
  'secrets rotate': async () => (await import('./secrets.ts')).secretsRotate,
  'secrets retire': async () => (await import('./secrets.ts')).secretsRetire,
  'secrets show': async () => (await import('./secrets.ts')).secretsShow,
};

const isHelp = (word: string | undefined): boolean =>
  word === undefined || word === '--help' || word === '-h' || word === 'help';

/** `ops <group> --help`: the group's own help, or its lines of the overview. */
const groupUsage = async (group: string): Promise<string> => {
  if (group === 'secrets') return (await import('./secrets-usage.ts')).SECRETS_GROUP_USAGE;
  const lines = USAGE.split('\n');
  const start = lines.indexOf('Commands:');
  const own: string[] = [];
  let inGroup = false;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    // A command's line starts with two spaces and its group; its continuation lines are indented further.
    if (!/^ {3}/.test(line)) inGroup = line.startsWith(`  ${group} `);
    if (inGroup) own.push(line);
  }
  return `Usage: npm run ops -- ${group} <command> [options]\n\nCommands:\n${own.join('\n')}\n\nRun "npm run ops -- ${group} <command> --help" for a command's options.`;
};

const main = async (argv: string[]): Promise<void> => {
  const [group, command, ...rest] = argv;
  if (isHelp(group)) {
    console.log(USAGE);
    return;
  }
  const groups = new Set(Object.keys(COMMANDS).map((name) => name.split(' ')[0]));
  if (group !== undefined && groups.has(group) && isHelp(command)) {
    console.log(await groupUsage(group));
    return;
  }
  const load = COMMANDS[`${group} ${command}`];
  if (!load)
    throw new UsageError(`unknown command "${[group, command].filter(Boolean).join(' ')}"\n\n${USAGE}`);
  await (await load())(rest);
};

/** 2: bad usage (or input the use case cannot act on); 3: not confirmed (nothing changed); 1: anything else. */
const exitCode = (error: unknown): number => {
  if (
    error instanceof UsageError ||
    error instanceof OpsInputError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  )
    return 2;
  if (error instanceof NotConfirmedError) return 3;
  return 1;
};

// Node 20 is what this team runs locally; the SDK's notice about it would bury the command's own output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
main(process.argv.slice(2)).then(
  // The framework and SDK clients may hold sockets open a moment; the answer is already printed.
  () => process.exit(0),
  (error: unknown) => {
    console.error(`ops: ${(error as Error).message}`);
    process.exit(exitCode(error));
  },
);
