import { describe, expect, it } from 'vitest';
import type { DiffEntry } from '../../../../shared/sync/engine/diff.ts';
import type { ExternalUser } from '../../../../shared/sync/engine/records.ts';
import {
  type MappedUser,
  mapUsers,
  normaliseEmail,
  toUserMapping,
  UserMappingSchema,
} from '../../../../shared/sync/engine/user-mapping.ts';

const user = (
  external_id: string,
  email: string | null,
  overrides: Partial<ExternalUser> = {},
): ExternalUser => ({
  external_id,
  username: external_id,
  display_name: external_id,
  email,
  is_bot: false,
  is_deleted: false,
  is_suspended: false,
  ...overrides,
});

describe('Function: normaliseEmail', () => {
  it.each([
    ['lower-cases', 'Taro.Yamada@Example.CO.JP', 'taro.yamada@example.co.jp'],
    ['trims whitespace', '  taro@example.jp\t', 'taro@example.jp'],
    ['folds full-width characters (NFKC)', 'ＴＡＲＯ＠ｅｘａｍｐｌｅ．ｊｐ', 'taro@example.jp'],
    ['trims an ideographic space', '\u3000taro@example.jp\u3000', 'taro@example.jp'],
    [
      'keeps dots and plus tags of gmail-style addresses',
      'Taro.Y+alerts@gmail.com',
      'taro.y+alerts@gmail.com',
    ],
  ])('%s', (_, raw, expected) => {
    // Act
    const email = normaliseEmail(raw);

    // Assess
    expect(email).toBe(expected);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['an empty string', '   '],
    ['a value without @', 'taro.example.jp'],
  ])('is null for %s', (_, raw) => {
    // Act
    const email = normaliseEmail(raw);

    // Assess
    expect(email).toBeNull();
  });
});

describe('Function: mapUsers', () => {
  const directory = new Map([
    ['Taro.Yamada@example.co.jp', 'internal-1'],
    ['hanako@example.co.jp', 'internal-2'],
  ]);

  it('maps users to internal users by normalised e-mail and keeps the unmatched with null', () => {
    // Prepare
    const users = [
      user('U1', 'ＴＡＲＯ.ＹＡＭＡＤＡ@example.co.jp '),
      user('U2', 'nobody@example.co.jp'),
      user('U3', null),
    ];

    // Act
    const result = mapUsers(users, directory);

    // Assess
    expect(result.users.map((mapped) => mapped.internal_user_id)).toEqual(['internal-1', null, null]);
    expect(result.users[0]?.email).toBe('ＴＡＲＯ.ＹＡＭＡＤＡ@example.co.jp ');
    expect(result.warnings).toEqual([]);
  });

  it('does not match a gmail-style variant of an address', () => {
    // Prepare
    const gmail = new Map([['taroyamada@gmail.com', 'internal-9']]);

    // Act
    const result = mapUsers(
      [user('U1', 'taro.yamada@gmail.com'), user('U2', 'taroyamada+x@gmail.com')],
      gmail,
    );

    // Assess
    expect(result.users.map((mapped) => mapped.internal_user_id)).toEqual([null, null]);
  });

  it('maps both vendor users that share an e-mail address and warns about each', () => {
    // Prepare
    const users = [user('U1', 'hanako@example.co.jp'), user('U2', 'HANAKO@example.co.jp')];

    // Act
    const result = mapUsers(users, directory);

    // Assess
    expect(result.users.map((mapped) => mapped.internal_user_id)).toEqual(['internal-2', 'internal-2']);
    expect(result.warnings.map((warning) => [warning.code, warning.external_id])).toEqual([
      ['duplicate_vendor_email', 'U1'],
      ['duplicate_vendor_email', 'U2'],
    ]);
    expect(result.warnings[0]?.message).not.toContain('hanako');
  });

  it('does not count a deleted account or a bot as a duplicate', () => {
    // Prepare
    const users = [
      user('U1', 'hanako@example.co.jp'),
      user('U0', 'hanako@example.co.jp', { is_deleted: true }),
      user('B1', 'hanako@example.co.jp', { is_bot: true }),
    ];

    // Act
    const result = mapUsers(users, directory);

    // Assess
    expect(result.warnings).toEqual([]);
  });

  it('maps nobody to an address two internal users share, and warns', () => {
    // Prepare
    const shared = new Map([
      ['ops@example.co.jp', 'internal-1'],
      ['OPS@example.co.jp', 'internal-2'],
    ]);

    // Act
    const result = mapUsers([user('U1', 'ops@example.co.jp')], shared);

    // Assess
    expect(result.users[0]?.internal_user_id).toBeNull();
    expect(result.warnings.map((warning) => warning.code)).toEqual(['ambiguous_internal_email']);
  });
});

describe('Function: toUserMapping', () => {
  it('builds a valid mapping item with the deterministic mapping id', () => {
    // Prepare
    const record: MappedUser = { ...user('U1', 'taro@example.jp'), internal_user_id: 'internal-1' };
    const entry: DiffEntry<MappedUser> = {
      external_id: 'U1',
      record,
      content_hash: 'abc',
      sync_status: 'ACTIVE',
      last_synced_at: '2025-04-01T21:00:00.000Z',
    };

    // Act
    const item = toUserMapping({ tenant_id: 'acme', system_type: 'SLACK' })(entry);

    // Assess
    expect(UserMappingSchema.parse(item)).toEqual({
      mapping_id: 'acme#SLACK#U1',
      tenant_id: 'acme',
      system_type: 'SLACK',
      external_id: 'U1',
      internal_user_id: 'internal-1',
      external_username: 'U1',
      external_display_name: 'U1',
      external_email: 'taro@example.jp',
      sync_status: 'ACTIVE',
      last_synced_at: '2025-04-01T21:00:00.000Z',
      content_hash: 'abc',
    });
  });
});
