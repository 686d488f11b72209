import { recordAudit } from './audit.ts';
import type { QueueDepth } from './dlq-age.ts';
import { type DlqFilter, describeFilter, matchesFilter } from './dlq-message.ts';
import type { MoveProgress } from './dlq-operations.ts';
import { type DlqProgress, moveOutcome, scanProgress } from './dlq-progress.ts';
import { depthOf, type ResolvedQueue, resolveQueue } from './dlq-queues.ts';
import { PEEK_VISIBILITY_TIMEOUT_SECONDS, type ScanOptions, scanQueue } from './dlq-scan.ts';
import type { DlqPorts, FailureLookup, QueueOps } from './ports.ts';
import type { DlqArchiveOutput, MoveCounts } from './schemas.ts';

export interface ArchiveOptions extends Partial<ScanOptions> {
  readonly filter: DlqFilter;
  readonly dryRun: boolean;
  readonly failures?: FailureLookup;
  readonly signal?: AbortSignal;
  /** Appends lines and makes them durable (fsync) before resolving. */
  readonly write: (lines: readonly string[]) => Promise<void>;
  readonly onProgress?: (progress: MoveProgress) => void;
}

/**
 * Archives matching messages: each batch is written as JSON lines and made durable, and only then deleted.
 * A crash between the two leaves messages both archived and in the DLQ, never in neither.
 */
export const archiveMessages = async (
  queues: QueueOps,
  url: string,
  options: ArchiveOptions,
): Promise<{ counts: MoveCounts; interrupted: boolean; errors: string[] }> => {
  const counts = { matched: 0, moved: 0, skipped: 0, failed: 0 };
  const errors: string[] = [];
  const pending: { line: string; receiptHandle: string; id: string }[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    await options.write(batch.map((entry) => entry.line));
    for (const entry of batch) {
      try {
        await queues.delete(url, entry.receiptHandle);
        counts.moved++;
      } catch (error) {
        counts.failed++;
        errors.push(`${entry.id}: archived, but delete failed: ${(error as Error).message}`);
      }
    }
    options.onProgress?.({ counts: { ...counts } });
  };
  await scanQueue(
    queues,
    url,
    {
      visibilityTimeoutSeconds: options.dryRun ? PEEK_VISIBILITY_TIMEOUT_SECONDS : 60,
      releaseAtEnd: true,
      ...options,
    },
    async (message, raw) => {
      if (!matchesFilter(message, options.filter)) {
        counts.skipped++;
        return 'continue';
      }
      counts.matched++;
      if (options.dryRun) return 'continue';
      const line = JSON.stringify({
        ...message,
        body: raw.body,
        archived_at: new Date().toISOString(),
      });
      pending.push({ line, receiptHandle: raw.receiptHandle, id: message.message_id });
      if (pending.length >= 10) await flush();
      return 'continue';
    },
  );
  if (!options.dryRun) await flush();
  return { counts, interrupted: options.signal?.aborted ?? false, errors };
};

// `dlq archive`: planned first (the operator confirms), then run into a sink the caller opened.

export interface ArchiveInput {
  readonly queue: string;
  readonly filter: DlqFilter;
  readonly dryRun: boolean;
}

export interface ArchivePlan {
  readonly input: ArchiveInput;
  readonly queue: ResolvedQueue;
  readonly depth: QueueDepth;
}

/** Where archived lines go: appended and made durable before `write` resolves; `file` is what is audited. */
export interface ArchiveSink {
  readonly file: string;
  write(lines: readonly string[]): Promise<void>;
}

/** Resolves the DLQ and reads its depth; changes nothing. */
export const planArchive = async (ports: DlqPorts, input: ArchiveInput): Promise<ArchivePlan> => {
  const queue = await resolveQueue(ports, input.queue);
  return { input, queue, depth: await depthOf(ports, queue.url) };
};

/** Archives (or, in a dry run, counts) the matching messages; writes the audit record of a real run. */
export const runArchive = async (
  ports: DlqPorts,
  plan: ArchivePlan,
  options: {
    readonly sink: ArchiveSink | null;
    readonly signal?: AbortSignal;
    readonly onProgress?: (progress: DlqProgress) => void;
  },
): Promise<{ output: DlqArchiveOutput; errors: readonly string[] }> => {
  const { filter, dryRun } = plan.input;
  const sink = dryRun ? null : options.sink;
  if (!dryRun && !sink) throw new Error('an archive needs a sink to write to');
  const result = await archiveMessages(ports.queues, plan.queue.url, {
    filter,
    dryRun,
    failures: ports.failures,
    signal: options.signal,
    emptyReceivesToStop: ports.emptyReceivesToStop,
    write: (lines) => sink!.write(lines),
    onProgress: ({ counts }) => options.onProgress?.(scanProgress(counts, plan.depth.visible, dryRun)),
  });
  const outcome = moveOutcome(dryRun, result);
  const audit_id = sink
    ? await recordAudit(ports, {
        command: 'dlq archive',
        queue: plan.queue.name,
        filters: describeFilter(filter),
        counts: result.counts,
        outcome,
        detail: { file: sink.file },
      })
    : null;
  const output: DlqArchiveOutput = {
    target: ports.target.label,
    queue: plan.queue.name,
    file: sink?.file ?? null,
    dry_run: dryRun,
    filter: describeFilter(filter),
    counts: result.counts,
    outcome,
    audit_id,
  };
  return { output, errors: result.errors };
};
