import { randomUUID } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type DlqFilter,
  describeFilter,
  hasFilter,
  parseRate,
  parseSince,
} from '../../shared/ops/dlq-message.ts';
import {
  archiveMessages,
  moveFiltered,
  moveWithTask,
  PEEK_VISIBILITY_TIMEOUT_SECONDS,
  peekMessages,
} from '../../shared/ops/dlq-operations.ts';
import type {
  AuditRecord,
  DlqArchiveOutput,
  DlqCancelOutput,
  DlqListOutput,
  DlqPeekOutput,
  DlqRedriveOutput,
  DlqStatusOutput,
  MoveCounts,
} from '../../shared/ops/schemas.ts';
import {
  CHANGE_OPTIONS,
  COMMON_HELP,
  COMMON_OPTIONS,
  confirm,
  NotFoundError,
  type Options,
  parseCommand,
  printJson,
  TARGET_HELP,
  TARGET_OPTIONS,
  UsageError,
} from './cli.ts';
import {
  DLQ_ALIASES,
  type OpsContext,
  openOpsContext,
  type ResolvedQueue,
  SQS_TARGET_HELP,
  SQS_TARGET_OPTIONS,
} from './dlq-context.ts';

/**
 * `ops dlq list | peek | redrive | cancel | status | archive`. Pure logic lives in shared/ops, SQS and DynamoDB
 * in shared/adapters/ops; this file parses options, asks for confirmation, prints, and writes the audit record.
 */

const FILTER_OPTIONS = {
  'tenant-id': { type: 'string' },
  provider: { type: 'string' },
  'event-type': { type: 'string' },
  error: { type: 'string' },
  since: { type: 'string' },
} as const satisfies Options;

const FILTER_HELP = `  --tenant-id <id>          only this tenant's messages
  --provider <id>           only this provider's (stripe, github, …)
  --event-type <type>       only this event type
  --error <text>            failure code or message contains <text> (case-insensitive)
  --since <time>            failed (else sent) at or after: ISO-8601, or 30m, 2h, 7d back from now`;

const QUEUE_HELP = `<queue> is ${DLQ_ALIASES.join(', ')} (resolved per stage), or a queue name.`;

const OPTIONS = { ...COMMON_OPTIONS, ...TARGET_OPTIONS, ...SQS_TARGET_OPTIONS } as const;
const ALL_TARGET_HELP = `${TARGET_HELP}\n${SQS_TARGET_HELP}`;

const filterOf = (values: {
  'tenant-id'?: string;
  provider?: string;
  'event-type'?: string;
  error?: string;
  since?: string;
}): DlqFilter => {
  let since: Date | undefined;
  if (values.since !== undefined) {
    const parsed = parseSince(values.since);
    if (!parsed) throw new UsageError(`--since: "${values.since}" is neither ISO-8601 nor like 30m, 2h, 7d`);
    since = parsed;
  }
  return {
    ...(values['tenant-id'] !== undefined ? { tenantId: values['tenant-id'] } : {}),
    ...(values.provider !== undefined ? { provider: values.provider } : {}),
    ...(values['event-type'] !== undefined ? { eventType: values['event-type'] } : {}),
    ...(values.error !== undefined ? { error: values.error } : {}),
    ...(since ? { since } : {}),
  };
};

const oneQueue = (positionals: string[], usage: string): string => {
  const [queue, ...extra] = positionals;
  if (!queue || extra.length > 0) throw new UsageError(`expected one <queue>\n\n${usage}`);
  return queue;
};

const withContext = async <T>(
  values: Parameters<typeof openOpsContext>[0],
  run: (ctx: OpsContext) => Promise<T>,
) => {
  const ctx = openOpsContext(values);
  try {
    return await run(ctx);
  } finally {
    ctx.close();
  }
};

const depthOf = async (ctx: OpsContext, url: string) => {
  const attributes = await ctx.queues.attributes(url);
  return {
    visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
};

/** The source queue a redrive goes back to: the only queue whose redrive policy names this DLQ. */
const sourceOf = async (ctx: OpsContext, queue: ResolvedQueue, to: string | undefined) => {
  if (to !== undefined) return ctx.resolveQueue(to);
  const sources = await ctx.queues.sourceQueues(queue.url);
  if (sources.length !== 1) {
    throw new UsageError(
      `${queue.name} has ${sources.length} source queues (${sources.join(', ') || 'none'}): say where with --to <queue>`,
    );
  }
  return ctx.resolveQueue(sources[0]!.split('/').at(-1)!);
};

/** One line of progress on stderr: a bar when the total is known, redrawn in place on a terminal. */
class MoveProgressLine {
  private last = '';
  public constructor(
    private readonly enabled: boolean,
    private readonly total: number | null,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  public update(done: number, text: string): void {
    if (!this.enabled) return;
    const width = this.stream.isTTY ? 30 : 0;
    let bar = '';
    if (width > 0 && this.total !== null) {
      const filled = Math.round(Math.min(1, this.total === 0 ? 1 : done / this.total) * width);
      bar = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] `;
    }
    const line = `${bar}${done}${this.total !== null ? `/${this.total}` : ''} ${text}`;
    if (line === this.last) return;
    this.last = line;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
  }

  public done(): void {
    if (this.enabled && this.stream.isTTY && this.last) this.stream.write('\n');
  }
}

/** Ctrl-C stops after the message in hand; a second Ctrl-C is the default (exit). */
const interruptible = (): { signal: AbortSignal; release: () => void } => {
  const controller = new AbortController();
  const onSignal = () => {
    process.stderr.write('\ninterrupted: stopping after the message in hand…\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
};

const writeAudit = async (
  ctx: OpsContext,
  entry: Omit<AuditRecord, 'id' | 'at' | 'who' | 'stage'>,
): Promise<string> => {
  const record: AuditRecord = {
    id: randomUUID(),
    at: new Date().toISOString(),
    who: await ctx.who(),
    stage: ctx.target.stage,
    ...entry,
  };
  await ctx.audit.write(record);
  return record.id;
};

const countsLine = (counts: MoveCounts, verb: string) =>
  `matched ${counts.matched}, ${verb} ${counts.moved}, skipped ${counts.skipped}, failed ${counts.failed}`;

// ---------------------------------------------------------------------------------------------------- list

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

export const DLQ_REDRIVE_USAGE = `Usage: npm run ops -- dlq redrive <queue> (--local | --stage <s>) [filters] [options]

Moves messages back for another try. Without filters: SQS's own message move task (StartMessageMoveTask),
followed to completion. With filters: receive → send a copy (body and attributes) → delete the original
only after the send succeeded, so an interruption (Ctrl-C) loses nothing; at most a message is in both
queues, and the consumers are idempotent. Non-matching messages stay. ${QUEUE_HELP}
Writes an audit record.

Options:
  --rate <n>[/s]            messages per second (default 10; 1..500)
  --to <queue>              where to (default: the DLQ's source queue); inbound, delivery, or a queue name
${FILTER_HELP}
  --dry-run                 move nothing; report what would move
  -y, --yes                 do not ask for confirmation
${ALL_TARGET_HELP}
${COMMON_HELP}`;

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
      const result = await moveFiltered(ctx.queues, queue.url, destination!.url, {
        filter,
        ratePerSecond: rate,
        dryRun,
        failures: ctx.failures,
        signal,
        emptyReceivesToStop: ctx.emptyReceivesToStop,
        onProgress: ({ counts }) =>
          progress.update(counts.moved + counts.skipped + counts.failed, countsLine(counts, 'moved')),
      });
      progress.done();
      for (const error of result.errors) process.stderr.write(`${error}\n`);
      const outcome = dryRun
        ? ('dry_run' as const)
        : result.interrupted
          ? ('interrupted' as const)
          : result.counts.failed > 0
            ? ('failed' as const)
            : ('completed' as const);
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

export const DLQ_STATUS_USAGE = `Usage: npm run ops -- dlq status <queue> (--local | --stage <s>) [options]

The message move tasks (native redrives) of a DLQ, newest first. ${QUEUE_HELP}

Options:
${ALL_TARGET_HELP}
${COMMON_HELP}`;

export const dlqStatus = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, OPTIONS);
  if (values.help) return console.log(DLQ_STATUS_USAGE);
  const name = oneQueue(positionals, DLQ_STATUS_USAGE);
  const output = await withContext(values, async (ctx): Promise<DlqStatusOutput> => {
    const queue = await ctx.resolveQueue(name);
    return { target: ctx.target.label, queue: queue.name, tasks: await ctx.queues.moveTasks(queue.arn) };
  });
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
  const output = await withContext(values, async (ctx): Promise<DlqCancelOutput> => {
    const queue = await ctx.resolveQueue(name);
    const running = (await ctx.queues.moveTasks(queue.arn)).find((task) => task.status === 'RUNNING');
    if (!running?.task_handle)
      throw new NotFoundError(`${queue.name} on ${ctx.target.label}: no running move task`);
    const base = { target: ctx.target.label, queue: queue.name, dry_run: dryRun, cancelled: running };
    if (dryRun) return { ...base, moved_before_cancel: null, audit_id: null };
    await confirm({
      yes: values.yes === true,
      question: `Cancel the move task of ${queue.name} on ${ctx.target.label} (${running.moved} moved so far)?`,
    });
    const moved = await ctx.queues.cancelMoveTask(running.task_handle);
    const audit_id = await writeAudit(ctx, {
      command: 'dlq cancel',
      queue: queue.name,
      filters: {},
      counts: { moved: moved ?? running.moved },
      outcome: 'cancelled',
      detail: { task_handle: running.task_handle },
    });
    return { ...base, moved_before_cancel: moved, audit_id };
  });
  if (values.json) return printJson(output);
  console.log(
    output.dry_run
      ? `would cancel the move task of ${output.queue} (${output.cancelled?.moved ?? 0} moved so far)`
      : `cancelled the move task of ${output.queue}; ${output.moved_before_cancel ?? '?'} moved before; audit ${output.audit_id}`,
  );
};

// ---------------------------------------------------------------------------------------------------- archive

export const DLQ_ARCHIVE_USAGE = `Usage: npm run ops -- dlq archive <queue> --to <dir> (--local | --stage <s>) [filters] [options]

Writes the matching messages as JSON lines to <dir>/<queue>-<time>.jsonl (each batch flushed to disk with
fsync) and only then deletes them from the DLQ. ${QUEUE_HELP} Writes an audit record.

Options:
  --to <dir>                the directory of the archive file (created if missing)
${FILTER_HELP}
  --dry-run                 write and delete nothing; count what would be archived
  -y, --yes                 do not ask for confirmation
${ALL_TARGET_HELP}
${COMMON_HELP}`;

export const dlqArchive = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, {
    ...OPTIONS,
    ...FILTER_OPTIONS,
    ...CHANGE_OPTIONS,
    to: { type: 'string' },
  });
  if (values.help) return console.log(DLQ_ARCHIVE_USAGE);
  const name = oneQueue(positionals, DLQ_ARCHIVE_USAGE);
  if (!values.to) throw new UsageError(`--to <dir> is required\n\n${DLQ_ARCHIVE_USAGE}`);
  const filter = filterOf(values);
  const dryRun = values['dry-run'] === true;
  const dir = resolve(values.to);
  const output = await withContext(values, async (ctx): Promise<DlqArchiveOutput> => {
    const queue = await ctx.resolveQueue(name);
    const depth = await depthOf(ctx, queue.url);
    if (!dryRun) {
      await confirm({
        yes: values.yes === true,
        question: `Archive ${hasFilter(filter) ? 'the matching messages' : `all ~${depth.visible} messages`} of ${queue.name} on ${ctx.target.label} to ${dir}, deleting them from the queue?`,
      });
    }
    const file = dryRun
      ? null
      : join(dir, `${queue.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
    if (file) await mkdir(dir, { recursive: true });
    const handle = file ? await open(file, 'a', 0o600) : null;
    const progress = new MoveProgressLine(!values.json, depth.visible);
    const { signal, release } = interruptible();
    try {
      const result = await archiveMessages(ctx.queues, queue.url, {
        filter,
        dryRun,
        failures: ctx.failures,
        signal,
        emptyReceivesToStop: ctx.emptyReceivesToStop,
        write: async (lines) => {
          await handle!.write(`${lines.join('\n')}\n`);
          await handle!.sync();
        },
        onProgress: ({ counts }) => progress.update(counts.moved, countsLine(counts, 'archived')),
      });
      progress.done();
      for (const error of result.errors) process.stderr.write(`${error}\n`);
      const outcome = dryRun
        ? ('dry_run' as const)
        : result.interrupted
          ? ('interrupted' as const)
          : result.counts.failed > 0
            ? ('failed' as const)
            : ('completed' as const);
      const audit_id = dryRun
        ? null
        : await writeAudit(ctx, {
            command: 'dlq archive',
            queue: queue.name,
            filters: describeFilter(filter),
            counts: result.counts,
            outcome,
            detail: { file: file ?? '' },
          });
      return {
        target: ctx.target.label,
        queue: queue.name,
        file,
        dry_run: dryRun,
        filter: describeFilter(filter),
        counts: result.counts,
        outcome,
        audit_id,
      };
    } finally {
      release();
      await handle?.close();
    }
  });
  if (values.json) return printJson(output);
  console.log(
    `${output.queue} on ${output.target}: ${output.outcome}; ${countsLine(output.counts, output.dry_run ? 'would archive' : 'archived')}` +
      `${output.file ? ` → ${output.file}` : ''}${output.audit_id ? `; audit ${output.audit_id}` : ''}`,
  );
};
