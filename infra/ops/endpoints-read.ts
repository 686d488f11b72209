import type { EndpointStatus } from '../../shared/delivery/health/endpoint-health.ts';
import { listEndpoints, showEndpoint } from '../../shared/ops/endpoints/endpoint-reads.ts';
import type { EndpointListOutput, EndpointShowOutput } from '../../shared/ops/endpoints/schemas.ts';
import { COMMON_HELP, parseCommand, printJson, UsageError } from './cli.ts';
import { ALL_TARGET_HELP, OPTIONS } from './dlq-shared.ts';
import { withEndpointPorts } from './endpoints-context.ts';

// `endpoints list` and `endpoints show`: the destinations' health, what they hold, their recent attempts.

const STATUSES = ['healthy', 'failing', 'disabled'] as const;

export const ENDPOINTS_LIST_USAGE = `Usage: npm run ops -- endpoints list (--local | --stage <s>) [options]

Lists the destinations (tenant × route) that have a health record, i.e. that failed at least once: status,
failing since, consecutive failures, deliveries held. A destination that never failed has none and is healthy.

Options:
  --tenant-id <id>          only this tenant's destinations
  --status <status>         only ${STATUSES.join(', ')}
${ALL_TARGET_HELP}
${COMMON_HELP}`;

export const ENDPOINTS_SHOW_USAGE = `Usage: npm run ops -- endpoints show <tenant> <route> (--local | --stage <s>) [options]

One destination: its health record (status, failing since, consecutive failures, last error, when disabled
and why), how many deliveries it holds and the oldest, and its recent deliveries from the delivery log.

Options:
  --attempts <n>            recent deliveries to show (default 10; 1..50)
${ALL_TARGET_HELP}
${COMMON_HELP}`;

export const statusOf = (text: string | undefined): EndpointStatus | undefined => {
  if (text === undefined) return undefined;
  if (!(STATUSES as readonly string[]).includes(text))
    throw new UsageError(`--status: "${text}" is not one of ${STATUSES.join(', ')}`);
  return text as EndpointStatus;
};

/** `<tenant> <route>`, exactly. */
export const endpointOf = (positionals: string[], usage: string) => {
  const [tenantId, routeId, ...extra] = positionals;
  if (!tenantId || !routeId || extra.length > 0)
    throw new UsageError(`expected <tenant> <route>\n\n${usage}`);
  return { tenantId, routeId };
};

const dash = (value: string | number | null) => (value === null ? '-' : String(value));

const printList = (output: EndpointListOutput): void => {
  if (output.endpoints.length === 0) {
    const filter = Object.entries(output.filter).map(([k, v]) => `${k}=${v}`);
    console.log(
      `No destinations with a health record on ${output.target}${filter.length ? ` (${filter.join(', ')})` : ''}.`,
    );
    return;
  }
  const width = Math.max(11, ...output.endpoints.map((e) => e.tenant_id.length + e.route_id.length + 1));
  console.log(
    `${'destination'.padEnd(width)}  status    failing since             failures  held  last error`,
  );
  for (const e of output.endpoints) {
    console.log(
      `${`${e.tenant_id}/${e.route_id}`.padEnd(width)}  ${e.status.padEnd(8)}  ${dash(e.failing_since).padEnd(24)}  ` +
        `${String(e.consecutive_failures).padStart(8)}  ${String(e.held).padStart(4)}  ${dash(e.last_error)}`,
    );
  }
};

const printShow = (output: EndpointShowOutput): void => {
  const h = output.health;
  console.log(`${h.tenant_id}/${h.route_id} on ${output.target}`);
  console.log(
    `  status:               ${h.status}${output.recorded ? '' : ' (never failed: no health record)'}`,
  );
  if (h.status === 'disabled')
    console.log(`  disabled:             ${dash(h.disabled_at)} (${dash(h.disabled_reason)})`);
  console.log(`  failing since:        ${dash(h.failing_since)}`);
  console.log(`  consecutive failures: ${h.consecutive_failures}`);
  console.log(`  last error:           ${dash(h.last_error)} at ${dash(h.last_failure_at)}`);
  console.log(`  last success:         ${dash(h.last_success_at)}`);
  const oldest = output.held.oldest;
  console.log(
    `  held:                 ${output.held.count}${oldest ? ` (oldest ${oldest.event_id}, received ${oldest.received_at})` : ''}`,
  );
  if (output.recent_attempts.length === 0) {
    console.log('  recent deliveries:    none in the delivery log');
    return;
  }
  console.log('  recent deliveries (newest first):');
  for (const a of output.recent_attempts) {
    const latency = a.last_latency_ms === null ? '' : ` ${a.last_latency_ms} ms`;
    console.log(
      `    ${a.received_at}  ${a.event_id}  ${a.status}  attempts ${a.attempts}  HTTP ${dash(a.last_status)}${latency}` +
        `${a.error ? `  ${a.error}` : ''}${a.next_attempt_at ? `  next ${a.next_attempt_at}` : ''}`,
    );
  }
};

export const endpointsList = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, {
    ...OPTIONS,
    'tenant-id': { type: 'string' },
    status: { type: 'string' },
  });
  if (values.help) return console.log(ENDPOINTS_LIST_USAGE);
  if (positionals.length > 0)
    throw new UsageError(`unexpected "${positionals[0]}"\n\n${ENDPOINTS_LIST_USAGE}`);
  const input = {
    ...(values['tenant-id'] !== undefined ? { tenantId: values['tenant-id'] } : {}),
    ...(values.status !== undefined ? { status: statusOf(values.status) } : {}),
  };
  const output = await withEndpointPorts(values, (ports) => listEndpoints(ports, input));
  if (values.json) return printJson(output);
  printList(output);
};

export const endpointsShow = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, { ...OPTIONS, attempts: { type: 'string' } });
  if (values.help) return console.log(ENDPOINTS_SHOW_USAGE);
  const ref = endpointOf(positionals, ENDPOINTS_SHOW_USAGE);
  const attempts = Number(values.attempts ?? '10');
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 50)
    throw new UsageError(`--attempts: "${values.attempts}" is not a whole number in 1..50`);
  const output = await withEndpointPorts(values, (ports) => showEndpoint(ports, ref, { attempts }));
  if (values.json) return printJson(output);
  printShow(output);
};
