import { type DlqFilter, parseSince } from '../../shared/ops/dlq-message.ts';
import type { DlqProgress } from '../../shared/ops/dlq-progress.ts';
import type { MoveCounts } from '../../shared/ops/schemas.ts';
import { COMMON_OPTIONS, type Options, TARGET_HELP, TARGET_OPTIONS, UsageError } from './cli.ts';
import {
  DLQ_ALIASES,
  type OpsContext,
  openOpsContext,
  SQS_TARGET_HELP,
  SQS_TARGET_OPTIONS,
} from './dlq-context.ts';

/**
 * What the `ops dlq …` commands share: options, filters, the context, progress lines and interruption. The use
 * cases live in shared/ops, SQS and DynamoDB in shared/adapters/ops; the commands parse, confirm and print.
 */

export const FILTER_OPTIONS = {
  'tenant-id': { type: 'string' },
  provider: { type: 'string' },
  'event-type': { type: 'string' },
  error: { type: 'string' },
  since: { type: 'string' },
} as const satisfies Options;

export const FILTER_HELP = `  --tenant-id <id>          only this tenant's messages
  --provider <id>           only this provider's (stripe, github, …)
  --event-type <type>       only this event type
  --error <text>            failure code or message contains <text> (case-insensitive)
  --since <time>            failed (else sent) at or after: ISO-8601, or 30m, 2h, 7d back from now`;

export const QUEUE_HELP = `<queue> is ${DLQ_ALIASES.join(', ')} (resolved per stage), or a queue name.`;

export const OPTIONS = { ...COMMON_OPTIONS, ...TARGET_OPTIONS, ...SQS_TARGET_OPTIONS } as const;
export const ALL_TARGET_HELP = `${TARGET_HELP}\n${SQS_TARGET_HELP}`;

export const filterOf = (values: {
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

export const oneQueue = (positionals: string[], usage: string): string => {
  const [queue, ...extra] = positionals;
  if (!queue || extra.length > 0) throw new UsageError(`expected one <queue>\n\n${usage}`);
  return queue;
};

/** Opens the target's context, runs `run`, closes it; an unreachable local stand-in is explained. */
export const withContext = async <T>(
  values: Parameters<typeof openOpsContext>[0],
  run: (ctx: OpsContext) => Promise<T>,
) => {
  const ctx = openOpsContext(values);
  try {
    return await run(ctx);
  } catch (error) {
    throw ctx.explain(error);
  } finally {
    ctx.close();
  }
};

/** Where a redrive goes back to (the benchmark resolves it as the command does). */
export { sourceOf } from '../../shared/ops/dlq-queues.ts';

/** One line of progress on stderr: a bar when stderr is a terminal (redrawn in place), else a line per change. */
export class MoveProgressLine {
  private last = '';
  public constructor(
    private readonly enabled: boolean,
    /** What a matched message becomes: `moved`, `archived`. */
    private readonly verb: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  public update(progress: DlqProgress): void {
    if (!this.enabled) return;
    const line = progressText(progress, this.verb, this.stream.isTTY ? 30 : 0);
    if (line === this.last) return;
    this.last = line;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
  }

  public done(): void {
    if (this.enabled && this.stream.isTTY && this.last) this.stream.write('\n');
  }
}

/**
 * `[███░░░] 6/9 read; matched 2, moved 1, skipped 4, failed 0` (a scan: messages read of those in the queue)
 * or `5/8 moved (RUNNING)` (a move task); a width of 0 leaves the bar out. Done never exceeds the total.
 */
export const progressText = (progress: DlqProgress, verb: string, width = 0): string => {
  const scan = progress.kind === 'scan';
  const done = scan ? progress.read : progress.moved;
  const text = scan
    ? `read; ${countsLine(progress.counts, progress.dryRun ? `would ${verbStem(verb)}` : verb, progress.dryRun)}`
    : `moved (${progress.status})`;
  const filled = Math.round(Math.min(1, progress.total === 0 ? 1 : done / progress.total) * width);
  const bar = width > 0 ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ` : '';
  return `${bar}${done}/${progress.total} ${text}`;
};

/** `moved` → `move`, `archived` → `archive`: the verb after "would". */
const verbStem = (verb: string): string => verb.replace(/d$/, '');

/** Ctrl-C stops after the message in hand; a second Ctrl-C is the default (exit). */
export const interruptible = (): { signal: AbortSignal; release: () => void } => {
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

/**
 * The counts as one phrase. In a dry run nothing moves, so the verb's count is what would: every match.
 */
export const countsLine = (counts: MoveCounts, verb: string, dryRun = false) =>
  `matched ${counts.matched}, ${verb} ${dryRun ? counts.matched : counts.moved}, skipped ${counts.skipped}, failed ${counts.failed}`;
