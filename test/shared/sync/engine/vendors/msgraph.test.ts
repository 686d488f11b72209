import { describe, expect, it } from 'vitest';
import { VendorRecordError } from '../../../../../shared/sync/engine/errors.ts';
import {
  fromGraphChannel,
  fromGraphTeam,
  fromGraphUser,
} from '../../../../../shared/sync/engine/vendors/msgraph.ts';
import { graphChannel, graphGuest, graphRemovedUser, graphTeam, graphUser } from '../fixtures.ts';

describe('Function: fromGraphUser', () => {
  it('normalises a user of GET /users', () => {
    // Act
    const user = fromGraphUser(structuredClone(graphUser));

    // Assess
    expect(user).toEqual({
      external_id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      username: 'AdeleV@contoso.com',
      display_name: 'Adele Vance',
      email: 'AdeleV@contoso.com',
      is_bot: false,
      is_deleted: false,
      is_suspended: false,
    });
  });

  it('does not take a guest UPN for an e-mail address', () => {
    // Act
    const user = fromGraphUser(structuredClone(graphGuest));

    // Assess
    expect(user).toMatchObject({ username: 'alice_example.com#EXT#@contoso.onmicrosoft.com', email: null });
  });

  it('flags accountEnabled: false as suspended, and an absent accountEnabled as not', () => {
    // Prepare
    const disabled = { ...structuredClone(graphUser), accountEnabled: false };
    const { accountEnabled: _, ...unselected } = structuredClone(graphUser);

    // Act
    const flags = [disabled, unselected].map((raw) => fromGraphUser(raw).is_suspended);

    // Assess
    expect(flags).toEqual([true, false]);
  });

  it('flags a delta entry with @removed as deleted', () => {
    // Act
    const user = fromGraphUser(structuredClone(graphRemovedUser));

    // Assess
    expect(user).toEqual({
      external_id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      username: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      display_name: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      email: null,
      is_bot: false,
      is_deleted: true,
      is_suspended: false,
    });
  });

  it('rejects a user without an id', () => {
    // Prepare
    const { id: _, ...raw } = structuredClone(graphUser);

    // Act
    const act = () => fromGraphUser(raw);

    // Assess
    expect(act).toThrow(VendorRecordError);
    expect(act).toThrow(/^Graph user is malformed: id: /);
  });
});

describe('Function: fromGraphTeam', () => {
  it('normalises a team, private by its visibility', () => {
    // Act
    const group = fromGraphTeam(structuredClone(graphTeam));

    // Assess
    expect(group).toEqual({
      external_id: '172b0cce-e65d-44ce-9a49-91d9f2e8493a',
      kind: 'team',
      name: 'Contoso Team',
      parent_id: null,
      is_private: true,
      is_archived: false,
    });
  });
});

describe('Function: fromGraphChannel', () => {
  it('normalises a channel with the <team id>/<channel id> id chat destinations use', () => {
    // Act
    const group = fromGraphChannel(structuredClone(graphChannel), graphTeam.id);

    // Assess
    expect(group).toEqual({
      external_id: '172b0cce-e65d-44ce-9a49-91d9f2e8493a/19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2',
      kind: 'team_channel',
      name: 'General',
      parent_id: '172b0cce-e65d-44ce-9a49-91d9f2e8493a',
      is_private: false,
      is_archived: false,
    });
  });

  it('treats private and shared channels as private', () => {
    // Prepare
    const raws = ['private', 'shared'].map((membershipType) => ({
      ...structuredClone(graphChannel),
      membershipType,
    }));

    // Act
    const flags = raws.map((raw) => fromGraphChannel(raw, graphTeam.id).is_private);

    // Assess
    expect(flags).toEqual([true, true]);
  });
});
