// Small normalised users and their stored state, shared by the diff tests.
import { contentHash } from '../../../../shared/sync/engine/hash.ts';
import type { MappingState } from '../../../../shared/sync/engine/mapping.ts';
import type { ExternalGroup, ExternalUser } from '../../../../shared/sync/engine/records.ts';

export const NOW = new Date('2025-04-01T21:00:00.000Z');
export const COMPLETE = { complete: true } as const;

export const user = (external_id: string, overrides: Partial<ExternalUser> = {}): ExternalUser => ({
  external_id,
  username: external_id.toLowerCase(),
  display_name: `User ${external_id}`,
  email: `${external_id.toLowerCase()}@example.com`,
  is_bot: false,
  is_deleted: false,
  is_suspended: false,
  ...overrides,
});

export const stored = (
  record: ExternalUser | ExternalGroup,
  sync_status: MappingState['sync_status'] = 'ACTIVE',
) => ({
  external_id: record.external_id,
  content_hash: contentHash(record),
  sync_status,
});
