import { HELD_RETENTION_DAYS } from '../../shared/delivery/config-names.ts';
import type { EndpointRef } from '../../shared/delivery/health/ports.ts';
import { parseRate, parseSince } from '../../shared/ops/dlq-message.ts';
import { disableEndpoint, enableEndpoint } from '../../shared/ops/endpoints/endpoint-changes.ts';
import { recoverEndpoint } from '../../shared/ops/endpoints/endpoint-recover.ts';
import type { EndpointOpsPorts } from '../../shared/ops/endpoints/ports.ts';
import type { EndpointChangeOutput } from '../../shared/ops/endpoints/schemas.ts';
import { CHANGE_OPTIONS, COMMON_HELP, confirm, parseCommand, printJson, UsageError } from './cli.ts';
import { ALL_TARGET_HELP, countsLine, interruptible, MoveProgressLine, OPTIONS } from './dlq-shared.ts';
import { withEndpointPorts } from './endpoints-context.ts';
import { endpointOf } from './endpoints-read.ts';

// `endpoints disable | enable | recover`: an operator's changes, previewed (the dry run) before they run.

const CHANGE_HELP = `  --dry-run                 change nothing; report exactly what would change
  -y, --yes                 do not ask for confirmation
${ALL_TARGET_HELP}
${COMMON_HELP}`;

export const ENDPOINTS_DISABLE_USAGE = `Usage: npm run ops -- endpoints disable <tenant> <route> (--local | --stage <s>) [options]

Disables a destination by hand: from now on its deliveries are held (kept ${HELD_RETENTION_DAYS} days in the endpoints table,
never dropped) until \`endpoints enable\`; no attempt's outcome re-enables it. Writes an audit record.

Options:
${CHANGE_HELP}`;

export const ENDPOINTS_ENABLE_USAGE = `Usage: npm run ops -- endpoints enable <tenant> <route> (--local | --stage <s>) [options]

Makes a destination healthy with a clean slate and sends a release request: the delivery worker delivers
what it holds oldest first, 10 at first and twice as many each minute after. Writes an audit record.

Options:
${CHANGE_HELP}`;

export const ENDPOINTS_RECOVER_USAGE = `Usage: npm run ops -- endpoints recover <tenant> <route> --since <time> (--local | --stage <s>) [options]

Re-sends, once each and unchanged (same delivery ids), what the destination lost since <time>: its
delivery-DLQ messages that failed since then go back to the delivery queue (send, then delete), and its
deliveries held since then are released oldest first. A disabled destination keeps what it holds until
\`endpoints enable\`. Writes an audit record.

Options:
  --since <time>            ISO-8601, or 30m, 2h, 7d back from now (required)
  --rate <n>[/s]            dead letters per second (default 10; 1..500)
${CHANGE_HELP}`;

const flags = {
  ...OPTIONS,
  ...CHANGE_OPTIONS,
} as const;

const name = (ref: EndpointRef) => `${ref.tenantId}/${ref.routeId}`;

const releaseLine = (output: EndpointChangeOutput): string | null => {
  const release = output.release;
  if (!release) return null;
  const scope = release.since ? ` held since ${release.since}` : ' held';
  if (release.sent) return `  release requested for ${release.held}${scope} (oldest first)`;
  if (release.held > 0 && output.dry_run && !release.note)
    return `  would request the release of ${release.held}${scope} (oldest first)`;
  return `  ${release.held}${scope}${release.note ? `: ${release.note}` : ''}`;
};

const print = (output: EndpointChangeOutput): void => {
  const verb = output.dry_run ? 'would change' : 'changed';
  const state = output.before === output.after ? output.after : `${output.before} → ${output.after}`;
  const what = output.changed || output.dry_run ? verb : 'unchanged';
  console.log(
    `${output.command} ${output.tenant_id}/${output.route_id} on ${output.target}${output.dry_run ? ' (dry run)' : ''}: ` +
      `${state} (${what})${output.audit_id ? `; audit ${output.audit_id}` : ''}`,
  );
  if (output.dead_letters) {
    const d = output.dead_letters;
    console.log(
      `  ${d.queue}: ${countsLine(d.counts, output.dry_run ? 'would move' : 'moved', output.dry_run)}`,
    );
    for (const message of d.would_move)
      console.log(`    would re-send ${message.message_id} (${message.event_id ?? '?'})`);
    for (const error of d.errors) console.error(error);
  }
  const release = releaseLine(output);
  if (release) console.log(release);
  if (output.notifications.length > 0)
    console.log(`  ${output.dry_run ? 'would notify' : 'notified'}: ${output.notifications.join(', ')}`);
};

/** Parses, previews, confirms (unless --dry-run or --yes), runs, prints. */
const change = async (
  args: string[],
  usage: string,
  extra: Record<string, { type: 'string' }>,
  run: (
    ports: EndpointOpsPorts,
    ref: EndpointRef,
    dryRun: boolean,
    values: Record<string, string | boolean | undefined>,
  ) => Promise<EndpointChangeOutput>,
): Promise<void> => {
  const { values, positionals } = parseCommand(args, { ...flags, ...extra });
  if (values.help) return console.log(usage);
  const ref = endpointOf(positionals, usage);
  const all = values as Record<string, string | boolean | undefined>;
  const dryRun = values['dry-run'] === true;
  const output = await withEndpointPorts(values, async (ports) => {
    // Nobody to show the preview to: --yes runs at once.
    if (values.yes === true && !dryRun) return run(ports, ref, false, all);
    const preview = await run(ports, ref, true, all);
    if (dryRun) return preview;
    const summary = [
      preview.before === preview.after ? preview.after : `${preview.before} → ${preview.after}`,
      preview.dead_letters ? `re-send ${preview.dead_letters.counts.matched} dead letter(s)` : null,
      preview.release && preview.release.held > 0 && !preview.release.note
        ? `release ${preview.release.held} held`
        : null,
    ].filter(Boolean);
    await confirm({
      yes: false,
      question: `${preview.command} ${name(ref)} on ${ports.target.label}: ${summary.join(', ')}?`,
    });
    return run(ports, ref, false, all);
  });
  if (values.json) return printJson(output);
  print(output);
};

export const endpointsDisable = (args: string[]) =>
  change(args, ENDPOINTS_DISABLE_USAGE, {}, (ports, ref, dryRun) => disableEndpoint(ports, { ref, dryRun }));

export const endpointsEnable = (args: string[]) =>
  change(args, ENDPOINTS_ENABLE_USAGE, {}, (ports, ref, dryRun) => enableEndpoint(ports, { ref, dryRun }));

export const endpointsRecover = async (args: string[]): Promise<void> => {
  const { values } = parseCommand(args, { ...flags, since: { type: 'string' }, rate: { type: 'string' } });
  if (values.help) return console.log(ENDPOINTS_RECOVER_USAGE);
  if (values.since === undefined)
    throw new UsageError(`--since <time> is required\n\n${ENDPOINTS_RECOVER_USAGE}`);
  const since = parseSince(values.since);
  if (!since) throw new UsageError(`--since: "${values.since}" is neither ISO-8601 nor like 30m, 2h, 7d`);
  if (since.getTime() > Date.now()) throw new UsageError(`--since: ${since.toISOString()} is in the future`);
  const rate = parseRate(values.rate ?? '10');
  if (rate === null) throw new UsageError(`--rate: "${values.rate}" is not a rate in 1..500 per second`);
  const json = values.json === true;
  return change(
    args,
    ENDPOINTS_RECOVER_USAGE,
    { since: { type: 'string' }, rate: { type: 'string' } },
    async (ports, ref, dryRun) => {
      const progress = new MoveProgressLine(!json, 'moved');
      const { signal, release } = interruptible();
      try {
        return await recoverEndpoint(
          ports,
          { ref, since, dryRun, ratePerSecond: rate },
          { signal, onProgress: (current) => progress.update(current) },
        );
      } finally {
        progress.done();
        release();
      }
    },
  );
};
