import type * as z from 'zod';
import {
  type AccessGrant,
  createSyncConnectors,
  type SyncConnector,
  type SyncConnectorsOptions,
} from '../../sync/connectors/index.ts';
import {
  type ExternalGroup,
  type ExternalUser,
  fromGraphChannel,
  fromGraphTeam,
  fromGraphUser,
  fromLineWorksGroup,
  fromLineWorksUser,
  fromSlackChannel,
  fromSlackMember,
  normaliseRecords,
} from '../../sync/engine/index.ts';
import { CredentialFormatError } from '../../sync/usecases/errors.ts';
import type { RefreshedToken, VendorClient } from '../../sync/usecases/ports.ts';
import type { ChatSystem } from '../../tenants/destinations.ts';
import { LineWorksIntegrationSecretSchema } from '../../vendors/lineworks/index.ts';
import { TeamsIntegrationSecretSchema } from '../../vendors/msgraph/index.ts';
import { SlackIntegrationSecretSchema } from '../../vendors/slack/index.ts';

// The SecretString shapes live with their vendors: `ops secrets put … integration` checks against the same ones.
const SlackSecret = SlackIntegrationSecretSchema;
const TeamsSecret = TeamsIntegrationSecretSchema;
const LineWorksSecret = LineWorksIntegrationSecretSchema;

const parseSecret = <S extends z.ZodType>(system: ChatSystem, schema: S, value: string): z.output<S> => {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  // Field paths only: the value is a credential.
  const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(secret)').join(', ');
  throw new CredentialFormatError(
    `the ${system} credentials secret is not the expected JSON (check: ${fields})`,
  );
};

/**
 * The SecretString to store after a rotation: the same fields with the new refresh token, plus the access token
 * and its expiry, so the chat delivery path (which reads `access_token` from this secret) keeps working.
 */
const rotated = (fields: object, grant: AccessGrant): RefreshedToken => {
  const base = { accessToken: grant.accessToken, expiresAt: grant.expiresAt };
  if (grant.rotated === undefined) return base;
  const secret = {
    ...fields,
    refresh_token: grant.rotated.refreshToken,
    access_token: grant.accessToken,
    access_token_expires_at: new Date(grant.expiresAt).toISOString(),
  };
  return { ...base, rotatedSecret: JSON.stringify(secret) };
};

type Connectors = ReturnType<typeof createSyncConnectors>;
type Auth = Parameters<VendorClient['listUsers']>[0];

/** A connector's user listing, each page normalised before the use case sees it. */
const users =
  <T>(
    connector: Pick<SyncConnector<unknown, T, unknown>, 'listUsers'>,
    map: (raw: unknown) => ExternalUser,
  ) =>
  async (auth: Auth, o: Parameters<VendorClient['listUsers']>[1]): Promise<void> => {
    await connector.listUsers(auth, {
      pageSize: o.pageSize,
      onPage: (records) => o.onPage(normaliseRecords(records, map)),
    });
  };

/** A connector's group listing; `flatten` turns one vendor record into the records the mapper reads. */
const groups =
  <T, F>(
    connector: Pick<SyncConnector<unknown, unknown, T>, 'listGroups'>,
    flatten: (raw: T) => F[],
    map: (raw: F) => ExternalGroup,
  ) =>
  async (auth: Auth, o: Parameters<VendorClient['listGroups']>[1]): Promise<void> => {
    await connector.listGroups(auth, {
      pageSize: o.pageSize,
      onPage: (records) => o.onPage(normaliseRecords(records.flatMap(flatten), (raw) => map(raw as F))),
    });
  };

const slackClient = (c: Connectors): VendorClient => ({
  system: 'SLACK',
  refresh: async (value) => {
    const s = parseSecret('SLACK', SlackSecret, value);
    const credentials = {
      clientId: s.client_id,
      clientSecret: s.client_secret,
      refreshToken: s.refresh_token,
    };
    return rotated(s, await c.SLACK.refreshToken(credentials));
  },
  listUsers: users(c.SLACK, fromSlackMember),
  listGroups: groups(c.SLACK, (raw) => [raw], fromSlackChannel),
});

type TeamsEntry = { readonly raw: unknown; readonly teamId: string | null };

// A Teams group record is a team with its channels: one team mapping, and one per channel, `<team>/<channel>`.
const teamsClient = (c: Connectors): VendorClient => ({
  system: 'TEAMS',
  refresh: async (value) => {
    const s = parseSecret('TEAMS', TeamsSecret, value);
    const credentials = { tenantId: s.tenant_id, clientId: s.client_id, clientSecret: s.client_secret };
    return rotated(s, await c.TEAMS.refreshToken(credentials));
  },
  listUsers: users(c.TEAMS, fromGraphUser),
  listGroups: groups(
    c.TEAMS,
    (raw): TeamsEntry[] => [
      { raw: raw.team, teamId: null },
      ...raw.channels.map((channel) => ({ raw: channel, teamId: raw.team.id })),
    ],
    (entry) => (entry.teamId === null ? fromGraphTeam(entry.raw) : fromGraphChannel(entry.raw, entry.teamId)),
  ),
});

const lineWorksClient = (c: Connectors): VendorClient => ({
  system: 'LINE_WORKS',
  refresh: async (value) => {
    const s = parseSecret('LINE_WORKS', LineWorksSecret, value);
    const credentials = {
      clientId: s.client_id,
      clientSecret: s.client_secret,
      serviceAccount: s.service_account,
      privateKey: s.private_key,
      scope: s.scope,
      ...(s.refresh_token === undefined ? {} : { refreshToken: s.refresh_token }),
    };
    return rotated(s, await c.LINE_WORKS.refreshToken(credentials));
  },
  listUsers: users(c.LINE_WORKS, fromLineWorksUser),
  listGroups: groups(c.LINE_WORKS, (raw) => [raw], fromLineWorksGroup),
});

/** The three chat systems' connectors as the use cases' `VendorClient`s (secrets parsed, records normalised). */
export const createVendorClients = (
  options: SyncConnectorsOptions,
): { readonly [S in ChatSystem]: VendorClient } => {
  const connectors = createSyncConnectors(options);
  return {
    SLACK: slackClient(connectors),
    TEAMS: teamsClient(connectors),
    LINE_WORKS: lineWorksClient(connectors),
  };
};
