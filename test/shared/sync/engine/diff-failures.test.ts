import { describe, expect, it } from 'vitest';
import { diffRecords } from '../../../../shared/sync/engine/diff.ts';
import { NOW, stored, user } from './diff-fixtures.ts';

// Records a connector could not normalise must never be mistaken for records the vendor no longer has.
describe('Function: diffRecords (unreadable records)', () => {
  it('flags a stored mapping whose record failed to normalise as errored instead of deleting it', () => {
    // Prepare
    const previous = stored(user('U1'));
    const failures = [{ external_id: 'U1', message: 'Slack member U1 is malformed: name: required' }];

    // Act
    const diff = diffRecords([previous], [], NOW, { complete: true, failures });

    // Assess
    expect(diff.deleted).toEqual([]);
    expect(diff.errored).toEqual([
      {
        external_id: 'U1',
        previous,
        message: failures[0]?.message,
        last_synced_at: '2025-04-01T21:00:00.000Z',
      },
    ]);
  });

  it('leaves a mapping already flagged ERROR unchanged while its record still fails', () => {
    // Prepare
    const previous = stored(user('U1'), 'ERROR');

    // Act
    const diff = diffRecords([previous], [], NOW, {
      complete: true,
      failures: [{ external_id: 'U1', message: 'bad' }],
    });

    // Assess
    expect(diff.unchanged).toEqual([previous]);
    expect(diff.errored).toEqual([]);
  });

  it('deletes nothing missing when a failed record had no readable id, and warns', () => {
    // Prepare
    const failures = [{ external_id: null, message: 'Slack member is malformed: id: required' }];

    // Act
    const diff = diffRecords([stored(user('U1'))], [], NOW, { complete: true, failures });

    // Assess
    expect(diff.deleted).toEqual([]);
    expect(diff.warnings.map((warning) => warning.code)).toEqual(['unidentified_failure']);
  });
});
