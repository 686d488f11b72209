import { describe, expect, it } from 'vitest';
import { VendorRecordError } from '../../../../../shared/sync/engine/errors.ts';
import { fromSlackChannel, fromSlackMember } from '../../../../../shared/sync/engine/vendors/slack.ts';
import { slackBotMember, slackbot, slackChannel, slackDeletedMember, slackMember } from '../fixtures.ts';

describe('Function: fromSlackMember', () => {
  it('normalises a users.list member', () => {
    // Act
    const user = fromSlackMember(structuredClone(slackMember));

    // Assess
    expect(user).toEqual({
      external_id: 'W012A3CDE',
      username: 'spengler',
      display_name: 'spengler',
      email: 'spengler@ghostbusters.example.com',
      is_bot: false,
      is_deleted: false,
      is_suspended: false,
    });
  });

  it('falls back to the real name when the display name is empty, and to null without an email', () => {
    // Prepare
    const raw = structuredClone(slackMember);
    raw.profile.display_name = '';
    delete (raw.profile as Partial<typeof raw.profile>).email;

    // Act
    const user = fromSlackMember(raw);

    // Assess
    expect(user).toMatchObject({ display_name: 'Egon Spengler', email: null });
  });

  it('flags bots, app users and Slackbot as bots', () => {
    // Prepare
    const appUser = { ...structuredClone(slackMember), id: 'W0APPUSER', is_app_user: true };

    // Act
    const flags = [slackBotMember, appUser, slackbot].map((raw) => fromSlackMember(raw).is_bot);

    // Assess
    expect(flags).toEqual([true, true, true]);
  });

  it('flags a deactivated member as deleted', () => {
    // Act
    const user = fromSlackMember(structuredClone(slackDeletedMember));

    // Assess
    expect(user).toMatchObject({ external_id: 'U0DEL3T3D', display_name: 'Ray Stantz', is_deleted: true });
  });

  it('rejects a member without a name, naming its id but not its data', () => {
    // Prepare
    const raw: Record<string, unknown> = structuredClone(slackMember);
    delete raw.name;

    // Act
    const act = () => fromSlackMember(raw);

    // Assess
    expect(act).toThrow(VendorRecordError);
    expect(act).toThrow(/^Slack member W012A3CDE is malformed: name: /);
    expect(act).not.toThrow(/ghostbusters/);
  });
});

describe('Function: fromSlackChannel', () => {
  it('normalises a conversations.list channel', () => {
    // Act
    const group = fromSlackChannel(structuredClone(slackChannel));

    // Assess
    expect(group).toEqual({
      external_id: 'C012AB3CD',
      kind: 'channel',
      name: 'general',
      parent_id: null,
      is_private: false,
      is_archived: false,
    });
  });

  it('keeps the private and archived flags', () => {
    // Prepare
    const raw = { ...structuredClone(slackChannel), id: 'G0PRIVATE', is_private: true, is_archived: true };

    // Act
    const group = fromSlackChannel(raw);

    // Assess
    expect(group).toMatchObject({ is_private: true, is_archived: true });
  });
});
