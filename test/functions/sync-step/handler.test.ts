import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDynamo } from '../../../infra/local/dynamodb/index.ts';
import { type FakeVendors, startFakeVendors } from '../../../infra/local/vendors/index.ts';
import { tenantTableNames } from '../../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import {
  internalUserItem,
  notificationTargetItem,
} from '../../../shared/adapters/sync/dynamodb-sync-directory.ts';
import { queryPrefix } from '../../../shared/adapters/sync/dynamodb-sync-query.ts';
import { closeSyncCommandService } from '../../../shared/adapters/sync/mbc-cqrs-sync-context.ts';
import { tenantItemContent } from '../../../shared/adapters/tenants/tenant-items.ts';
import type { NotificationTarget } from '../../../shared/sync/engine/index.ts';
import { type ChildState, SYNC_STEPS } from '../../../shared/sync/workflow/contract.ts';
import { startSyncDynamo } from '../../shared/adapters/sync/sync-tables.ts';

const SECRET = 'tsunagi/local/acme/slack';

// End to end for one tenant × SLACK: the real handler, connectors against the fake Slack, dynalite, the
// framework's publishSync for history, the local secrets file for credentials.
describe('Handler: sync-step against the fake Slack and dynalite', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let table: string;
  let fake: FakeVendors;
  let dir: string;
  let handler: (event: unknown) => Promise<ChildState>;

  const put = (TableName: string, item: object) =>
    client.send(new PutItemCommand({ TableName, Item: marshall(item, { removeUndefinedValues: true }) }));

  const runChild = async (run_id: string, extra: Partial<ChildState['item']> = {}) => {
    const item = {
      run_id,
      tenant_id: 'acme',
      system_type: 'SLACK' as const,
      sync_types: ['users', 'teams', 'notifications'] as const,
      dry_run: false,
      force_refresh: false,
      batch_size: 100,
      ...extra,
    };
    let state: ChildState = {
      item: { ...item, sync_types: [...item.sync_types] },
      outcomes: [],
      wait_seconds: null,
      fatal_error: null,
    };
    for (const step of SYNC_STEPS) state = await handler({ step, state });
    return state;
  };

  const mappings = () => queryPrefix(client, table, 'SYNC#acme', 'USER#SLACK#');
  const groups = () => queryPrefix(client, table, 'SYNC#acme', 'GROUP#SLACK#');

  beforeAll(async () => {
    ({
      dynamo,
      client,
      tables: { data: table },
    } = await startSyncDynamo());
    fake = await startFakeVendors({ seed: { tenants: [{ id: 'acme' }] } });
    dir = await mkdtemp(join(tmpdir(), 'tsunagi-sync-step-'));
    const { clientId, clientSecret, refreshToken } = fake.tenant('acme').slack.credentials;
    const secrets = {
      [SECRET]: JSON.stringify({
        client_id: clientId,
        client_secret: clientSecret,
        refresh_token: refreshToken,
      }),
    };
    await writeFile(join(dir, 'secrets.json'), JSON.stringify(secrets));
    const tenant = {
      tenant_id: 'acme',
      name: 'Acme',
      status: 'active' as const,
      routes: [],
      integrations: [{ system: 'SLACK' as const, credentials_secret_arn_or_name: SECRET, settings: {} }],
    };
    await put(tenantTableNames('local').data, { ...tenantItemContent(tenant), version: 1 });
    const member = fake.data('acme').slack.members.find((m) => !m.is_bot && !m.deleted) as {
      id: string;
      profile: { email: string };
    };
    await put(table, internalUserItem('acme', { user_id: 'internal-1', email: member.profile.email }));
    const channel = fake.data('acme').slack.channels[0] as { id: string };
    const target: NotificationTarget = {
      target_id: 'ops-alerts',
      system_type: 'SLACK',
      kind: 'channel',
      external_id: channel.id,
      name_snapshot: 'old',
      alert_types: ['incident'],
      status: 'ok',
      broken_reason: null,
    };
    await put(table, notificationTargetItem('acme', target));
    Object.assign(process.env, {
      STAGE: 'local',
      TENANT_TABLE: tenantTableNames('local').data,
      SYNC_TABLE: table,
      SECRET_PREFIX: 'tsunagi/local',
      SLACK_API_BASE_URL: fake.connectorOptions.SLACK.apiBaseUrl,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      LOCAL_SECRETS_FILE: join(dir, 'secrets.json'),
    });
    ({ handler } = await import('../../../functions/sync-step/handler.ts'));
  });

  afterAll(async () => {
    await closeSyncCommandService();
    await fake?.stop();
    client?.destroy();
    await dynamo?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('syncs users, channels and targets, stores the rotated refresh token, and writes history', async () => {
    // Act
    const state = await runChild('run-1');

    // Assess
    expect(state.fatal_error).toBeNull();
    expect(state.outcomes.map((o) => [o.sync_type, o.status])).toEqual([
      ['users', 'SUCCESS'],
      ['teams', 'SUCCESS'],
      ['notifications', 'SUCCESS'],
    ]);
    expect(await mappings()).toHaveLength(20);
    expect(await groups()).toHaveLength(5);
    expect(
      (await mappings()).filter(
        (m) => (m.attributes as { internal_user_id: string | null }).internal_user_id === 'internal-1',
      ),
    ).toHaveLength(1);
    expect((await queryPrefix(client, table, 'SYNC#acme', 'TARGET#SLACK#'))[0]?.name).not.toBe('old');
    expect(await queryPrefix(client, table, 'SYNC#acme', 'HISTORY#run-1#')).toHaveLength(3);
    const stored = JSON.parse(JSON.parse(await readFile(join(dir, 'secrets.json'), 'utf8'))[SECRET]);
    expect(stored.refresh_token).toBe(fake.tenant('acme').slack.credentials.refreshToken);
    expect(JSON.stringify(state)).not.toMatch(/xox/);
  });

  it('writes no mapping on a second run with no upstream change', async () => {
    // Act
    const state = await runChild('run-2', { force_refresh: true });

    // Assess
    expect(state.outcomes.every((o) => o.counts.created + o.counts.updated + o.counts.deleted === 0)).toBe(
      true,
    );
    expect((await mappings()).every((m) => m.version === 1)).toBe(true);
    expect((await groups()).every((m) => m.version === 1)).toBe(true);
  });

  it('fails the child with a clear message on invalid_grant and records FAILED history', async () => {
    // Prepare
    fake.setFault('slack', 'acme', { kind: 'invalid_grant' });

    // Act
    const state = await runChild('run-3', { force_refresh: true });

    // Assess
    expect(state.fatal_error).toMatch(
      /^token refresh failed: AuthRevokedError: .*invalid_grant.*reinstall the Slack app/,
    );
    const rows = await queryPrefix(client, table, 'SYNC#acme', 'HISTORY#run-3#');
    expect(rows.map((row) => (row.attributes as { status: string }).status)).toEqual([
      'FAILED',
      'FAILED',
      'FAILED',
    ]);
    fake.clearFaults('slack', 'acme');
  });

  it('hands a long rate-limit wait to the state machine with the state otherwise unchanged', async () => {
    // Prepare
    fake.setFault('slack', 'acme', {
      kind: 'rate_limit_burst',
      count: 1,
      retryAfterMs: 60_000,
      method: 'users.list',
    });
    const item = {
      run_id: 'run-4',
      tenant_id: 'acme',
      system_type: 'SLACK' as const,
      sync_types: ['users' as const],
      dry_run: false,
      force_refresh: true,
      batch_size: 100,
    };
    const start: ChildState = { item, outcomes: [], wait_seconds: null, fatal_error: null };
    const afterToken = await handler({ step: 'token', state: start });

    // Act
    const waiting = await handler({ step: 'users', state: afterToken });

    // Assess
    expect(waiting.wait_seconds).toBeGreaterThanOrEqual(60);
    expect({ ...waiting, wait_seconds: null }).toEqual(afterToken);
    fake.clearFaults('slack', 'acme');
  });

  it('rejects an input that is not the contract', async () => {
    await expect(handler({ step: 'users' })).rejects.toThrow();
  });
});
