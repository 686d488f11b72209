import { createHash } from 'node:crypto';
import type * as z from 'zod';
import type { LineWorksGroupSchema, LineWorksUserSchema } from '../../../shared/vendors/lineworks/index.ts';
import type {
  GraphChannelSchema,
  GraphTeamSchema,
  GraphUserSchema,
} from '../../../shared/vendors/msgraph/index.ts';
import type { SlackChannelSchema, SlackMemberSchema } from '../../../shared/vendors/slack/index.ts';

/**
 * Seed data for the fake vendors: one platform tenant becomes a Slack workspace, a Microsoft 365 tenant and a
 * LINE WORKS domain holding the same people, in each vendor's own record shape. Deterministic for a given seed,
 * so a re-run sees "no upstream change" and tests can name what they expect.
 */

/** One tenant to generate; counts default to a small, varied directory. */
export interface FakeTenantSeed {
  readonly id: string;
  /** Directory entries per vendor, bots, deleted and suspended people included. */
  readonly users?: number;
  /** Slack bots (`is_bot`); Graph shows them as accounts without mail, LINE WORKS as ordinary users. */
  readonly bots?: number;
  readonly deleted?: number;
  readonly suspended?: number;
  /** Slack channels and LINE WORKS groups. */
  readonly channels?: number;
  /** Of `channels`, archived ones (Slack `is_archived`, hidden by `exclude_archived`). */
  readonly archivedChannels?: number;
  readonly teams?: number;
  /** Channels per team besides General; the last one of each team is archived. */
  readonly channelsPerTeam?: number;
}

/** Every tenant to generate, and the PRNG seed. */
export interface FakeVendorSeed {
  readonly tenants: readonly FakeTenantSeed[];
  readonly random?: number;
}

// Each record in its vendor's own shape: the same schemas the platform parses them with.
type VendorRecord<S extends z.ZodType> = z.input<S>;

/** One tenant, as each vendor holds it. */
export interface FakeTenantData {
  readonly id: string;
  readonly slack: {
    readonly teamId: string;
    readonly members: VendorRecord<typeof SlackMemberSchema>[];
    readonly channels: VendorRecord<typeof SlackChannelSchema>[];
  };
  readonly msgraph: {
    readonly tenantId: string;
    readonly users: VendorRecord<typeof GraphUserSchema>[];
    readonly teams: {
      readonly team: VendorRecord<typeof GraphTeamSchema>;
      readonly channels: VendorRecord<typeof GraphChannelSchema>[];
    }[];
  };
  readonly lineworks: {
    readonly domainId: number;
    readonly users: VendorRecord<typeof LineWorksUserSchema>[];
    readonly groups: VendorRecord<typeof LineWorksGroupSchema>[];
    /** The domain's bot and the talk rooms (channels) it has joined, one per group. */
    readonly bot: { readonly botId: number; readonly channelIds: string[] };
  };
}

const DEFAULTS = {
  users: 25,
  bots: 2,
  deleted: 2,
  suspended: 1,
  channels: 6,
  archivedChannels: 1,
  teams: 3,
  channelsPerTeam: 2,
} as const;

const GIVEN = [
  'Haruto',
  'Yui',
  'Sota',
  'Hina',
  'Riku',
  'Mio',
  'Yuto',
  'Aoi',
  'Kaito',
  'Sakura',
  'Ren',
  'Emma',
];
const FAMILY = [
  'Sato',
  'Suzuki',
  'Takahashi',
  'Tanaka',
  'Watanabe',
  'Ito',
  'Yamamoto',
  'Nakamura',
  'Kobayashi',
];
const TOPICS = ['general', 'random', 'sales', 'support', 'dev', 'ops', 'alerts', 'hr', 'design', 'qa'];

/** mulberry32: tiny, fast and good enough to spread statuses and names reproducibly. */
const prng = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A GUID-shaped id derived from `text`, as Graph and LINE WORKS ids look. */
const guid = (text: string): string => {
  const h = digest(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

type Status = 'active' | 'bot' | 'deleted' | 'suspended';

interface Person {
  readonly index: number;
  readonly given: string;
  readonly family: string;
  readonly email: string;
  readonly status: Status;
}

const peopleOf = (seed: FakeTenantSeed, random: () => number): Person[] => {
  const total = seed.users ?? DEFAULTS.users;
  const statuses: Status[] = [
    ...Array<Status>(seed.bots ?? DEFAULTS.bots).fill('bot'),
    ...Array<Status>(seed.deleted ?? DEFAULTS.deleted).fill('deleted'),
    ...Array<Status>(seed.suspended ?? DEFAULTS.suspended).fill('suspended'),
  ].slice(0, total);
  while (statuses.length < total) statuses.push('active');
  // Fisher-Yates with the seeded PRNG: bots and leavers spread over the pages, not all on the first.
  for (let i = statuses.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [statuses[i], statuses[j]] = [statuses[j] as Status, statuses[i] as Status];
  }
  return statuses.map((status, index) => {
    const given = GIVEN[Math.floor(random() * GIVEN.length)] as string;
    const family = FAMILY[Math.floor(random() * FAMILY.length)] as string;
    const email = `${given}.${family}.${index}@${seed.id}.example.com`.toLowerCase();
    return { index, given, family, email, status };
  });
};

const slackOf = (seed: FakeTenantSeed, people: readonly Person[]): FakeTenantData['slack'] => {
  const teamId = `T${digest(`slack:${seed.id}`).slice(0, 8).toUpperCase()}`;
  const members = people.map((p) => ({
    id: `U${digest(`${teamId}:${p.index}`).slice(0, 10).toUpperCase()}`,
    team_id: teamId,
    name: p.status === 'bot' ? `${p.family.toLowerCase()}-bot-${p.index}` : p.email.split('@')[0],
    deleted: p.status === 'deleted' || p.status === 'suspended',
    real_name: `${p.given} ${p.family}`,
    is_bot: p.status === 'bot',
    is_app_user: false,
    updated: 1_735_689_600 + p.index,
    tz: 'Asia/Tokyo',
    profile: {
      ...(p.status === 'bot' ? {} : { email: p.email }),
      display_name: p.given,
      real_name: `${p.given} ${p.family}`,
    },
  }));
  const count = seed.channels ?? DEFAULTS.channels;
  const archived = seed.archivedChannels ?? DEFAULTS.archivedChannels;
  const channels = Array.from({ length: count }, (_, i) => ({
    id: `C${digest(`${teamId}:channel:${i}`).slice(0, 10).toUpperCase()}`,
    name: `${TOPICS[i % TOPICS.length]}-${i}`,
    is_channel: true,
    is_private: i % 4 === 3,
    is_archived: i >= count - archived,
    is_member: true,
    num_members: Math.max(1, people.length - i),
    updated: 1_735_689_600_000 + i,
  }));
  return { teamId, members, channels };
};

const graphOf = (seed: FakeTenantSeed, people: readonly Person[]): FakeTenantData['msgraph'] => {
  const tenantId = guid(`graph:${seed.id}`);
  const domain = `${seed.id}.onmicrosoft.com`;
  const users = people.map((p) => ({
    id: guid(`${tenantId}:user:${p.index}`),
    displayName: `${p.given} ${p.family}`,
    // Graph keeps the case people typed; e-mail matching must normalise it.
    mail: p.status === 'bot' ? null : `${p.given}.${p.family}.${p.index}@${seed.id}.example.com`,
    userPrincipalName: `${p.status === 'bot' ? 'svc' : p.given.toLowerCase()}.${p.index}@${domain}`,
    accountEnabled: p.status === 'active' || p.status === 'bot',
  }));
  const teams = Array.from({ length: seed.teams ?? DEFAULTS.teams }, (_, t) => {
    const id = guid(`${tenantId}:team:${t}`);
    const perTeam = seed.channelsPerTeam ?? DEFAULTS.channelsPerTeam;
    const channels = Array.from({ length: perTeam + 1 }, (_, c) => ({
      id: `19:${digest(`${id}:${c}`).slice(0, 32)}@thread.tacv2`,
      displayName: c === 0 ? 'General' : `${TOPICS[(t + c) % TOPICS.length]}-${c}`,
      description: null,
      membershipType: c % 3 === 2 ? 'private' : 'standard',
      isArchived: c > 0 && c === perTeam,
    }));
    return {
      team: { id, displayName: `Team ${t + 1}`, description: `Team ${t + 1} of ${seed.id}` },
      channels,
    };
  });
  return { tenantId, users, teams };
};

const lineworksOf = (seed: FakeTenantSeed, people: readonly Person[]): FakeTenantData['lineworks'] => {
  const domainId =
    10_000_000 + (Number.parseInt(digest(`lineworks:${seed.id}`).slice(0, 7), 16) % 89_999_999);
  const users = people.map((p) => ({
    domainId,
    userId: guid(`${domainId}:user:${p.index}`),
    email: p.email,
    userName: { lastName: p.family, firstName: p.given },
    isDeleted: p.status === 'deleted',
    isSuspended: p.status === 'suspended',
    isPending: false,
    userExternalKey: null,
  }));
  const groups = Array.from({ length: seed.channels ?? DEFAULTS.channels }, (_, i) => ({
    domainId,
    groupId: guid(`${domainId}:group:${i}`),
    groupName: `${TOPICS[i % TOPICS.length]} group ${i}`,
    description: null,
  }));
  const bot = {
    botId: 2_000_000 + (domainId % 1_000_000),
    channelIds: groups.map((_, i) => guid(`${domainId}:channel:${i}`)),
  };
  return { domainId, users, groups, bot };
};

/** Generates one tenant's data at every vendor, reproducibly for a given seed. */
export const generateTenant = (seed: FakeTenantSeed, randomSeed = 1): FakeTenantData => {
  const random = prng(randomSeed ^ Number.parseInt(digest(seed.id).slice(0, 8), 16));
  const people = peopleOf(seed, random);
  return {
    id: seed.id,
    slack: slackOf(seed, people),
    msgraph: graphOf(seed, people),
    lineworks: lineworksOf(seed, people),
  };
};

/** `count` tenants named `${prefix}-0001`…, all shaped like `shape` (benches: 1,000 × 200 users). */
export const generateTenantSeeds = (
  count: number,
  shape: Omit<FakeTenantSeed, 'id'> = {},
  prefix = 'tenant',
): FakeTenantSeed[] =>
  Array.from({ length: count }, (_, i) => ({ ...shape, id: `${prefix}-${String(i + 1).padStart(4, '0')}` }));
