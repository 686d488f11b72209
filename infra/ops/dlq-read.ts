import { describeFilter } from '../../shared/ops/dlq-message.ts';
import { PEEK_VISIBILITY_TIMEOUT_SECONDS, peekMessages } from '../../shared/ops/dlq-operations.ts';
import type { DlqListOutput, DlqPeekOutput } from '../../shared/ops/schemas.ts';
import { COMMON_HELP, NotFoundError, parseCommand, printJson, UsageError } from './cli.ts';
import { DLQ_ALIASES, type ResolvedQueue } from './dlq-context.ts';
import {
  ALL_TARGET_HELP,
  depthOf,
  FILTER_HELP,
  FILTER_OPTIONS,
  filterOf,
  OPTIONS,
  oneQueue,
  QUEUE_HELP,
  withContext,
} from './dlq-shared.ts';

// `dlq list` and `dlq peek`: look, never change.

export const DLQ_LIST_USAGE = `Usage: npm run ops -- dlq list (--local | --stage <s>) [options]

Every DLQ of the target (${DLQ_ALIASES.join(', ')}) with its depth, messages in flight, its source
queues and any message move task (redrive) running on it. Reads queue attributes only: receives nothing.

Options:
${ALL_TARGET_HELP}
${COMMON_HELP}`;

const AGE_NOTE =
  'SQS queue attributes carry no age: see the CloudWatch metric ApproximateAgeOfOldestMessage, or `dlq peek`';

export const dlqList = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, OPTIONS);
  if (values.help) return console.log(DLQ_LIST_USAGE);
  if (positionals.length > 0) throw new UsageError(`dlq list takes no arguments\n\n${DLQ_LIST_USAGE}`);
  const output = await withContext(values, async (ctx): Promise<DlqListOutput> => {
    const queues: DlqListOutput['queues'] = [];
    const missing: DlqListOutput['missing'] = [];
    for (const alias of DLQ_ALIASES) {
      let queue: ResolvedQueue;
      try {
        queue = await ctx.resolveQueue(alias);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        missing.push({ alias, reason: error.message });
        continue;
      }
      const depth = await depthOf(ctx, queue.url);
      const sources = await ctx.queues.sourceQueues(queue.url);
      const tasks = await ctx.queues.moveTasks(queue.arn).catch(() => []);
      queues.push({
        alias,
        name: queue.name,
        url: queue.url,
        arn: queue.arn,
        depth: depth.visible,
        in_flight: depth.inFlight,
        oldest_age_seconds: null,
        age_note: AGE_NOTE,
        source_queues: sources.map((url) => url.split('/').at(-1) ?? url),
        move_tasks: tasks.filter((task) => task.status === 'RUNNING' || task.status === 'CANCELLING'),
      });
    }
    return { target: ctx.target.label, queues, missing };
  });
  if (values.json) return printJson(output);
  console.log(`DLQs of ${output.target}`);
  for (const queue of output.queues) {
    const tasks = queue.move_tasks.map((task) => `${task.status} ${task.moved}/${task.to_move ?? '?'}`);
    console.log(
      `  ${queue.alias.padEnd(18)} ${String(queue.depth).padStart(6)} messages` +
        `${queue.in_flight ? ` (+${queue.in_flight} in flight)` : ''}  ← ${queue.source_queues.join(', ') || '(no source)'}` +
        `${tasks.length ? `  move task: ${tasks.join(', ')}` : ''}`,
    );
  }
  for (const gone of output.missing) console.log(`  ${gone.alias.padEnd(18)} (absent: ${gone.reason})`);
  console.log(`  age of the oldest message: ${AGE_NOTE}`);
};

// ---------------------------------------------------------------------------------------------------- peek

export const DLQ_PEEK_USAGE = `Usage: npm run ops -- dlq peek <queue> (--local | --stage <s>) [options]

Decoded messages with their attributes and failure reason (from the message's attributes, else from the
delivery log). Never deletes: peeked messages are received with a ${PEEK_VISIBILITY_TIMEOUT_SECONDS}-second visibility timeout and are
visible again right after. ${QUEUE_HELP}

Options:
  --limit <n>               at most n matching messages (default 10)
${FILTER_HELP}
${ALL_TARGET_HELP}
${COMMON_HELP}`;

export const dlqPeek = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, {
    ...OPTIONS,
    ...FILTER_OPTIONS,
    limit: { type: 'string' },
  });
  if (values.help) return console.log(DLQ_PEEK_USAGE);
  const name = oneQueue(positionals, DLQ_PEEK_USAGE);
  const limit = values.limit === undefined ? 10 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit: a positive integer');
  const filter = filterOf(values);
  const output = await withContext(values, async (ctx): Promise<DlqPeekOutput> => {
    const queue = await ctx.resolveQueue(name);
    const { scanned, messages } = await peekMessages(ctx.queues, queue.url, {
      filter,
      limit,
      failures: ctx.failures,
      emptyReceivesToStop: ctx.emptyReceivesToStop,
    });
    return { target: ctx.target.label, queue: queue.name, filter: describeFilter(filter), scanned, messages };
  });
  if (values.json) return printJson(output);
  console.log(
    `${output.queue} on ${output.target}: ${output.messages.length} matching of ${output.scanned} seen`,
  );
  for (const message of output.messages) {
    const reason = message.failure
      ? `${message.failure.code}: ${message.failure.message} (attempts ${message.failure.attempts}, last status ${message.failure.last_status ?? '-'}, ${message.failure.failed_at}; from ${message.failure_source})`
      : '(no recorded reason)';
    console.log(
      `\n${message.message_id}  ${message.kind}  event ${message.event_id ?? '?'}${message.route_id ? `  route ${message.route_id}` : ''}`,
    );
    console.log(
      `  tenant ${message.tenant_id ?? '?'}  provider ${message.provider ?? '?'}  type ${message.event_type ?? '?'}  sent ${message.sent_at ?? '?'}  receives ${message.receive_count ?? '?'}`,
    );
    console.log(`  reason: ${reason}`);
  }
};

// ---------------------------------------------------------------------------------------------------- redrive
