import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendors, startFakeVendors } from '../../../../infra/local/vendors/index.ts';
import { createVendorClients } from '../../../../shared/adapters/sync/vendor-clients.ts';
import type { ExternalGroup, ExternalUser } from '../../../../shared/sync/engine/index.ts';
import {
  CredentialFormatError,
  type VendorAuth,
  type VendorListOptions,
} from '../../../../shared/sync/usecases/index.ts';

const listAll = async <R>(
  list: (auth: VendorAuth, options: VendorListOptions<R>) => Promise<void>,
  accessToken: string,
): Promise<R[]> => {
  const records: R[] = [];
  const auth = { tenantKey: 'acme', accessToken, refresh: async () => accessToken };
  await list(auth, { pageSize: 100, onPage: (batch) => void records.push(...batch.records) });
  return records;
};

describe('Function: createVendorClients against the fake vendors', () => {
  let fake: FakeVendors;
  let clients: ReturnType<typeof createVendorClients>;

  beforeAll(async () => {
    fake = await startFakeVendors({ seed: { tenants: [{ id: 'acme' }] } });
    clients = createVendorClients(fake.connectorOptions);
  });
  afterAll(async () => fake?.stop());

  it('rotates the Slack refresh token into a new SecretString that keeps the other fields', async () => {
    // Prepare
    const { clientId, clientSecret, refreshToken } = fake.tenant('acme').slack.credentials;

    // Act
    const token = await clients.SLACK.refresh(
      JSON.stringify({
        client_id: clientId,
        client_secret: clientSecret,
        refresh_token: refreshToken,
        team_id: 'T1',
      }),
    );

    // Assess
    expect(JSON.parse(token.rotatedSecret ?? '{}')).toMatchObject({
      client_id: clientId,
      team_id: 'T1',
      refresh_token: fake.tenant('acme').slack.credentials.refreshToken,
      access_token: token.accessToken,
    });
  });

  it('normalises Teams users, and teams with their channels as `<team>/<channel>` groups', async () => {
    // Prepare
    const { tenantId, clientId, clientSecret } = fake.tenant('acme').teams.credentials;
    const token = await clients.TEAMS.refresh(
      JSON.stringify({ tenant_id: tenantId, client_id: clientId, client_secret: clientSecret }),
    );

    // Act
    const users = await listAll<ExternalUser>(clients.TEAMS.listUsers, token.accessToken);
    const groups = await listAll<ExternalGroup>(clients.TEAMS.listGroups, token.accessToken);

    // Assess
    expect(token.rotatedSecret).toBeUndefined();
    expect(users).toHaveLength(25);
    expect(groups.filter((g) => g.kind === 'team')).toHaveLength(3);
    expect(
      groups
        .filter((g) => g.kind === 'team_channel')
        .every((g) => g.external_id.startsWith(`${g.parent_id}/19:`)),
    ).toBe(true);
  });

  it('normalises LINE WORKS users and groups after a service-account token', async () => {
    // Prepare
    const c = fake.tenant('acme').lineWorks.credentials;
    const secret = {
      client_id: c.clientId,
      client_secret: c.clientSecret,
      service_account: c.serviceAccount,
      private_key: c.privateKey,
      scope: c.scope,
    };
    const token = await clients.LINE_WORKS.refresh(JSON.stringify(secret));

    // Act
    const users = await listAll<ExternalUser>(clients.LINE_WORKS.listUsers, token.accessToken);
    const groups = await listAll<ExternalGroup>(clients.LINE_WORKS.listGroups, token.accessToken);

    // Assess
    expect(users.filter((u) => u.is_deleted)).toHaveLength(2);
    expect(groups.every((g) => g.kind === 'group')).toBe(true);
  });

  it('refuses a secret of the wrong shape without echoing it', async () => {
    // Act
    const refresh = clients.SLACK.refresh('{"client_id":"x","refresh_token":"xoxe-secret"}');

    // Assess
    await expect(refresh).rejects.toBeInstanceOf(CredentialFormatError);
    await expect(refresh).rejects.not.toThrow(/xoxe-secret/);
  });
});
