import { mkdir, open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { archiveMessages } from '../../shared/ops/dlq-archive.ts';
import { describeFilter, hasFilter } from '../../shared/ops/dlq-message.ts';
import type { DlqArchiveOutput } from '../../shared/ops/schemas.ts';
import { CHANGE_OPTIONS, COMMON_HELP, confirm, parseCommand, printJson, UsageError } from './cli.ts';
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
  withContext,
  writeAudit,
} from './dlq-shared.ts';

// `dlq archive`: write matching dead letters as JSON lines, then delete them.

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
      const outcome = moveOutcome(dryRun, result);
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
