import { parseArgs } from 'node:util';
import { buildDemoCases, type DemoCase } from './demo-cases.ts';
import { showOutcomes } from './demo-deliveries.ts';
import { LOCAL_SECRET_PREFIX, LocalSecrets, readableLocalSecretsFile } from './local-secrets.ts';
import { type SentRequest, sendRequest } from './signed-request.ts';

/**
 * `npm run demo`: sends one correctly signed webhook per provider to a running `npm start`, plus the three
 * provider handshakes, a request signed with a rotated-out-but-still-listed secret, and a forged one; then
 * waits for the routed events and prints what became of each delivery. Exits non-zero when any answer is not
 * the documented one.
 */

const HELP = `Usage: npm run demo -- [options]

Sends one signed webhook per provider to local mode and prints provider → status → event_id, then waits
for the routed events and shows each delivery's outcome (from the delivery log and the delivery DLQ).

Options:
  --base-url <url>      where local mode listens (default http://127.0.0.1:\${PORT:-3000})
  --tenant-id <id>      demo tenant to send as (default acme; globex also exists)
  --secrets-file <path> secrets to sign with (default $LOCAL_SECRETS_FILE, else the instance's
                        .local/instance-\${PORT:-3000}/secrets.json, else infra/local/demo-secrets.json)
  --wait <seconds>      how long to wait for the deliveries to settle (default 30; 0 skips this part)
  --json                print machine-readable results instead of a table
  -h, --help            show this help
`;

interface CaseResult {
  readonly label: string;
  readonly expected_status: number;
  readonly status: number;
  readonly event_id: string | null;
  readonly ok: boolean;
  readonly problem: string | null;
}

const parseCli = () =>
  parseArgs({
    options: {
      'base-url': { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? '3000'}` },
      'tenant-id': { type: 'string', default: 'acme' },
      'secrets-file': { type: 'string', default: readableLocalSecretsFile() },
      wait: { type: 'string', default: '30' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;

const judge = (demoCase: DemoCase, response: SentRequest): CaseResult => {
  const problem =
    response.status !== demoCase.expectedStatus
      ? `expected ${demoCase.expectedStatus}: ${response.text.slice(0, 120)}`
      : (demoCase.check?.(response) ?? null);
  return {
    label: demoCase.label,
    expected_status: demoCase.expectedStatus,
    status: response.status,
    event_id: response.eventId ?? null,
    ok: problem === null,
    problem,
  };
};

const printTable = (results: readonly CaseResult[], baseUrl: string, tenantId: string): void => {
  const width = Math.max(...results.map((r) => r.label.length));
  console.log(`\nSent ${results.length} requests to ${baseUrl} as tenant "${tenantId}":\n`);
  console.log(`    ${'request'.padEnd(width)}  status  event_id / note`);
  for (const r of results) {
    const note =
      r.problem ?? r.event_id ?? (r.status === 401 ? 'rejected, as it must be' : 'handshake answered');
    console.log(`${r.ok ? ' ok ' : 'FAIL'}${r.label.padEnd(width)}  ${String(r.status).padEnd(6)}  ${note}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(
    failed === 0
      ? '\nAll answers are as documented. The router and the worker take it from here.'
      : `\n${failed} answer(s) differ from the documented ones.`,
  );
};

class UnreachableError extends Error {
  public override readonly name = 'UnreachableError';
}

const isUnreachable = (error: unknown): boolean =>
  error instanceof TypeError && /fetch failed/i.test(error.message);

const main = async (): Promise<number> => {
  const args = parseCli();
  // Node 20 is what this team runs locally; the SDK's notice about it would split the demo's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (args.help) {
    console.log(HELP);
    return 0;
  }
  const baseUrl = args['base-url'].replace(/\/+$/, '');
  const tenantId = args['tenant-id'];
  const secrets = LocalSecrets.load(args['secrets-file'], process.env.SECRET_PREFIX ?? LOCAL_SECRET_PREFIX);
  const cases = buildDemoCases({ baseUrl, tenantId, secrets });
  const results: CaseResult[] = [];
  // One after another, so the table and the server's log read in the same order.
  for (const demoCase of cases) {
    const response = await sendRequest(demoCase.request).catch((error: unknown) => {
      if (!isUnreachable(error)) throw error;
      throw new UnreachableError(`Nothing answers at ${baseUrl}: is \`npm start\` running? (see --base-url)`);
    });
    results.push(judge(demoCase, response));
  }
  const waitSeconds = Number(args.wait);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0) throw new Error('--wait takes a number of seconds');
  if (!args.json) printTable(results, baseUrl, tenantId);
  const sent = results.flatMap((r) => (r.event_id ? [{ label: r.label, event_id: r.event_id }] : []));
  const outcomes = waitSeconds > 0 ? await showOutcomes(sent, waitSeconds * 1000, args.json, tenantId) : null;
  if (args.json) {
    console.log(JSON.stringify({ base_url: baseUrl, tenant_id: tenantId, results, outcomes }, null, 2));
  }
  return results.every((r) => r.ok) ? 0 : 1;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UnreachableError) {
      console.error(error.message);
      process.exit(2);
    }
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
