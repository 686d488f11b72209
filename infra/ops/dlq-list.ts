import {
  AGE_METRIC_LOOKBACK_MINUTES,
  formatAge,
  type OldestMessageAge,
  oldestAgeFromMetric,
  oldestAgeFromQueue,
  oldestAgeUnavailable,
  type QueueDepth,
} from '../../shared/ops/dlq-age.ts';
import { PEEK_VISIBILITY_TIMEOUT_SECONDS } from '../../shared/ops/dlq-scan.ts';
import type { DlqListOutput } from '../../shared/ops/schemas.ts';
import { COMMON_HELP, NotFoundError, parseCommand, printJson, UsageError } from './cli.ts';
import { DLQ_ALIASES, type OpsContext, type ResolvedQueue } from './dlq-context.ts';
import { ALL_TARGET_HELP, depthOf, OPTIONS, withContext } from './dlq-shared.ts';

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

interface ListedQueue {
  readonly queue: ResolvedQueue;
  readonly depth: QueueDepth;
}

/** Each queue's oldest-message age: one metrics call for all of them on a stage, a peek per queue locally. */
const agesOf = async (ctx: OpsContext, listed: readonly ListedQueue[]): Promise<OldestMessageAge[]> => {
  if (ctx.local) {
    const ages: OldestMessageAge[] = [];
    for (const { queue, depth } of listed) {
      ages.push(
        await oldestAgeFromQueue(ctx.queues, queue.url, {
          depth,
          now: Date.now,
          emptyReceivesToStop: ctx.emptyReceivesToStop,
        }),
      );
    }
    return ages;
  }
  try {
    const metrics = await ctx.queueAgeMetrics();
    const readings = metrics
      ? await metrics.oldestMessageAges(
          listed.map(({ queue }) => queue.name),
          { now: new Date(), lookbackMinutes: AGE_METRIC_LOOKBACK_MINUTES },
        )
      : new Map();
    return listed.map(({ queue, depth }) => oldestAgeFromMetric(readings.get(queue.name), depth));
  } catch (error) {
    // The rest of the listing is still worth having without the ages.
    return listed.map(({ depth }) => oldestAgeUnavailable((error as Error).message, depth));
  }
};

/** The listing `dlq list` prints: resolved DLQs with depth, age, sources and running move tasks. */
export const listQueues = async (ctx: OpsContext): Promise<DlqListOutput> => {
  const listed: (ListedQueue & { alias: string })[] = [];
  const missing: DlqListOutput['missing'] = [];
  for (const alias of DLQ_ALIASES) {
    try {
      const queue = await ctx.resolveQueue(alias);
      listed.push({ alias, queue, depth: await depthOf(ctx, queue.url) });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      missing.push({ alias, reason: error.message });
    }
  }
  const ages = await agesOf(ctx, listed);
  const queues: DlqListOutput['queues'] = [];
  for (const [index, { alias, queue, depth }] of listed.entries()) {
    const sources = await ctx.queues.sourceQueues(queue.url);
    const tasks = await ctx.queues.moveTasks(queue.arn).catch(() => []);
    const age = ages[index]!;
    queues.push({
      alias,
      name: queue.name,
      url: queue.url,
      arn: queue.arn,
      depth: depth.visible,
      in_flight: depth.inFlight,
      oldest_age_seconds: age.seconds,
      age_source: age.source,
      age_note: age.note,
      source_queues: sources.map((url) => url.split('/').at(-1) ?? url),
      move_tasks: tasks.filter((task) => task.status === 'RUNNING' || task.status === 'CANCELLING'),
    });
  }
  return { target: ctx.target.label, queues, missing };
};

const ageText = (queue: DlqListOutput['queues'][number]): string => {
  if (queue.oldest_age_seconds === null) return queue.depth + queue.in_flight > 0 ? ', oldest ?' : '';
  return `, oldest ${queue.age_source === 'sampled' ? '≥ ' : ''}${formatAge(queue.oldest_age_seconds)}`;
};

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
  for (const gone of output.missing) console.log(`  ${gone.alias.padEnd(18)} (absent: ${gone.reason})`);
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
