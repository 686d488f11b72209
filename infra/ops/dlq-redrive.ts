import { parseRate } from '../../shared/ops/dlq-message.ts';
import {
  planRedrive,
  type RedriveInput,
  type RedrivePlan,
  runRedrive,
} from '../../shared/ops/dlq-redrive.ts';
import { CHANGE_OPTIONS, COMMON_HELP, confirm, parseCommand, printJson, UsageError } from './cli.ts';
import type { OpsContext } from './dlq-context.ts';
import {
  ALL_TARGET_HELP,
  countsLine,
  FILTER_HELP,
  FILTER_OPTIONS,
  filterOf,
  interruptible,
  MoveProgressLine,
  OPTIONS,
  oneQueue,
  QUEUE_HELP,
  withContext,
} from './dlq-shared.ts';

// `dlq redrive`: a native move task, or send-then-delete for filtered messages.

export const DLQ_REDRIVE_USAGE = `Usage: npm run ops -- dlq redrive <queue> (--local | --stage <s>) [filters] [options]

Moves messages back for another try. Without filters: SQS's own message move task (StartMessageMoveTask),
followed to completion. With filters: receive → send a copy (body and attributes) → delete the original
only after the send succeeded, so an interruption (Ctrl-C) loses nothing; at most a message is in both
queues, and the consumers are idempotent. Non-matching messages stay. ${QUEUE_HELP}
Writes an audit record.

Options:
  --rate <n>[/s]            messages per second (default 10; 1..500); with filters, after a pause (a receive,
                            a slow call) up to a tenth of a second's worth go at once to catch up, and no more
  --to <queue>              where to (default: the DLQ's source queue); inbound, delivery, or a queue name
${FILTER_HELP}
  --dry-run                 move nothing; report what would move
  -y, --yes                 do not ask for confirmation
${ALL_TARGET_HELP}
${COMMON_HELP}`;

/** The filtered redrive over a context's ports, as the command runs it (the benchmark measures this). */
export { redriveMatching } from '../../shared/ops/dlq-redrive.ts';

const question = (ctx: OpsContext, plan: RedrivePlan): string =>
  `Redrive ${plan.mode === 'filtered' ? 'the matching messages of' : `all ~${plan.depth.visible} messages of`} ` +
  `${plan.queue.name} to ${plan.destinationLabel} on ${ctx.target.label} at ${plan.input.ratePerSecond}/s?`;

/** Plans, confirms (unless a dry run), runs with progress on stderr and Ctrl-C handling. */
const redrive = async (ctx: OpsContext, input: RedriveInput, options: { yes: boolean; json: boolean }) => {
  const plan = await planRedrive(ctx, input);
  if (plan.mode === 'move_task' && input.dryRun) return (await runRedrive(ctx, plan)).output;
  if (!input.dryRun) await confirm({ yes: options.yes, question: question(ctx, plan) });
  if (plan.mode === 'filtered' && plan.depth.inFlight > 0) {
    process.stderr.write(
      `note: ${plan.depth.inFlight} message(s) of ${plan.queue.name} are in flight (being peeked or moved elsewhere); ` +
        'this run does not see them\n',
    );
  }
  const progress = new MoveProgressLine(!options.json, 'moved');
  const { signal, release } = interruptible();
  try {
    const { output, errors } = await runRedrive(ctx, plan, {
      signal,
      onProgress: (current) => progress.update(current),
    });
    progress.done();
    for (const error of errors) process.stderr.write(`${error}\n`);
    return output;
  } finally {
    release();
  }
};

export const dlqRedrive = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, {
    ...OPTIONS,
    ...FILTER_OPTIONS,
    ...CHANGE_OPTIONS,
    rate: { type: 'string' },
    to: { type: 'string' },
  });
  if (values.help) return console.log(DLQ_REDRIVE_USAGE);
  const name = oneQueue(positionals, DLQ_REDRIVE_USAGE);
  const rate = parseRate(values.rate ?? '10');
  if (rate === null) throw new UsageError(`--rate: "${values.rate}" is not a rate in 1..500 per second`);
  const input: RedriveInput = {
    queue: name,
    to: values.to,
    filter: filterOf(values),
    ratePerSecond: rate,
    dryRun: values['dry-run'] === true,
  };
  const json = values.json === true;
  const output = await withContext(values, (ctx) => redrive(ctx, input, { yes: values.yes === true, json }));
  if (json) return printJson(output);
  const verb = output.dry_run ? 'would move' : 'moved';
  console.log(
    `${output.queue} → ${output.destination} on ${output.target} (${output.mode}, ${output.rate_per_second}/s): ` +
      `${output.outcome}; ${countsLine(output.counts, verb, output.dry_run)} in ${(output.elapsed_ms / 1000).toFixed(1)} s` +
      `${output.audit_id ? `; audit ${output.audit_id}` : ''}`,
  );
  for (const message of output.would_move)
    console.log(`  would move ${message.message_id} (${message.event_id ?? '?'})`);
};
