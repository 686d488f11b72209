import { readFile } from 'node:fs/promises';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureDeliveryTables } from '../../../infra/local/delivery-tables.ts';
import { DEMO_TENANTS_FILE } from '../../../infra/local/demo-tenants.ts';
import {
  ensureTables,
  type LocalDynamo,
  localTableNames,
  startLocalDynamo,
} from '../../../infra/local/dynamodb/index.ts';
import { type LocalSqs, startLocalSqs } from '../../../infra/local/sqs.ts';
import { NotConfirmedError } from '../../../infra/ops/cli.ts';
import {
  endpointsDisable,
  endpointsEnable,
  endpointsList,
  endpointsRecover,
  endpointsShow,
} from '../../../infra/ops/endpoints.ts';
import { DynamoDbEndpoints } from '../../../shared/adapters/delivery/dynamodb-endpoints.ts';
import { DynamoDbAuditLog } from '../../../shared/adapters/ops/dynamodb-audit-log.ts';
import { routeItemContent, tenantItemContent } from '../../../shared/adapters/tenants/tenant-items.ts';
import { deliveryResourceNames } from '../../../shared/delivery/config-names.ts';
import { applyOutcomes, DEFAULT_HEALTH_POLICY } from '../../../shared/delivery/health/endpoint-health.ts';
import { parseReleaseRequest } from '../../../shared/delivery/health/release-request.ts';
import { opsAuditTableName } from '../../../shared/ops/audit-names.ts';
import {
  EndpointChangeOutputSchema,
  EndpointListOutputSchema,
  EndpointShowOutputSchema,
} from '../../../shared/ops/endpoints/schemas.ts';
import { TenantFileSchema } from '../../../shared/tenants/tenant-file.ts';
import { runOps } from './run-ops.ts';

const REGION = 'ap-northeast-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const ROUTE = 'payments-to-backend';
const REF = { tenantId: 'acme', routeId: ROUTE };
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const strings = (values: Record<string, string>): Record<string, MessageAttributeValue> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]));

const deadLetterBody = (n: number) =>
  JSON.stringify({
    version: 1,
    delivery_id: `evt_${n}:${ROUTE}`,
    route_id: ROUTE,
    event: { event_id: `evt_${n}`, tenant_id: 'acme', provider: 'stripe', event_type: 'charge.succeeded' },
  });

const COMMANDS = {
  list: endpointsList,
  show: endpointsShow,
  disable: endpointsDisable,
  enable: endpointsEnable,
  recover: endpointsRecover,
} as const;

/** Runs `ops endpoints <command> …` in this process (fast); main.ts's exit codes are checked by spawning. */
const ops = async (command: keyof typeof COMMANDS, args: string[]) => {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    lines.push(parts.join(' '));
  });
  const errors = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await COMMANDS[command](args);
    return { stdout: lines.join('\n'), error: null as Error | null };
  } catch (error) {
    return { stdout: lines.join('\n'), error: error as Error };
  } finally {
    log.mockRestore();
    errors.mockRestore();
  }
};

// One story on one dynalite and one local-aws-sqs, as an operator would tell it: look, disable, enable, recover.
describe('CLI: ops endpoints (dynalite + local-aws-sqs)', () => {
  let dynamo: LocalDynamo;
  let sqs: LocalSqs;
  let client: DynamoDBClient;
  let sqsClient: SQSClient;
  let endpoints: DynamoDbEndpoints;
  const local = () => ['--local', '--dynamodb-endpoint', dynamo.endpoint, '--sqs-endpoint', sqs.endpoint];

  const receiveAll = async (url: string): Promise<string[]> => {
    const { Messages } = await sqsClient.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
    );
    return (Messages ?? []).map((m) => m.Body ?? '');
  };

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    sqs = await startLocalSqs({ port: 0 });
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION, credentials });
    sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: REGION, credentials });
    await ensureTables(client, 'local');
    await ensureDeliveryTables(client);
    const file = TenantFileSchema.parse(JSON.parse(await readFile(DEMO_TENANTS_FILE, 'utf8')));
    const acme = file.tenants.find((t) => t.tenant_id === 'acme')!;
    for (const item of [...acme.routes.map((r) => routeItemContent('acme', r)), tenantItemContent(acme)]) {
      await client.send(
        new PutItemCommand({
          TableName: localTableNames().tenantData,
          Item: marshall({ version: 1, ...item }),
        }),
      );
    }
    endpoints = new DynamoDbEndpoints(client, { tableName: deliveryResourceNames('local').endpointsTable });
    const failures = [4, 3, 2].map((m) => ({
      ok: false as const,
      at: Date.now() - m * 60_000,
      error: 'HTTP 503',
      gone: false,
    }));
    await endpoints.update(REF, (h) => applyOutcomes(h, failures, DEFAULT_HEALTH_POLICY));
    for (const [n, minutes] of [
      [1, 90],
      [2, 30],
    ] as const) {
      await endpoints.hold(REF, {
        delivery_id: `evt_h${n}:${ROUTE}`,
        event_id: `evt_h${n}`,
        received_at: minutesAgo(minutes),
        held_at: minutesAgo(minutes),
        body: '{}',
        attributes: {},
      });
    }
  });

  afterAll(async () => {
    client?.destroy();
    sqsClient?.destroy();
    await sqs?.stop();
    await dynamo?.stop();
  });

  it('prints each command’s help, and the command list names them', async () => {
    // Act
    const [usage, recover] = await Promise.all([
      runOps(['--help']),
      runOps(['endpoints', 'recover', '--help']),
    ]);

    // Assert
    expect(usage.stdout).toContain('endpoints recover <tenant> <route> --since <time>');
    expect(recover.status).toBe(0);
    expect(recover.stdout).toContain('--since <time>');
    expect(recover.stdout).toContain('--dry-run');
    expect(recover.stdout).toContain('--stage <dev|stg|prod>');
  });

  it('refuses bad input with exit 2, and an unknown tenant with exit 1 and its name', async () => {
    // Act
    const [status, since, tenant] = await Promise.all([
      runOps(['endpoints', 'list', '--status', 'sick', ...local()]),
      runOps(['endpoints', 'recover', 'acme', ROUTE, '--since', 'yesterday', ...local()]),
      runOps(['endpoints', 'show', 'initech', ROUTE, ...local()]),
    ]);

    // Assert
    expect([status.status, since.status, tenant.status]).toEqual([2, 2, 1]);
    expect(status.stderr).toContain('--status: "sick" is not one of healthy, failing, disabled');
    expect(since.stderr).toContain('--since: "yesterday" is neither ISO-8601 nor like 30m, 2h, 7d');
    expect(tenant.stderr).toContain('no tenant "initech"');
  });

  it('names what is missing or wrong: --since, the route, the future', async () => {
    // Act
    const noSince = await ops('recover', ['acme', ROUTE, ...local()]);
    const future = await ops('recover', ['acme', ROUTE, '--since', '2999-01-01T00:00:00Z', ...local()]);
    const route = await ops('disable', ['acme', 'payroll', '--yes', ...local()]);
    const extra = await ops('show', ['acme', ROUTE, 'more', ...local()]);

    // Assert
    expect(noSince.error?.message).toContain('--since <time> is required');
    expect(future.error?.message).toContain('is in the future');
    expect(route.error?.message).toContain('tenant "acme" has no route "payroll" (its routes: ');
    expect(extra.error?.message).toContain('expected <tenant> <route>');
    expect(await endpoints.get({ tenantId: 'acme', routeId: 'payroll' })).toBeNull();
  });

  it('lists and shows a failing destination', async () => {
    // Act
    const list = await ops('list', ['--status', 'failing', '--json', ...local()]);
    const show = await ops('show', ['acme', ROUTE, '--json', ...local()]);
    const text = await ops('show', ['acme', ROUTE, ...local()]);

    // Assert
    expect(list.error).toBeNull();
    expect(EndpointListOutputSchema.parse(JSON.parse(list.stdout)).endpoints).toMatchObject([
      { tenant_id: 'acme', route_id: ROUTE, status: 'failing', consecutive_failures: 3, held: 2 },
    ]);
    expect(EndpointShowOutputSchema.parse(JSON.parse(show.stdout))).toMatchObject({
      recorded: true,
      health: { status: 'failing', last_error: 'HTTP 503' },
      held: { count: 2, oldest: { event_id: 'evt_h1' } },
    });
    expect(text.stdout).toContain('status:               failing');
    expect(text.stdout).toContain('held:                 2 (oldest evt_h1');
  });

  it('disables only when confirmed, and previews with --dry-run', async () => {
    // Act
    const dry = await ops('disable', ['acme', ROUTE, '--dry-run', '--json', ...local()]);
    const unconfirmed = await ops('disable', ['acme', ROUTE, ...local()]);
    const afterRefusals = await endpoints.get(REF);
    const done = await ops('disable', ['acme', ROUTE, '--yes', ...local()]);

    // Assert
    expect(EndpointChangeOutputSchema.parse(JSON.parse(dry.stdout))).toMatchObject({
      dry_run: true,
      before: 'failing',
      after: 'disabled',
      audit_id: null,
    });
    expect(unconfirmed.error).toBeInstanceOf(NotConfirmedError);
    expect(unconfirmed.error?.message).toContain('endpoints disable acme/payments-to-backend');
    expect(afterRefusals?.status).toBe('failing');
    expect(done.error).toBeNull();
    expect(done.stdout).toContain('failing → disabled (changed); audit ');
    expect(await endpoints.get(REF)).toMatchObject({ status: 'disabled', disabled_reason: 'manual' });
  });

  it('enables and puts one release request for the held deliveries on the delivery queue', async () => {
    // Act
    const result = await ops('enable', ['acme', ROUTE, '--yes', '--json', ...local()]);

    // Assert
    expect(result.error).toBeNull();
    expect(JSON.parse(result.stdout)).toMatchObject({
      before: 'disabled',
      after: 'healthy',
      release: { held: 2, sent: true },
    });
    const bodies = await receiveAll(sqs.queueUrls.delivery);
    expect(bodies.map(parseReleaseRequest)).toEqual([{ tenant_id: 'acme', route_id: ROUTE, batch: 10 }]);
    const audit = await new DynamoDbAuditLog(client, opsAuditTableName('local')).list('local');
    expect(audit.map((r) => `${r.command} ${r.outcome}`)).toEqual([
      'endpoints disable disabled',
      'endpoints enable enabled',
    ]);
  });

  it('recovers what was dead-lettered and held since a time, once each, bodies unchanged', async () => {
    // Arrange
    for (const [n, minutes] of [
      [1, 20],
      [2, 180],
    ] as const) {
      await sqsClient.send(
        new SendMessageCommand({
          QueueUrl: sqs.queueUrls.deliveryDlq,
          MessageBody: deadLetterBody(n),
          MessageAttributes: strings({
            tenant_id: 'acme',
            route_id: ROUTE,
            failure_code: 'http_5xx',
            failure_message: 'HTTP 503',
            failed_at: minutesAgo(minutes),
          }),
        }),
      );
    }

    // Act
    const result = await ops('recover', ['acme', ROUTE, '--since', '1h', '--yes', '--json', ...local()]);

    // Assert
    expect(result.error).toBeNull();
    const output = EndpointChangeOutputSchema.parse(JSON.parse(result.stdout));
    expect(output).toMatchObject({
      changed: true,
      dead_letters: { outcome: 'completed', counts: { matched: 1, moved: 1 } },
      release: { held: 1, sent: true },
    });
    const bodies = await receiveAll(sqs.queueUrls.delivery);
    expect(bodies.filter((b) => parseReleaseRequest(b) === null)).toEqual([deadLetterBody(1)]);
    expect(bodies.map(parseReleaseRequest).filter(Boolean)).toMatchObject([{ since: output.release?.since }]);
  });
});
