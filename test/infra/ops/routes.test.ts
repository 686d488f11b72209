import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDeliveryTables } from '../../../infra/local/delivery-tables.ts';
import {
  ensureTables,
  type LocalDynamo,
  localTableNames,
  startLocalDynamo,
} from '../../../infra/local/dynamodb/index.ts';
import { DynamoDbDeliveryLog } from '../../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { routeItemContent, tenantItemContent } from '../../../shared/adapters/tenants/tenant-items.ts';
import { deliveryResourceNames } from '../../../shared/delivery/config-names.ts';
import type { Tenant } from '../../../shared/tenants/tenant-file.ts';
import { runOps } from './run-ops.ts';

const ACME: Tenant = {
  tenant_id: 'acme',
  name: 'Acme',
  status: 'active',
  integrations: [],
  routes: [
    {
      route_id: 'big-jpy-to-erp',
      match: {
        provider: 'stripe',
        event_type: 'charge.*',
        filter: { data: { data: { object: { currency: ['jpy'], amount: [{ numeric: ['>=', 10000] }] } } } },
      },
      transform: '{"charge": data.data.object.id, "yen": data.data.object.amount}',
      destination: {
        type: 'http',
        url: 'https://erp.acme.example/charges',
        signing_secret_name: 'tsunagi/local/acme/routes/big-jpy-to-erp',
      },
      enabled: true,
    },
    {
      route_id: 'broken',
      match: { provider: 'stripe', event_type: '*' },
      transform: '$number(data.type)',
      destination: {
        type: 'http',
        url: 'https://erp.acme.example/x',
        signing_secret_name: 'tsunagi/local/acme/routes/broken',
      },
      enabled: true,
    },
  ],
};

const charge = (amount: number) => ({
  id: 'evt_1',
  type: 'charge.succeeded',
  data: { object: { id: 'ch_1', amount, currency: 'jpy' } },
});

describe('CLI: ops routes test', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let dir: string;
  const local = () => ['--local', '--dynamodb-endpoint', dynamo.endpoint];
  const eventFile = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTables(client, 'local');
    await ensureDeliveryTables(client, 'local');
    for (const item of [...ACME.routes.map((r) => routeItemContent('acme', r)), tenantItemContent(ACME)]) {
      await client.send(
        new PutItemCommand({
          TableName: localTableNames().tenantData,
          Item: marshall({ version: 1, ...item }),
        }),
      );
    }
    const log = new DynamoDbDeliveryLog(client, {
      tableName: deliveryResourceNames('local').deliveryLogTable,
      retentionDays: 1,
    });
    await log.recordRouting(
      {
        event_id: 'evt_routed',
        tenant_id: 'acme',
        provider: 'stripe',
        provider_event_id: 'evt_1',
        event_type: 'charge.succeeded',
        trace_id: '0af7651916cd43dd8448eb211c80319c',
        received_at: '2026-12-01T00:00:00.000Z',
        routed_at: '2026-12-01T00:00:00.010Z',
        route_ids: [],
        duplicate_of: null,
      },
      {
        content_type: 'application/json',
        headers: {},
        body: { encoding: 'utf8', data: JSON.stringify(charge(500)) },
      },
    );
    dir = mkdtempSync(join(tmpdir(), 'routes-test-'));
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  it('prints exactly matched, failed_condition and request, and exits 0 whether or not the route matches', async () => {
    // Prepare
    const big = eventFile('big.json', { provider: 'stripe', type: 'charge.succeeded', data: charge(12000) });

    // Act
    const [matching, fromLog] = await Promise.all([
      runOps(['routes', 'test', 'acme', 'big-jpy-to-erp', '--event', big, ...local(), '--json']),
      runOps(['routes', 'test', 'acme', 'big-jpy-to-erp', '--event', 'evt_routed', ...local(), '--json']),
    ]);

    // Assess
    expect(matching.status, matching.stderr).toBe(0);
    const matched = JSON.parse(matching.stdout);
    expect(Object.keys(matched)).toEqual(['matched', 'failed_condition', 'request']);
    expect(matched).toMatchObject({
      matched: true,
      failed_condition: null,
      request: { body: { charge: 'ch_1', yen: 12000 } },
    });
    expect(Object.keys(matched.request)).toEqual(['headers', 'body']);
    expect(matched.request.headers).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': expect.stringMatching(/^evt_/),
    });

    expect(fromLog.status, fromLog.stderr).toBe(0);
    expect(JSON.parse(fromLog.stdout)).toEqual({
      matched: false,
      failed_condition:
        'match.filter: data.data.object.amount does not match [{"numeric":[">=",10000]}] (the field is present)',
      request: null,
    });
  });

  it('prints the request for a person, and the help', async () => {
    const big = eventFile('big2.json', { provider: 'stripe', type: 'charge.succeeded', data: charge(20000) });
    const [text, help] = await Promise.all([
      runOps(['routes', 'test', 'acme', 'big-jpy-to-erp', '--event', big, ...local()]),
      runOps(['routes', 'test', '--help']),
    ]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('MATCHES');
    expect(text.stdout).toContain('request (not sent): POST https://erp.acme.example/charges');
    expect(text.stdout).toContain(
      'webhook-signature: v1,<signed at delivery with tsunagi/local/acme/routes/big-jpy-to-erp>',
    );
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(
      'Usage: npm run ops -- routes test <tenant> <route> --event <file | event id>',
    );
  });

  it('exits non-zero only when the route or the event cannot be read, or the transform fails', async () => {
    const good = eventFile('ok.json', { provider: 'stripe', type: 'charge.succeeded', data: charge(1) });
    // Unknown event ids and malformed files are the use case's (test/shared/ops/route-test.test.ts).
    const [noRoute, missingFile, transformFails] = await Promise.all([
      runOps(['routes', 'test', 'acme', 'nope', '--event', good, ...local()]),
      runOps(['routes', 'test', 'acme', 'big-jpy-to-erp', '--event', join(dir, 'absent.json'), ...local()]),
      runOps(['routes', 'test', 'acme', 'broken', '--event', good, ...local(), '--json']),
    ]);
    expect(noRoute.status).toBe(1);
    expect(noRoute.stderr).toContain('tenant acme has no route "nope"');
    expect(missingFile.status).toBe(2);
    expect(missingFile.stderr).toContain('no such file');
    expect(transformFails.status).toBe(1);
    expect(JSON.parse(transformFails.stdout)).toEqual({
      matched: true,
      failed_condition: null,
      request: null,
    });
    expect(transformFails.stderr).toContain('its transform fails: failed: the transform failed: D3030');
  });
});
