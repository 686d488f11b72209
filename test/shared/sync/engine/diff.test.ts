import { describe, expect, it } from 'vitest';
import { diffRecords } from '../../../../shared/sync/engine/diff.ts';
import { contentHash } from '../../../../shared/sync/engine/hash.ts';
import { type MappingState, TOMBSTONE_HASH } from '../../../../shared/sync/engine/mapping.ts';
import type { ExternalGroup } from '../../../../shared/sync/engine/records.ts';
import { COMPLETE, NOW, stored, user } from './diff-fixtures.ts';

describe('Function: diffRecords', () => {
  it('creates a record that is not stored yet', () => {
    // Prepare
    const fetched = [user('U1')];

    // Act
    const diff = diffRecords([], fetched, NOW, COMPLETE);

    // Assess
    expect(diff.created).toEqual([
      {
        external_id: 'U1',
        record: fetched[0],
        content_hash: contentHash(fetched[0]),
        sync_status: 'ACTIVE',
        last_synced_at: '2025-04-01T21:00:00.000Z',
      },
    ]);
    expect(diff).toMatchObject({ updated: [], deleted: [], unchanged: [], errored: [], skipped: 0 });
  });

  it('leaves a record whose content hash and status are unchanged', () => {
    // Prepare
    const previous = stored(user('U1'));

    // Act
    const diff = diffRecords([previous], [user('U1')], NOW, COMPLETE);

    // Assess
    expect(diff.unchanged).toEqual([previous]);
    expect(diff.created.length + diff.updated.length + diff.deleted.length).toBe(0);
  });

  it('updates a record whose content hash changed', () => {
    // Prepare
    const previous = stored(user('U1'));
    const renamed = user('U1', { display_name: 'Renamed' });

    // Act
    const diff = diffRecords([previous], [renamed], NOW, COMPLETE);

    // Assess
    expect(diff.updated).toEqual([
      expect.objectContaining({
        external_id: 'U1',
        previous,
        content_hash: contentHash(renamed),
        record: renamed,
      }),
    ]);
    expect(diff.updated[0]?.content_hash).not.toBe(previous.content_hash);
  });

  it('does not see a change in key order', () => {
    // Prepare
    const { email, ...rest } = user('U1');
    const reordered = { email, ...rest };

    // Act
    const diff = diffRecords([stored(user('U1'))], [reordered], NOW, COMPLETE);

    // Assess
    expect(diff.unchanged).toHaveLength(1);
  });

  it('updates a suspended user to INACTIVE, and back to ACTIVE when reinstated', () => {
    // Prepare
    const suspended = user('U1', { is_suspended: true });

    // Act
    const suspension = diffRecords([stored(user('U1'))], [suspended], NOW, COMPLETE);
    const reinstatement = diffRecords([stored(suspended, 'INACTIVE')], [user('U1')], NOW, COMPLETE);

    // Assess
    expect(suspension.updated.map((entry) => entry.sync_status)).toEqual(['INACTIVE']);
    expect(reinstatement.updated.map((entry) => entry.sync_status)).toEqual(['ACTIVE']);
  });

  it('updates an archived channel to INACTIVE', () => {
    // Prepare
    const channel: ExternalGroup = {
      external_id: 'C1',
      kind: 'channel',
      name: 'ops',
      parent_id: null,
      is_private: false,
      is_archived: false,
    };

    // Act
    const diff = diffRecords([stored(channel)], [{ ...channel, is_archived: true }], NOW, COMPLETE);

    // Assess
    expect(diff.updated.map((entry) => entry.sync_status)).toEqual(['INACTIVE']);
  });

  it('deletes a user the vendor reports deleted, even in a partial fetch', () => {
    // Prepare
    const previous = stored(user('U1'));

    // Act
    const diff = diffRecords([previous], [user('U1', { is_deleted: true })], NOW, { complete: false });

    // Assess
    expect(diff.deleted).toEqual([
      { external_id: 'U1', previous, reason: 'vendor_deleted', last_synced_at: '2025-04-01T21:00:00.000Z' },
    ]);
  });

  it('deletes a record missing from a complete fetch', () => {
    // Prepare
    const previous = stored(user('U1'));

    // Act
    const diff = diffRecords([previous, stored(user('U2'))], [user('U2')], NOW, COMPLETE);

    // Assess
    expect(diff.deleted).toEqual([expect.objectContaining({ external_id: 'U1', reason: 'missing' })]);
    expect(diff.unchanged.map((state) => state.external_id)).toEqual(['U2']);
  });

  it('never deletes a record missing from a partial fetch', () => {
    // Prepare
    const previous = stored(user('U1'));

    // Act
    const diff = diffRecords([previous], [], NOW, { complete: false });

    // Assess
    expect(diff.deleted).toEqual([]);
    expect(diff.unchanged).toEqual([previous]);
  });

  it('skips bots entirely', () => {
    // Act
    const diff = diffRecords([], [user('B1', { is_bot: true })], NOW, COMPLETE);

    // Assess
    expect(diff).toMatchObject({ created: [], updated: [], deleted: [], unchanged: [], skipped: 1 });
  });

  it('skips a deleted user that was never stored', () => {
    // Act
    const diff = diffRecords([], [user('U1', { is_deleted: true })], NOW, COMPLETE);

    // Assess
    expect(diff).toMatchObject({ created: [], deleted: [], skipped: 1 });
  });

  it('deletes a stored user that became a bot', () => {
    // Act
    const diff = diffRecords([stored(user('U1'))], [user('U1', { is_bot: true })], NOW, COMPLETE);

    // Assess
    expect(diff.deleted).toEqual([expect.objectContaining({ external_id: 'U1', reason: 'became_bot' })]);
  });

  it('leaves an already deleted mapping alone, whether the vendor lists it as deleted or not at all', () => {
    // Prepare
    const tombstone: MappingState = {
      external_id: 'U1',
      content_hash: TOMBSTONE_HASH,
      sync_status: 'INACTIVE',
    };

    // Act
    const listed = diffRecords(
      [tombstone],
      [user('U1', { is_deleted: true, display_name: 'x' })],
      NOW,
      COMPLETE,
    );
    const gone = diffRecords([tombstone], [], NOW, COMPLETE);

    // Assess
    expect(listed.unchanged).toEqual([tombstone]);
    expect(gone.unchanged).toEqual([tombstone]);
    expect(listed.deleted.length + gone.deleted.length).toBe(0);
  });

  it('updates a deleted mapping whose user comes back', () => {
    // Prepare
    const tombstone: MappingState = {
      external_id: 'U1',
      content_hash: TOMBSTONE_HASH,
      sync_status: 'INACTIVE',
    };

    // Act
    const diff = diffRecords([tombstone], [user('U1')], NOW, COMPLETE);

    // Assess
    expect(diff.updated).toEqual([expect.objectContaining({ external_id: 'U1', sync_status: 'ACTIVE' })]);
  });

  it('uses the last of duplicate records in one fetch and warns', () => {
    // Prepare
    const fetched = [user('U1', { display_name: 'Old' }), user('U1', { display_name: 'New' })];

    // Act
    const diff = diffRecords([], fetched, NOW, COMPLETE);

    // Assess
    expect(diff.created.map((entry) => entry.record.display_name)).toEqual(['New']);
    expect(diff.warnings).toEqual([
      {
        code: 'duplicate_external_id',
        external_id: 'U1',
        message: 'external id U1 was fetched more than once; the last copy is used',
      },
    ]);
  });
});
