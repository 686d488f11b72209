import { randomUUID } from 'node:crypto';
import { type DlqFilter, parseSince } from '../../shared/ops/dlq-message.ts';
import type { AuditRecord, MoveCounts } from '../../shared/ops/schemas.ts';
import { COMMON_OPTIONS, type Options, TARGET_HELP, TARGET_OPTIONS, UsageError } from './cli.ts';
import {
  DLQ_ALIASES,
  type OpsContext,
  openOpsContext,
  SQS_TARGET_HELP,
  SQS_TARGET_OPTIONS,
} from './dlq-context.ts';

/** What the dlq commands share: options, filters, queue resolution, interruption and the audit write. */
/**
 * `ops dlq list | peek | redrive | cancel | status | archive`. Pure logic lives in shared/ops, SQS and DynamoDB
 * in shared/adapters/ops; this file parses options, asks for confirmation, prints, and writes the audit record.
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

export { depthOf, sourceOf } from '../../shared/ops/dlq-queues.ts';

/** One line of progress on stderr: a bar when the total is known, redrawn in place on a terminal. */
export class MoveProgressLine {
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

export const writeAudit = async (
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

export const countsLine = (counts: MoveCounts, verb: string) =>
  `matched ${counts.matched}, ${verb} ${counts.moved}, skipped ${counts.skipped}, failed ${counts.failed}`;

// ---------------------------------------------------------------------------------------------------- list

/** How a redrive or archive ended, for its summary and its audit record. */
export const moveOutcome = (
  dryRun: boolean,
  result: { readonly interrupted: boolean; readonly counts: { readonly failed: number } },
): 'dry_run' | 'interrupted' | 'failed' | 'completed' => {
  if (dryRun) return 'dry_run';
  if (result.interrupted) return 'interrupted';
  return result.counts.failed > 0 ? 'failed' : 'completed';
};
