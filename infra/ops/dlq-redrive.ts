import { type DlqFilter, describeFilter, hasFilter, parseRate } from '../../shared/ops/dlq-message.ts';
import { moveWithTask } from '../../shared/ops/dlq-move-task.ts';
import {
  type FilteredMoveOptions,
  type FilteredMoveResult,
  moveFiltered,
} from '../../shared/ops/dlq-operations.ts';
import type { DlqRedriveOutput } from '../../shared/ops/schemas.ts';
import { CHANGE_OPTIONS, COMMON_HELP, confirm, parseCommand, printJson, UsageError } from './cli.ts';
import type { OpsContext, ResolvedQueue } from './dlq-context.ts';
import {
  ALL_TARGET_HELP,
  countsLine,
  depthOf,
  FILTER_HELP,
  FILTER_OPTIONS,
  filterOf,
  interruptible,
  MoveProgressLine,
  moveOutcome,
  OPTIONS,
  oneQueue,
  QUEUE_HELP,
  sourceOf,
  withContext,
  writeAudit,
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

/**
 * The filtered redrive exactly as `dlq redrive <queue> <filters>` runs it on a context: its queues, its
 * failure lookup and its scan settings (the benchmark calls this too, so it measures what operators run).
 */
export const redriveMatching = (
  ctx: OpsContext,
  from: ResolvedQueue,
  to: ResolvedQueue,
  options: { filter: DlqFilter; ratePerSecond: number; dryRun: boolean } & Pick<
    FilteredMoveOptions,
    'signal' | 'onProgress'
  >,
): Promise<FilteredMoveResult> =>
  moveFiltered(ctx.queues, from.url, to.url, {
    ...options,
    failures: ctx.failures,
    emptyReceivesToStop: ctx.emptyReceivesToStop,
  });

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
  const filter = filterOf(values);
  const dryRun = values['dry-run'] === true;
  const json = values.json === true;
  const output = await withContext(values, async (ctx): Promise<DlqRedriveOutput> => {
    const started = Date.now();
    const queue = await ctx.resolveQueue(name);
    const depth = await depthOf(ctx, queue.url);
    const filtered = hasFilter(filter);
    const destination = filtered || values.to !== undefined ? await sourceOf(ctx, queue, values.to) : null;
    const destinationLabel = destination?.name ?? '(each message’s source queue)';
    const base = {
      target: ctx.target.label,
      queue: queue.name,
      destination: destinationLabel,
      mode: filtered ? ('filtered' as const) : ('move_task' as const),
      dry_run: dryRun,
      rate_per_second: rate,
      filter: describeFilter(filter),
    };
    if (!filtered && dryRun) {
      return {
        ...base,
        counts: { matched: depth.visible, moved: 0, skipped: 0, failed: 0 },
        outcome: 'dry_run',
        task: null,
        would_move: [],
        elapsed_ms: Date.now() - started,
        audit_id: null,
      };
    }
    if (!dryRun) {
      await confirm({
        yes: values.yes === true,
        question:
          `Redrive ${filtered ? 'the matching messages of' : `all ~${depth.visible} messages of`} ${queue.name} ` +
          `to ${destinationLabel} on ${ctx.target.label} at ${rate}/s?`,
      });
    }
    if (filtered && depth.inFlight > 0) {
      process.stderr.write(
        `note: ${depth.inFlight} message(s) of ${queue.name} are in flight (being peeked or moved elsewhere); ` +
          'this run does not see them\n',
      );
    }
    const progress = new MoveProgressLine(!json, depth.visible);
    const { signal, release } = interruptible();
    try {
      if (!filtered) {
        const task = await moveWithTask(ctx.queues, {
          sourceArn: queue.arn,
          destinationArn: destination?.arn,
          ratePerSecond: rate,
          signal,
          onProgress: (current) => progress.update(current.moved, `moved (${current.status})`),
        });
        progress.done();
        const counts = { matched: task.to_move ?? task.moved, moved: task.moved, skipped: 0, failed: 0 };
        const outcome =
          task.status === 'COMPLETED'
            ? ('completed' as const)
            : task.status === 'CANCELLED'
              ? ('cancelled' as const)
              : task.status === 'FAILED'
                ? ('failed' as const)
                : ('interrupted' as const);
        const audit_id = await writeAudit(ctx, {
          command: 'dlq redrive',
          queue: queue.name,
          filters: base.filter,
          counts,
          outcome,
          detail: {
            mode: 'move_task',
            destination: destinationLabel,
            rate_per_second: String(rate),
            task_handle: task.task_handle ?? '',
            ...(task.failure_reason ? { failure_reason: task.failure_reason } : {}),
          },
        });
        return { ...base, counts, outcome, task, would_move: [], elapsed_ms: Date.now() - started, audit_id };
      }
      const result = await redriveMatching(ctx, queue, destination!, {
        filter,
        ratePerSecond: rate,
        dryRun,
        signal,
        onProgress: ({ counts }) =>
          progress.update(counts.moved + counts.skipped + counts.failed, countsLine(counts, 'moved')),
      });
      progress.done();
      for (const error of result.errors) process.stderr.write(`${error}\n`);
      const outcome = moveOutcome(dryRun, result);
      const audit_id = dryRun
        ? null
        : await writeAudit(ctx, {
            command: 'dlq redrive',
            queue: queue.name,
            filters: base.filter,
            counts: result.counts,
            outcome,
            detail: { mode: 'filtered', destination: destinationLabel, rate_per_second: String(rate) },
          });
      return {
        ...base,
        counts: result.counts,
        outcome,
        task: null,
        would_move: result.wouldMove,
        elapsed_ms: Date.now() - started,
        audit_id,
      };
    } finally {
      release();
    }
  });
  if (json) return printJson(output);
  const verb = output.dry_run ? 'would move' : 'moved';
  console.log(
    `${output.queue} → ${output.destination} on ${output.target} (${output.mode}, ${output.rate_per_second}/s): ` +
      `${output.outcome}; ${countsLine(output.counts, verb)} in ${(output.elapsed_ms / 1000).toFixed(1)} s` +
      `${output.audit_id ? `; audit ${output.audit_id}` : ''}`,
  );
  for (const message of output.would_move)
    console.log(`  would move ${message.message_id} (${message.event_id ?? '?'})`);
};

// ---------------------------------------------------------------------------------------------------- status / cancel
