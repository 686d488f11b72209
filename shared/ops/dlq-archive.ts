import { type DlqFilter, matchesFilter } from './dlq-message.ts';
import type { MoveProgress } from './dlq-operations.ts';
import { PEEK_VISIBILITY_TIMEOUT_SECONDS, type ScanOptions, scanQueue } from './dlq-scan.ts';
import type { FailureLookup, QueueOps } from './ports.ts';
import type { MoveCounts } from './schemas.ts';

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
