/**
 * Raw vendor payloads shaped like the providers' documented responses (see ../shared/notes/providers.md),
 * with the extra fields real responses carry. Copy them with `structuredClone` before changing one.
 */

export const slackMember = {
  id: 'W012A3CDE',
  team_id: 'T012AB3C4',
  name: 'spengler',
  deleted: false,
  color: '9f69e7',
  real_name: 'Egon Spengler',
  tz: 'America/Los_Angeles',
  tz_label: 'Pacific Daylight Time',
  tz_offset: -25200,
  profile: {
    avatar_hash: 'ge3b51ca72de',
    status_text: 'Print is dead',
    status_emoji: ':books:',
    real_name: 'Egon Spengler',
    display_name: 'spengler',
    real_name_normalized: 'Egon Spengler',
    display_name_normalized: 'spengler',
    email: 'spengler@ghostbusters.example.com',
    team: 'T012AB3C4',
  },
  is_admin: true,
  is_owner: false,
  is_primary_owner: false,
  is_restricted: false,
  is_ultra_restricted: false,
  is_bot: false,
  is_app_user: false,
  updated: 1502138686,
  has_2fa: false,
};

export const slackBotMember = {
  id: 'W07QCRPA4',
  team_id: 'T012AB3C4',
  name: 'glinda',
  deleted: false,
  real_name: 'Glinda',
  is_bot: true,
  is_app_user: false,
  updated: 1502138686,
  profile: { bot_id: 'B07QCRPA2', api_app_id: 'A07QCRPA0', real_name: 'Glinda', display_name: '' },
};

export const slackbot = {
  id: 'USLACKBOT',
  team_id: 'T012AB3C4',
  name: 'slackbot',
  deleted: false,
  real_name: 'Slackbot',
  is_bot: false,
  is_app_user: false,
  updated: 0,
  profile: { real_name: 'Slackbot', display_name: 'Slackbot', email: null },
};

export const slackDeletedMember = {
  id: 'U0DEL3T3D',
  team_id: 'T012AB3C4',
  name: 'ray',
  deleted: true,
  is_bot: false,
  updated: 1690000000,
  profile: { real_name: 'Ray Stantz', display_name: '', email: 'ray@ghostbusters.example.com' },
};

export const slackChannel = {
  id: 'C012AB3CD',
  name: 'general',
  is_channel: true,
  is_group: false,
  is_im: false,
  is_mpim: false,
  created: 1449252889,
  creator: 'W012A3CDE',
  is_archived: false,
  is_general: true,
  name_normalized: 'general',
  is_shared: false,
  is_member: true,
  is_private: false,
  updated: 1678229664302,
  topic: { value: 'Company-wide announcements', creator: 'W012A3CDE', last_set: 1449709364 },
  purpose: { value: 'This channel is for team-wide communication.', creator: '', last_set: 0 },
  previous_names: [],
  num_members: 4,
};

export const graphUser = {
  businessPhones: ['+1 425 555 0109'],
  displayName: 'Adele Vance',
  id: '87d349ed-44d7-43e1-9a83-5f2406dee5bd',
  mail: 'AdeleV@contoso.com',
  userPrincipalName: 'AdeleV@contoso.com',
  accountEnabled: true,
};

export const graphGuest = {
  displayName: 'Alice (Guest)',
  id: '5d6e7f80-1a2b-4c3d-8e9f-a0b1c2d3e4f5',
  mail: null,
  userPrincipalName: 'alice_example.com#EXT#@contoso.onmicrosoft.com',
  accountEnabled: true,
};

export const graphRemovedUser = {
  '@odata.type': '#microsoft.graph.user',
  id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  '@removed': { reason: 'changed' },
};

export const graphTeam = {
  id: '172b0cce-e65d-44ce-9a49-91d9f2e8493a',
  createdDateTime: null,
  displayName: 'Contoso Team',
  description: 'This is a Contoso team, used to showcase the range of properties supported by this API',
  visibility: 'private',
  isArchived: false,
};

export const graphChannel = {
  id: '19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2',
  createdDateTime: '2020-05-27T19:22:25.692Z',
  displayName: 'General',
  description: 'AutoTestTeam_20210311_150740.2550_fim3udfdjen9',
  email: null,
  webUrl:
    'https://teams.microsoft.com/l/channel/19%3A561fbdbbfca848a484f0a6f00ce9dbbd%40thread.tacv2/General',
  membershipType: 'standard',
};

export const lineWorksUser = {
  domainId: 10000001,
  userId: 'c4d2f9e0-5b1a-4b5a-9cde-0000000000a1',
  userExternalKey: 'EMP-0001',
  isAdministrator: false,
  isPending: false,
  isSuspended: false,
  isDeleted: false,
  isAwaiting: false,
  email: 'taro.yamada@example.co.jp',
  userName: { lastName: '山田', firstName: '太郎', phoneticLastName: 'ヤマダ', phoneticFirstName: 'タロウ' },
  i18nNames: [],
  organizations: [{ domainId: 10000001, primary: true, email: 'taro.yamada@example.co.jp', orgUnits: [] }],
};

export const lineWorksGroup = {
  domainId: 10000001,
  groupId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  groupName: '営業部',
  description: '営業部の全員',
  serviceManageable: false,
  groupEmail: 'sales@example.co.jp',
};
