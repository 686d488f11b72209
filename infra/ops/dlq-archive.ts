import { mkdir, open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  type ArchiveInput,
  type ArchiveSink,
  planArchive,
  runArchive,
} from '../../shared/ops/dlq-archive.ts';
import { hasFilter } from '../../shared/ops/dlq-message.ts';
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

/** Opens `<dir>/<queue>-<time>.jsonl` for appending; each write is flushed to disk (fsync) before it resolves. */
const openArchiveFile = async (dir: string, queue: string) => {
  const file = join(dir, `${queue}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
  await mkdir(dir, { recursive: true });
  const handle = await open(file, 'a', 0o600);
  const sink: ArchiveSink = {
    file,
    write: async (lines) => {
      await handle.write(`${lines.join('\n')}\n`);
      await handle.sync();
    },
  };
  return { sink, close: () => handle.close() };
};

const archive = async (
  ctx: OpsContext,
  input: ArchiveInput,
  options: { dir: string; yes: boolean; json: boolean },
) => {
  const plan = await planArchive(ctx, input);
  if (!input.dryRun) {
    const what = hasFilter(input.filter) ? 'the matching messages' : `all ~${plan.depth.visible} messages`;
    await confirm({
      yes: options.yes,
      question: `Archive ${what} of ${plan.queue.name} on ${ctx.target.label} to ${options.dir}, deleting them from the queue?`,
    });
  }
  const file = input.dryRun ? null : await openArchiveFile(options.dir, plan.queue.name);
  const progress = new MoveProgressLine(!options.json, 'archived');
  const { signal, release } = interruptible();
  try {
    const { output, errors } = await runArchive(ctx, plan, {
      sink: file?.sink ?? null,
      signal,
      onProgress: (current) => progress.update(current),
    });
    progress.done();
    for (const error of errors) process.stderr.write(`${error}\n`);
    return output;
  } finally {
    release();
    await file?.close();
  }
};

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
  const input: ArchiveInput = { queue: name, filter: filterOf(values), dryRun: values['dry-run'] === true };
  const options = { dir: resolve(values.to), yes: values.yes === true, json: values.json === true };
  const output = await withContext(values, (ctx) => archive(ctx, input, options));
  if (values.json) return printJson(output);
  const counts = countsLine(output.counts, output.dry_run ? 'would archive' : 'archived', output.dry_run);
  console.log(
    `${output.queue} on ${output.target}: ${output.outcome}; ${counts}` +
      `${output.file ? ` → ${output.file}` : ''}${output.audit_id ? `; audit ${output.audit_id}` : ''}`,
  );
};
