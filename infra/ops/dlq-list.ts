import { AGE_METRIC_LOOKBACK_MINUTES, formatAge } from '../../shared/ops/dlq-age.ts';
import { listDlqs } from '../../shared/ops/dlq-list.ts';
import { NOT_IN_LOCAL_MODE } from '../../shared/ops/dlq-queues.ts';
import { PEEK_VISIBILITY_TIMEOUT_SECONDS } from '../../shared/ops/dlq-scan.ts';
import type { DlqListOutput } from '../../shared/ops/schemas.ts';
import { COMMON_HELP, parseCommand, printJson, UsageError } from './cli.ts';
import { DLQ_ALIASES, type OpsContext } from './dlq-context.ts';
import { ALL_TARGET_HELP, OPTIONS, withContext } from './dlq-shared.ts';

// `dlq list`: every DLQ at a glance; changes nothing.

export const DLQ_LIST_USAGE = `Usage: npm run ops -- dlq list (--local | --stage <s>) [options]

Every DLQ of the target (${DLQ_ALIASES.join(', ')}) with its depth, messages in flight, the age of its
oldest message, its source queues and any message move task (redrive) running on it.

The age, on a stage: CloudWatch's ApproximateAgeOfOldestMessage (the Maximum of the newest minute in the
last ${AGE_METRIC_LOOKBACK_MINUTES}), the time since the message reached the DLQ; needs cloudwatch:GetMetricData. In local mode,
which has no CloudWatch: the oldest SentTimestamp of the messages, read with a peek (each hidden for
${PEEK_VISIBILITY_TIMEOUT_SECONDS} seconds, then visible again; nothing is deleted), shown as "≥" when some could not be read.

Options:
${ALL_TARGET_HELP}
${COMMON_HELP}`;

/** The listing `dlq list` prints, for a context (the tests hand in one with a fake metrics service). */
export const listQueues = (ctx: OpsContext): Promise<DlqListOutput> => listDlqs(ctx);

const ageText = (queue: DlqListOutput['queues'][number]): string => {
  if (queue.oldest_age_seconds === null) return queue.depth + queue.in_flight > 0 ? ', oldest ?' : '';
  return `, oldest ${queue.age_source === 'sampled' ? '≥ ' : ''}${formatAge(queue.oldest_age_seconds)}`;
};

const missingText = (gone: DlqListOutput['missing'][number]): string =>
  gone.why === 'not_in_local_mode'
    ? `(not part of local mode: ${NOT_IN_LOCAL_MODE[gone.alias as keyof typeof NOT_IN_LOCAL_MODE] ?? gone.reason})`
    : `(absent: ${gone.reason})`;

export const dlqList = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, OPTIONS);
  if (values.help) return console.log(DLQ_LIST_USAGE);
  if (positionals.length > 0) throw new UsageError(`dlq list takes no arguments\n\n${DLQ_LIST_USAGE}`);
  const output = await withContext(values, listQueues);
  if (values.json) return printJson(output);
  console.log(`DLQs of ${output.target}`);
  for (const queue of output.queues) {
    const tasks = queue.move_tasks.map((task) => `${task.status} ${task.moved}/${task.to_move ?? '?'}`);
    console.log(
      `  ${queue.alias.padEnd(18)} ${String(queue.depth).padStart(6)} message${queue.depth === 1 ? ' ' : 's'}` +
        `${queue.in_flight ? ` (+${queue.in_flight} in flight)` : ''}${ageText(queue)}` +
        `  ← ${queue.source_queues.join(', ') || '(no source)'}` +
        `${tasks.length ? `  move task: ${tasks.join(', ')}` : ''}`,
    );
  }
  for (const gone of output.missing) console.log(`  ${gone.alias.padEnd(18)} ${missingText(gone)}`);
  for (const queue of output.queues) {
    if (queue.oldest_age_seconds === null && queue.age_note !== 'no messages')
      console.log(`  ${queue.alias}: age of the oldest message unknown: ${queue.age_note}`);
  }
  const sources = new Set(output.queues.map((queue) => queue.age_source));
  if (sources.has('cloudwatch'))
    console.log(
      '  age: CloudWatch ApproximateAgeOfOldestMessage, the time since the message reached the DLQ',
    );
  if (sources.has('all_messages') || sources.has('sampled'))
    console.log('  age: the oldest SentTimestamp, read with a peek (≥: not every message could be read)');
};
