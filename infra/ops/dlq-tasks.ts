import { cancelMoveTask, moveTaskStatus, planCancel } from '../../shared/ops/dlq-tasks.ts';
import { CHANGE_OPTIONS, COMMON_HELP, confirm, parseCommand, printJson } from './cli.ts';
import { ALL_TARGET_HELP, OPTIONS, oneQueue, QUEUE_HELP, withContext } from './dlq-shared.ts';

// `dlq status` and `dlq cancel`: the DLQ's message move tasks.

export const DLQ_STATUS_USAGE = `Usage: npm run ops -- dlq status <queue> (--local | --stage <s>) [options]

The message move tasks (native redrives) of a DLQ, newest first. ${QUEUE_HELP}

Options:
${ALL_TARGET_HELP}
${COMMON_HELP}`;

export const dlqStatus = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, OPTIONS);
  if (values.help) return console.log(DLQ_STATUS_USAGE);
  const name = oneQueue(positionals, DLQ_STATUS_USAGE);
  const output = await withContext(values, (ctx) => moveTaskStatus(ctx, { queue: name }));
  if (values.json) return printJson(output);
  if (output.tasks.length === 0) return console.log(`${output.queue} on ${output.target}: no move tasks`);
  for (const task of output.tasks) {
    console.log(
      `${task.status.padEnd(10)} moved ${task.moved}/${task.to_move ?? '?'} at ${task.max_per_second ?? '?'}/s` +
        ` started ${task.started_at ?? '?'}${task.failure_reason ? `  ${task.failure_reason}` : ''}`,
    );
  }
};

export const DLQ_CANCEL_USAGE = `Usage: npm run ops -- dlq cancel <queue> (--local | --stage <s>) [options]

Cancels the running message move task of a DLQ; messages already moved stay moved. ${QUEUE_HELP}
Writes an audit record.

Options:
  --dry-run                 only show the task that would be cancelled
  -y, --yes                 do not ask for confirmation
${ALL_TARGET_HELP}
${COMMON_HELP}`;

export const dlqCancel = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, { ...OPTIONS, ...CHANGE_OPTIONS });
  if (values.help) return console.log(DLQ_CANCEL_USAGE);
  const name = oneQueue(positionals, DLQ_CANCEL_USAGE);
  const dryRun = values['dry-run'] === true;
  const output = await withContext(values, async (ctx) => {
    const plan = await planCancel(ctx, { queue: name });
    if (!dryRun) {
      await confirm({
        yes: values.yes === true,
        question: `Cancel the move task of ${plan.queue.name} on ${ctx.target.label} (${plan.running.moved} moved so far)?`,
      });
    }
    return cancelMoveTask(ctx, plan, { dryRun });
  });
  if (values.json) return printJson(output);
  console.log(
    output.dry_run
      ? `would cancel the move task of ${output.queue} (${output.cancelled?.moved ?? 0} moved so far)`
      : `cancelled the move task of ${output.queue}; ${output.moved_before_cancel ?? '?'} moved before; audit ${output.audit_id}`,
  );
};
