import { contentHash } from './hash.ts';
import { type MappingState, TOMBSTONE_HASH } from './mapping.ts';
import type { RecordFailure } from './normalise.ts';
import { type ExternalRecord, isBotRecord, isDeletedRecord, isInactiveRecord } from './records.ts';
import type { SyncWarning } from './warnings.ts';

/** A record to store: new, or changed since it was stored. */
export interface DiffEntry<R> {
  readonly external_id: string;
  readonly record: R;
  readonly content_hash: string;
  readonly sync_status: 'ACTIVE' | 'INACTIVE';
  readonly last_synced_at: string;
}

/** A stored mapping whose record changed (content, or whether it is usable). */
export interface UpdateEntry<R, S> extends DiffEntry<R> {
  readonly previous: S;
}

/** Why a stored mapping is soft-deleted. */
export type DeletionReason = 'vendor_deleted' | 'missing' | 'became_bot';

/** A stored mapping to soft-delete (INACTIVE, kept for history). */
export interface DeleteEntry<S> {
  readonly external_id: string;
  readonly previous: S;
  readonly reason: DeletionReason;
  readonly last_synced_at: string;
}

/** A stored mapping whose fresh record could not be read: kept, and flagged ERROR rather than deleted. */
export interface ErrorEntry<S> {
  readonly external_id: string;
  readonly previous: S;
  readonly message: string;
  readonly last_synced_at: string;
}

/** The diff of one fetch against the stored mappings of one tenant × system. */
export interface RecordDiff<R, S> {
  readonly created: DiffEntry<R>[];
  readonly updated: UpdateEntry<R, S>[];
  readonly deleted: DeleteEntry<S>[];
  readonly unchanged: S[];
  readonly errored: ErrorEntry<S>[];
  /** Bots, and deleted users never stored: neither is written. */
  readonly skipped: number;
  readonly warnings: SyncWarning[];
}

/**
 * `complete` is required, not defaulted: only a fetch that read every page may turn absence into deletion,
 * and a connector should have to say so. `failures` are records the connector could not normalise.
 */
export interface DiffOptions {
  readonly complete: boolean;
  readonly failures?: readonly RecordFailure[];
}

type Draft<R, S> = { -readonly [K in keyof RecordDiff<R, S>]: RecordDiff<R, S>[K] };

const isTombstone = (state: MappingState): boolean =>
  state.sync_status === 'INACTIVE' && state.content_hash === TOMBSTONE_HASH;

// Cursor pagination over a list that changes mid-run can return a record twice; the later page is newer.
const dedupe = <R extends ExternalRecord>(fetched: readonly R[], warnings: SyncWarning[]): Map<string, R> => {
  const byId = new Map<string, R>();
  for (const record of fetched) {
    if (byId.has(record.external_id)) {
      const message = `external id ${record.external_id} was fetched more than once; the last copy is used`;
      warnings.push({ code: 'duplicate_external_id', external_id: record.external_id, message });
    }
    byId.set(record.external_id, record);
  }
  return byId;
};

const classifyFetched = <R extends ExternalRecord, S extends MappingState>(
  record: R,
  previous: S | undefined,
  diff: Draft<R, S>,
  last_synced_at: string,
): void => {
  const external_id = record.external_id;
  const gone = isBotRecord(record) ? 'became_bot' : isDeletedRecord(record) ? 'vendor_deleted' : null;
  if (gone !== null) {
    if (previous === undefined) diff.skipped++;
    else if (isTombstone(previous)) diff.unchanged.push(previous);
    else diff.deleted.push({ external_id, previous, reason: gone, last_synced_at });
    return;
  }
  const content_hash = contentHash(record);
  const sync_status = isInactiveRecord(record) ? 'INACTIVE' : 'ACTIVE';
  const entry = { external_id, record, content_hash, sync_status, last_synced_at } as const;
  if (previous === undefined) diff.created.push(entry);
  else if (previous.content_hash === content_hash && previous.sync_status === sync_status) {
    diff.unchanged.push(previous);
  } else diff.updated.push({ ...entry, previous });
};

const classifyUnfetched = <R, S extends MappingState>(
  previous: S,
  failure: RecordFailure | undefined,
  complete: boolean,
  diff: Draft<R, S>,
  last_synced_at: string,
): void => {
  const external_id = previous.external_id;
  if (failure !== undefined) {
    if (previous.sync_status === 'ERROR') diff.unchanged.push(previous);
    else diff.errored.push({ external_id, previous, message: failure.message, last_synced_at });
  } else if (!complete || isTombstone(previous)) {
    diff.unchanged.push(previous);
  } else {
    diff.deleted.push({ external_id, previous, reason: 'missing', last_synced_at });
  }
};

// A record we could not even identify might be any stored one, so absence proves nothing this run.
const readFailures = (options: DiffOptions, warnings: SyncWarning[]) => {
  const failures = options.failures ?? [];
  const failedById = new Map(
    failures.flatMap((f) => (f.external_id === null ? [] : [[f.external_id, f] as const])),
  );
  const unidentified = failures.filter((failure) => failure.external_id === null).length;
  if (options.complete && unidentified > 0) {
    const message = `${unidentified} record(s) had no readable id; nothing missing is deleted this run`;
    warnings.push({ code: 'unidentified_failure', external_id: null, message });
  }
  return { complete: options.complete && unidentified === 0, failedById };
};

/**
 * Sorts one fetch against the stored mappings by external id and content hash into created / updated /
 * deleted (soft) / unchanged / errored. Bots are never stored; a stored user that became a bot, a user the
 * vendor reports deleted, and (only after a complete fetch) a record no longer listed are deletions.
 */
export const diffRecords = <R extends ExternalRecord, S extends MappingState>(
  stored: readonly S[],
  fetched: readonly R[],
  now: Date,
  options: DiffOptions,
): RecordDiff<R, S> => {
  const diff: Draft<R, S> = {
    created: [],
    updated: [],
    deleted: [],
    unchanged: [],
    errored: [],
    skipped: 0,
    warnings: [],
  };
  const lastSyncedAt = now.toISOString();
  const storedById = new Map(stored.map((state) => [state.external_id, state]));
  const fetchedById = dedupe(fetched, diff.warnings);
  for (const record of fetchedById.values()) {
    classifyFetched(record, storedById.get(record.external_id), diff, lastSyncedAt);
  }
  const { complete, failedById } = readFailures(options, diff.warnings);
  for (const previous of storedById.values()) {
    if (fetchedById.has(previous.external_id)) continue;
    classifyUnfetched(previous, failedById.get(previous.external_id), complete, diff, lastSyncedAt);
  }
  return diff;
};
