import { describe, expect, it } from 'vitest';
import { VendorRecordError } from '../../../../../shared/sync/engine/errors.ts';
import {
  fromLineWorksGroup,
  fromLineWorksUser,
} from '../../../../../shared/sync/engine/vendors/lineworks.ts';
import { lineWorksGroup, lineWorksUser } from '../fixtures.ts';

describe('Function: fromLineWorksUser', () => {
  it('normalises a user with the family name first', () => {
    // Act
    const user = fromLineWorksUser(structuredClone(lineWorksUser));

    // Assess
    expect(user).toEqual({
      external_id: 'c4d2f9e0-5b1a-4b5a-9cde-0000000000a1',
      username: 'taro.yamada@example.co.jp',
      display_name: '山田 太郎',
      email: 'taro.yamada@example.co.jp',
      is_bot: false,
      is_deleted: false,
      is_suspended: false,
    });
  });

  it('flags isDeleted as deleted, and isSuspended or isPending as suspended', () => {
    // Prepare
    const raws = [{ isDeleted: true }, { isSuspended: true }, { isPending: true }].map((flags) => ({
      ...structuredClone(lineWorksUser),
      ...flags,
    }));

    // Act
    const users = raws.map(fromLineWorksUser);

    // Assess
    expect(users.map((user) => [user.is_deleted, user.is_suspended])).toEqual([
      [true, false],
      [false, true],
      [false, true],
    ]);
  });

  it('falls back to the user id without an e-mail address or a name', () => {
    // Prepare
    const raw = { ...structuredClone(lineWorksUser), email: null, userName: null };

    // Act
    const user = fromLineWorksUser(raw);

    // Assess
    expect(user).toMatchObject({ username: raw.userId, display_name: raw.userId, email: null });
  });

  it('rejects a user whose flags are not booleans', () => {
    // Prepare
    const raw = { ...structuredClone(lineWorksUser), isDeleted: 'false' };

    // Act
    const act = () => fromLineWorksUser(raw);

    // Assess
    expect(act).toThrow(VendorRecordError);
    expect(act).toThrow(/^LINE WORKS user c4d2f9e0-5b1a-4b5a-9cde-0000000000a1 is malformed: isDeleted: /);
  });
});

describe('Function: fromLineWorksGroup', () => {
  it('normalises a group', () => {
    // Act
    const group = fromLineWorksGroup(structuredClone(lineWorksGroup));

    // Assess
    expect(group).toEqual({
      external_id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
      kind: 'group',
      name: '営業部',
      parent_id: null,
      is_private: false,
      is_archived: false,
    });
  });
});
