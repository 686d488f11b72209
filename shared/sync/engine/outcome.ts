import * as z from 'zod';
import { type ChatSystem, ChatSystemSchema } from '../../tenants/destinations.ts';
import type { RecordDiff } from './diff.ts';

/** What one child sync covers: users, channels/teams/groups (`teams`, the spec's name), notification targets. */
export const SYNC_TYPES = ['users', 'teams', 'notifications'] as const;
export const SyncTypeSchema = z.enum(SYNC_TYPES);
export type SyncType = z.infer<typeof SyncTypeSchema>;

/** SUCCESS: no failures; PARTIAL: some records failed to map or write; FAILED: auth or another fatal error. */
export const SYNC_RESULTS = ['SUCCESS', 'PARTIAL', 'FAILED'] as const;
export const SyncResultSchema = z.enum(SYNC_RESULTS);
export type SyncResult = z.infer<typeof SyncResultSchema>;

/** How many records one sync saw and what it did with them. */
export interface SyncCounts {
  /** Records the vendor returned, bots and unreadable ones included. */
  readonly processed: number;
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  /** Records that failed to map or to write. */
  readonly failed: number;
}

/** The result of one tenant × system × sync type. */
export interface SyncOutcome {
  readonly tenant_id: string;
  readonly system_type: ChatSystem;
  readonly sync_type: SyncType;
  readonly status: SyncResult;
  readonly counts: SyncCounts;
  readonly error_message: string | null;
}

/** What a child sync knows when it ends: its counts, the messages of failed records, or a fatal error. */
export interface OutcomeInput {
  readonly tenant_id: string;
  readonly system_type: ChatSystem;
  readonly sync_type: SyncType;
  readonly counts: SyncCounts;
  readonly failure_messages?: readonly string[];
  /** Set when the sync could not run or finish (auth, `invalid_grant`, a vendor outage after retries). */
  readonly fatal?: unknown;
}

// The history row is read by people and stored per row: keep it to a screenful.
const MAX_ERROR_MESSAGE = 1000;
const LISTED_FAILURES = 3;

const clip = (message: string): string =>
  message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE - 3)}...` : message;

const fatalMessage = (fatal: unknown): string => {
  if (fatal instanceof Error) return `${fatal.name}: ${fatal.message}`;
  return typeof fatal === 'string' && fatal !== '' ? fatal : 'the sync failed';
};

/** What a sync saw besides its diff: records received, and those that failed to normalise or to write. */
export interface CountInput {
  readonly processed: number;
  readonly map_failures: number;
  readonly write_failures?: number;
}

/** The counts of one diff (unreadable records are failures, whether or not they had a stored mapping). */
export const countDiff = (diff: RecordDiff<unknown, unknown>, input: CountInput): SyncCounts => ({
  processed: input.processed,
  created: diff.created.length,
  updated: diff.updated.length,
  deleted: diff.deleted.length,
  failed: input.map_failures + (input.write_failures ?? 0),
});

/** Classifies a finished (or aborted) sync as SUCCESS, PARTIAL or FAILED, with its error message. */
export const classifyOutcome = (input: OutcomeInput): SyncOutcome => {
  const { tenant_id, system_type, sync_type, counts } = input;
  const base = { tenant_id, system_type, sync_type, counts };
  if (input.fatal !== undefined) {
    return { ...base, status: 'FAILED', error_message: clip(fatalMessage(input.fatal)) };
  }
  if (counts.failed === 0) return { ...base, status: 'SUCCESS', error_message: null };
  const listed = (input.failure_messages ?? []).slice(0, LISTED_FAILURES);
  const summary = `${counts.failed} of ${counts.processed} record(s) failed`;
  return {
    ...base,
    status: 'PARTIAL',
    error_message: clip(listed.length > 0 ? `${summary}: ${listed.join('; ')}` : summary),
  };
};

/** A sync history row (the spec's 外部システム同期履歴). */
export const SyncHistoryRowSchema = z.object({
  sync_id: z.string().min(1),
  tenant_id: z.string().min(1),
  system_type: ChatSystemSchema,
  sync_type: SyncTypeSchema,
  started_at: z.iso.datetime(),
  completed_at: z.iso.datetime(),
  status: SyncResultSchema,
  processed_count: z.int().nonnegative(),
  created_count: z.int().nonnegative(),
  updated_count: z.int().nonnegative(),
  deleted_count: z.int().nonnegative(),
  error_message: z.string().nullable(),
});
export type SyncHistoryRow = z.infer<typeof SyncHistoryRowSchema>;

/** `<run>#<tenant>#<system>#<sync type>`: a retried child overwrites its row instead of adding a second one. */
export const syncId = (runId: string, tenantId: string, systemType: ChatSystem, syncType: SyncType): string =>
  `${runId}#${tenantId}#${systemType}#${syncType}`;

/** When the sync ran, as the injected clock saw it. */
export interface SyncTiming {
  readonly run_id: string;
  readonly started_at: Date;
  readonly completed_at: Date;
}

/** The history row of one outcome. */
export const toSyncHistoryRow = (outcome: SyncOutcome, timing: SyncTiming): SyncHistoryRow => ({
  sync_id: syncId(timing.run_id, outcome.tenant_id, outcome.system_type, outcome.sync_type),
  tenant_id: outcome.tenant_id,
  system_type: outcome.system_type,
  sync_type: outcome.sync_type,
  started_at: timing.started_at.toISOString(),
  completed_at: timing.completed_at.toISOString(),
  status: outcome.status,
  processed_count: outcome.counts.processed,
  created_count: outcome.counts.created,
  updated_count: outcome.counts.updated,
  deleted_count: outcome.counts.deleted,
  error_message: outcome.error_message,
});
