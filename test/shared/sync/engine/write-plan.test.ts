import { describe, expect, it } from 'vitest';
import { diffRecords } from '../../../../shared/sync/engine/diff.ts';
import { type GroupMapping, toGroupMapping } from '../../../../shared/sync/engine/group-mapping.ts';
import { TOMBSTONE_HASH } from '../../../../shared/sync/engine/mapping.ts';
import type { ExternalGroup } from '../../../../shared/sync/engine/records.ts';
import { countWrites, countWritesByOp, planWrites } from '../../../../shared/sync/engine/write-plan.ts';

const NOW = new Date('2025-04-01T21:00:00.000Z');
const context = { tenant_id: 'acme', system_type: 'SLACK' } as const;

const group = (external_id: string, name = external_id): ExternalGroup => ({
  external_id,
  kind: 'channel',
  name,
  parent_id: null,
  is_private: false,
  is_archived: false,
});

// What the first run stored for these groups.
const storedFor = (groups: ExternalGroup[]): GroupMapping[] => {
  const diff = diffRecords<ExternalGroup, GroupMapping>([], groups, new Date(0), { complete: true });
  return planWrites(diff, toGroupMapping(context)).writes.map((write) => write.item);
};

describe('Function: planWrites', () => {
  it('puts created, updates changed and soft-deletes removed mappings, writing nothing for unchanged ones', () => {
    // Prepare
    const stored = storedFor([group('C1'), group('C2'), group('C3')]);
    const fetched = [group('C1'), group('C2', 'renamed'), group('C4')];
    const diff = diffRecords(stored, fetched, NOW, { complete: true });

    // Act
    const plan = planWrites(diff, toGroupMapping(context));

    // Assess
    expect(plan.writes.map((write) => [write.op, write.mapping_id])).toEqual([
      ['put', 'acme#SLACK#group#C4'],
      ['update', 'acme#SLACK#group#C2'],
      ['soft_delete', 'acme#SLACK#group#C3'],
    ]);
    expect(plan.writes[1]?.item).toMatchObject({
      name: 'renamed',
      last_synced_at: '2025-04-01T21:00:00.000Z',
    });
  });

  it('soft-deletes by keeping the whole item, INACTIVE with the tombstone hash', () => {
    // Prepare
    const [previous] = storedFor([group('C3')]);
    const diff = diffRecords(previous ? [previous] : [], [], NOW, { complete: true });

    // Act
    const plan = planWrites(diff, toGroupMapping(context));

    // Assess
    expect(plan.writes[0]?.item).toEqual({
      ...previous,
      sync_status: 'INACTIVE',
      content_hash: TOMBSTONE_HASH,
      last_synced_at: '2025-04-01T21:00:00.000Z',
    });
  });

  it('flags a mapping whose record failed to normalise as ERROR, keeping its fields', () => {
    // Prepare
    const [previous] = storedFor([group('C1')]);
    const failures = [{ external_id: 'C1', message: 'bad' }];
    const diff = diffRecords(previous ? [previous] : [], [], NOW, { complete: true, failures });

    // Act
    const plan = planWrites(diff, toGroupMapping(context));

    // Assess
    expect(plan.writes).toEqual([
      {
        op: 'update',
        mapping_id: 'acme#SLACK#group#C1',
        item: { ...previous, sync_status: 'ERROR', last_synced_at: '2025-04-01T21:00:00.000Z' },
      },
    ]);
  });
});

describe('Function: countWrites', () => {
  it('counts the writes, in total and per op', () => {
    // Prepare
    const diff = diffRecords(storedFor([group('C1')]), [group('C2')], NOW, { complete: true });
    const plan = planWrites(diff, toGroupMapping(context));

    // Act
    const total = countWrites(plan);
    const byOp = countWritesByOp(plan);

    // Assess
    expect(total).toBe(2);
    expect(byOp).toEqual({ put: 1, update: 0, soft_delete: 1 });
  });
});
