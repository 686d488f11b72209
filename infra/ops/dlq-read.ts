import { PEEK_VISIBILITY_TIMEOUT_SECONDS } from '../../shared/ops/dlq-operations.ts';
import { peekDlq } from '../../shared/ops/dlq-peek.ts';
import { COMMON_HELP, parseCommand, printJson, UsageError } from './cli.ts';
import {
  ALL_TARGET_HELP,
  FILTER_HELP,
  FILTER_OPTIONS,
  filterOf,
  OPTIONS,
  oneQueue,
  QUEUE_HELP,
  withContext,
} from './dlq-shared.ts';

// `dlq peek`: look, never change.

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
  const output = await withContext(values, (ctx) => peekDlq(ctx, { queue: name, filter, limit }));
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
