import { describe, expect, it } from 'vitest';
import {
  type FreshDirectory,
  type NotificationTarget,
  NotificationTargetSchema,
  resolveNotificationTargets,
} from '../../../../shared/sync/engine/notification-targets.ts';
import type { ExternalGroup, ExternalUser } from '../../../../shared/sync/engine/records.ts';

const channelTarget = NotificationTargetSchema.parse({
  target_id: 'alerts-ops',
  system_type: 'SLACK',
  kind: 'channel',
  external_id: 'C012AB3CD',
  name_snapshot: 'ops-alerts',
  alert_types: ['delivery_failed', 'dlq_filled'],
});

const userTarget = NotificationTargetSchema.parse({
  target_id: 'oncall-taro',
  system_type: 'SLACK',
  kind: 'user',
  external_id: 'W012A3CDE',
  name_snapshot: 'Taro',
  alert_types: ['sync_failed'],
});

const channel = (overrides: Partial<ExternalGroup> = {}): ExternalGroup => ({
  external_id: 'C012AB3CD',
  kind: 'channel',
  name: 'ops-alerts',
  parent_id: null,
  is_private: false,
  is_archived: false,
  ...overrides,
});

const person = (overrides: Partial<ExternalUser> = {}): ExternalUser => ({
  external_id: 'W012A3CDE',
  username: 'taro',
  display_name: 'Taro',
  email: 'taro@example.jp',
  is_bot: false,
  is_deleted: false,
  is_suspended: false,
  ...overrides,
});

const fresh = (groups: ExternalGroup[], users: ExternalUser[], complete = true): FreshDirectory => ({
  system_type: 'SLACK',
  groups: { records: groups, complete },
  users: { records: users, complete },
});

describe('Function: resolveNotificationTargets', () => {
  it('returns nothing when every target still resolves under the same name', () => {
    // Act
    const changes = resolveNotificationTargets([channelTarget, userTarget], fresh([channel()], [person()]));

    // Assess
    expect(changes).toEqual([]);
  });

  it('follows a channel rename', () => {
    // Act
    const changes = resolveNotificationTargets(
      [channelTarget],
      fresh([channel({ name: 'ops-alerts-jp' })], []),
    );

    // Assess
    expect(changes).toEqual([
      {
        target_id: 'alerts-ops',
        kinds: ['renamed'],
        previous: channelTarget,
        target: { ...channelTarget, name_snapshot: 'ops-alerts-jp' },
      },
    ]);
  });

  it('marks a target on an archived channel as broken', () => {
    // Act
    const changes = resolveNotificationTargets([channelTarget], fresh([channel({ is_archived: true })], []));

    // Assess
    expect(
      changes.map((change) => [change.kinds, change.target.status, change.target.broken_reason]),
    ).toEqual([[['broken'], 'broken', 'archived']]);
  });

  it('marks a target on a deleted or suspended user as broken, with the reason', () => {
    // Act
    const deleted = resolveNotificationTargets([userTarget], fresh([], [person({ is_deleted: true })]));
    const suspended = resolveNotificationTargets([userTarget], fresh([], [person({ is_suspended: true })]));

    // Assess
    expect(deleted[0]?.target).toMatchObject({ status: 'broken', broken_reason: 'deleted' });
    expect(suspended[0]?.target).toMatchObject({ status: 'broken', broken_reason: 'suspended' });
  });

  it('marks a target missing from a complete fetch as not found, keeping its last known name', () => {
    // Act
    const changes = resolveNotificationTargets([channelTarget, userTarget], fresh([], []));

    // Assess
    expect(changes.map((change) => change.target)).toEqual([
      { ...channelTarget, status: 'broken', broken_reason: 'not_found' },
      { ...userTarget, status: 'broken', broken_reason: 'not_found' },
    ]);
  });

  it('leaves a target missing from a partial fetch, or from a list not fetched, alone', () => {
    // Prepare
    const notFetched: FreshDirectory = { system_type: 'SLACK', users: null, groups: null };

    // Act
    const partial = resolveNotificationTargets([channelTarget, userTarget], fresh([], [], false));
    const skipped = resolveNotificationTargets([channelTarget, userTarget], notFetched);

    // Assess
    expect([...partial, ...skipped]).toEqual([]);
  });

  it('repairs a broken target whose channel is back, following its new name', () => {
    // Prepare
    const broken: NotificationTarget = { ...channelTarget, status: 'broken', broken_reason: 'archived' };

    // Act
    const changes = resolveNotificationTargets([broken], fresh([channel({ name: 'ops' })], []));

    // Assess
    expect(changes[0]?.kinds).toEqual(['renamed', 'repaired']);
    expect(changes[0]?.target).toMatchObject({ status: 'ok', broken_reason: null, name_snapshot: 'ops' });
  });

  it('ignores targets of other chat systems', () => {
    // Prepare
    const teamsTarget: NotificationTarget = { ...channelTarget, system_type: 'TEAMS' };

    // Act
    const changes = resolveNotificationTargets([teamsTarget], fresh([], []));

    // Assess
    expect(changes).toEqual([]);
  });
});
