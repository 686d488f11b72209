import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { DynamoDbTenantDirectory } from '../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import { NotFoundError, OpsInputError } from '../../shared/ops/errors.ts';
import { type RouteTestReport, testRoute } from '../../shared/ops/route-test.ts';
import type { RouteTestEventSource } from '../../shared/ops/route-test-event.ts';
import { COMMON_OPTIONS, parseCommand, printJson, TARGET_HELP, TARGET_OPTIONS, UsageError } from './cli.ts';
import { explainUnreachable, resolveTarget, type Target } from './target.ts';

export const ROUTES_TEST_USAGE = `Usage: npm run ops -- routes test <tenant> <route> --event <file | event id> (--local | --stage <s>) [options]

Tests one route against an event without sending anything: whether the route matches (provider, event type
and match.filter), which condition failed when it does not, and the exact request its destination would get
(headers and body, after the route's transform). The Standard Webhooks signature is shown as a placeholder:
it is made with the route's secret at delivery time.

--event takes either
  a JSON file {"provider": "stripe", "type": "charge.succeeded", "headers": {…}, "data": {…}}, where data is
    the provider's payload; the event id, tenant, times and trace id are filled in; or
  a platform event id (evt_…) the router saw: its body is read back from the delivery log (kept for bodies
    up to 16 KiB, for the log's retention).

Exit codes: 0 whether or not the route matches; 1 when the tenant, route or event cannot be found, or the
route matches but its transform fails (the delivery would be dead-lettered); 2 for bad usage or an unreadable
event file.

Options:
  --event <file | event id> the event to test with (required)
${TARGET_HELP}
  --json                    print exactly {"matched", "failed_condition", "request": {"headers", "body"} | null}
  -h, --help                print this help`;

const eventSource = async (value: string): Promise<RouteTestEventSource> => {
  if (existsSync(value)) {
    try {
      return { kind: 'file', name: value, text: await readFile(value, 'utf8') };
    } catch (error) {
      throw new OpsInputError(`cannot read ${value}: ${(error as Error).message}`);
    }
  }
  if (/^evt_[A-Za-z0-9-]{1,64}$/.test(value)) return { kind: 'event_id', eventId: value };
  throw new UsageError(`--event: no such file "${value}", and not a platform event id (evt_…)`);
};

/** The worker's sender address on the target, for email routes that name none. */
const defaultFrom = async (target: Target): Promise<string> =>
  target.stage === 'local'
    ? (await import('../local/platform-env.ts')).LOCAL_EMAIL_FROM
    : (await import('../config/stages.ts')).getStageConfig(target.stage).email.fromAddress;

const render = (report: RouteTestReport): string => {
  const { route, event, result } = report;
  const what = `${event.provider} ${event.payload.type ?? '(no type)'}`;
  const lines = [
    `route ${event.payload.tenant_id}/${route.route_id} on ${report.target}`,
    `event ${event.payload.event_id} (${what}, from ${event.from})`,
  ];
  if (!result.matched) {
    lines.push(`DOES NOT MATCH: ${result.failed_condition}`);
    return lines.join('\n');
  }
  lines.push('MATCHES');
  if (report.transform_error !== null) {
    lines.push(`but the transform fails, so the delivery would be dead-lettered: ${report.transform_error}`);
    return lines.join('\n');
  }
  lines.push(`request (not sent): ${report.destination}`);
  for (const [name, value] of Object.entries(result.request?.headers ?? {}))
    lines.push(`  ${name}: ${value}`);
  const body = result.request?.body;
  lines.push('body:', typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  return lines.join('\n');
};

export const routesTest = async (args: string[]): Promise<void> => {
  const options = { ...COMMON_OPTIONS, ...TARGET_OPTIONS, event: { type: 'string' } } as const;
  const { values, positionals } = parseCommand(args, options);
  if (values.help) return console.log(ROUTES_TEST_USAGE);
  const [tenantId, routeId, ...extra] = positionals;
  if (!tenantId || !routeId || extra.length > 0)
    throw new UsageError(`expected <tenant> <route>\n\n${ROUTES_TEST_USAGE}`);
  if (!values.event) throw new UsageError(`--event <file | event id> is required\n\n${ROUTES_TEST_USAGE}`);
  const target = resolveTarget(values);
  const event = await eventSource(values.event);
  const client = target.dynamo();
  let report: RouteTestReport;
  try {
    const directory = new DynamoDbTenantDirectory(client, {
      tableName: target.tables.tenantData,
      cacheTtlMs: 0,
    });
    const events = new DynamoDbDeliveryLog(client, {
      tableName: target.tables.deliveryLog,
      retentionDays: 1,
    });
    const ports = { target, directory, events, defaultFrom: await defaultFrom(target) };
    report = await testRoute(ports, { tenantId, routeId, event }).catch((error: unknown) => {
      if (error instanceof NotFoundError || error instanceof OpsInputError) throw error;
      throw explainUnreachable(error, target);
    });
  } finally {
    client.destroy();
  }
  if (values.json) printJson(report.result);
  else console.log(render(report));
  if (report.transform_error !== null) {
    throw new Error(`the route matches, but its transform fails: ${report.transform_error}`);
  }
};
