import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDeliveryTables } from '../../../infra/local/delivery-tables.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../infra/local/dynamodb/index.ts';
import { type LocalSqs, startLocalSqs } from '../../../infra/local/sqs.ts';
import { DynamoDbDeliveryLog } from '../../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { SqsQueueOps } from '../../../shared/adapters/ops/sqs-queue-ops.ts';
import { deliveryResourceNames } from '../../../shared/delivery/config-names.ts';
import { deadLetterOf } from '../../../shared/delivery/worker/dead-letter.ts';
import { reconcile } from '../../../shared/ops/dlq-message.ts';
import { moveFiltered, PEEK_VISIBILITY_TIMEOUT_SECONDS } from '../../../shared/ops/dlq-operations.ts';
import type { QueueOps } from '../../../shared/ops/ports.ts';
import {
  AuditListOutputSchema,
  DlqArchiveOutputSchema,
  DlqCancelOutputSchema,
  DlqListOutputSchema,
  DlqPeekOutputSchema,
  DlqRedriveOutputSchema,
  DlqStatusOutputSchema,
} from '../../../shared/ops/schemas.ts';
import { runOps } from './run-ops.ts';

const REGION = 'ap-northeast-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

interface Spec {
  readonly n: number;
  readonly tenant: string;
  readonly provider: string;
}

const eventId = (prefix: string, n: number) => `evt_${prefix}_${n}`;

const deliveryBody = (prefix: string, spec: Spec) =>
  JSON.stringify({
    version: 1,
    delivery_id: `${eventId(prefix, spec.n)}:orders`,
    route_id: 'orders',
    destination: { type: 'http', url: 'https://backend.example.test/hook' },
    event: {
      version: 1,
      event_id: eventId(prefix, spec.n),
      provider: spec.provider,
      tenant_id: spec.tenant,
      provider_event_id: `p_${spec.n}`,
      event_type: 'order.created',
      received_at: '2026-01-05T03:00:00.000Z',
      trace_id: 'trace',
      content_type: 'application/json',
      headers: {},
      body: { encoding: 'utf8', data: '{}' },
    },
  });

const stringAttributes = (values: Record<string, string>): Record<string, MessageAttributeValue> =>
  Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
  );

describe('ops dlq (local-aws-sqs + dynalite)', () => {
  let sqs: LocalSqs;
  let dynamo: LocalDynamo;
  let sqsClient: SQSClient;
  let dynamoClient: DynamoDBClient;
  let log: DynamoDbDeliveryLog;
  let workdir: string;
  const local = () => ['--local', '--sqs-endpoint', sqs.endpoint, '--dynamodb-endpoint', dynamo.endpoint];

  const queueUrl = async (name: string) =>
    (await sqsClient.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;

  /**
   * Everything in a queue, visible or in flight (a redrive's skipped messages stay in flight a while). The
   * stand-in's ApproximateNumberOfMessages already counts in-flight messages (unlike SQS, where it is the
   * visible ones only), so it alone is the total here.
   */
  const total = async (url: string) => {
    const { Attributes } = await sqsClient.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  };

  const drain = async (url: string): Promise<string[]> => {
    const bodies: string[] = [];
    for (;;) {
      const { Messages } = await sqsClient.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
      );
      if (!Messages?.length) return bodies;
      bodies.push(...Messages.map((message) => message.Body ?? ''));
    }
  };

  /**
   * A work queue `<prefix>` whose redrive policy dead-letters on the second receive, and its DLQ
   * `<prefix>-dlq`, filled through SQS's own failure path: each message is received without being deleted
   * until SQS moves it. The delivery log records each delivery's failure, as the worker would.
   */
  const deadLettered = async (prefix: string, specs: readonly Spec[]) => {
    const dlq = await queueUrl(`${prefix}-dlq`);
    const { Attributes } = await sqsClient.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }),
    );
    const source = (
      await sqsClient.send(
        new CreateQueueCommand({
          QueueName: prefix,
          Attributes: {
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 1 }),
          },
        }),
      )
    ).QueueUrl!;
    for (const spec of specs) {
      await sqsClient.send(
        new SendMessageCommand({
          QueueUrl: source,
          MessageBody: deliveryBody(prefix, spec),
          MessageAttributes: stringAttributes({
            tenant_id: spec.tenant,
            provider: spec.provider,
            route_id: 'orders',
            event_type: 'order.created',
          }),
        }),
      );
      await log.recordDelivery({
        event_id: eventId(prefix, spec.n),
        route_id: 'orders',
        tenant_id: spec.tenant,
        destination_type: 'http',
        status: 'retrying',
        attempts: 3,
        receive_count: 1,
        latencies_ms: [10, 10, 10],
        last_status: 503,
        last_error: {
          code: 'server_error',
          message: 'destination answered HTTP 503',
          attempts: 3,
          last_status: 503,
          failed_at: new Date().toISOString(),
        },
        updated_at: new Date().toISOString(),
      });
    }
    // The stand-in moves a message on a timer after its last receive: receive until all have moved.
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline && ((await total(dlq)) < specs.length || (await total(source)) > 0)) {
      await sqsClient.send(
        new ReceiveMessageCommand({ QueueUrl: source, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await total(dlq)).toBe(specs.length);
    expect(await total(source)).toBe(0);
    return { dlq, source };
  };

  const specs = (
    count: number,
    tenantOf: (n: number) => string,
    providerOf: (n: number) => string = () => 'stripe',
  ) => Array.from({ length: count }, (_, n) => ({ n, tenant: tenantOf(n), provider: providerOf(n) }));

  beforeAll(async () => {
    [sqs, dynamo] = await Promise.all([startLocalSqs({ port: 0 }), startLocalDynamo({ port: 0 })]);
    sqsClient = new SQSClient({ endpoint: sqs.endpoint, region: REGION, credentials });
    dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION, credentials });
    // Creates the audit table too, as local mode does.
    await ensureDeliveryTables(dynamoClient, 'local');
    log = new DynamoDbDeliveryLog(dynamoClient, {
      tableName: deliveryResourceNames('local').deliveryLogTable,
      retentionDays: 1,
    });
    workdir = await mkdtemp(join(tmpdir(), 'tsunagi-dlq-'));
  });

  afterAll(async () => {
    sqsClient?.destroy();
    dynamoClient?.destroy();
    await sqs?.stop();
    await dynamo?.stop();
    if (workdir) await rm(workdir, { recursive: true, force: true });
  });

  it('peek decodes, shows reasons (attributes or delivery log), filters, and deletes nothing', async () => {
    const { dlq } = await deadLettered(
      'peek',
      specs(3, (n) => (n === 0 ? 'acme' : 'globex')),
    );
    // The worker's own path for a permanent failure: the reason rides on the message as attributes.
    const worker = deadLetterOf(
      deliveryBody('peek', { n: 9, tenant: 'acme', provider: 'github' }),
      {
        code: 'client_error',
        message: 'destination answered HTTP 400',
        attempts: 1,
        last_status: 400,
        failed_at: '2026-01-05T03:00:01.000Z',
      },
      { tenant_id: 'acme', provider: 'github', route_id: 'orders' },
    );
    await sqsClient.send(
      new SendMessageCommand({
        QueueUrl: dlq,
        MessageBody: worker.body,
        MessageAttributes: stringAttributes(worker.attributes),
      }),
    );

    const all = await runOps(['dlq', 'peek', 'peek-dlq', '--json', ...local()]);
    expect(all.stderr).toBe('');
    expect(all.status).toBe(0);
    const peeked = DlqPeekOutputSchema.parse(JSON.parse(all.stdout));
    expect(peeked.messages).toHaveLength(4);
    const byEvent = new Map(peeked.messages.map((message) => [message.event_id, message]));
    expect(byEvent.get('evt_peek_9')?.failure).toMatchObject({ code: 'client_error', last_status: 400 });
    expect(byEvent.get('evt_peek_9')?.failure_source).toBe('attributes');
    expect(byEvent.get('evt_peek_1')?.failure).toMatchObject({ code: 'server_error', last_status: 503 });
    expect(byEvent.get('evt_peek_1')?.failure_source).toBe('delivery_log');
    expect(byEvent.get('evt_peek_1')).toMatchObject({
      kind: 'delivery',
      tenant_id: 'globex',
      route_id: 'orders',
    });
    expect(byEvent.get('evt_peek_1')?.source_queue_arn).toMatch(/:peek$/);

    // The peek's short visibility timeout hands the messages back by itself; wait for it.
    await new Promise((resolve) => setTimeout(resolve, PEEK_VISIBILITY_TIMEOUT_SECONDS * 1000 + 200));
    const filtered = await runOps([
      'dlq',
      'peek',
      'peek-dlq',
      '--tenant-id',
      'acme',
      '--error',
      'http 400',
      '--json',
      ...local(),
    ]);
    expect(DlqPeekOutputSchema.parse(JSON.parse(filtered.stdout)).messages.map((m) => m.event_id)).toEqual([
      'evt_peek_9',
    ]);
    expect(await total(dlq)).toBe(4);
  });

  it('a filtered redrive moves exactly the matching messages; --dry-run and a refused confirmation move nothing', async () => {
    const { dlq, source } = await deadLettered(
      'filt',
      specs(6, (n) => (n % 2 === 0 ? 'acme' : 'globex')),
    );
    const args = [
      'dlq',
      'redrive',
      'filt-dlq',
      '--tenant-id',
      'acme',
      '--rate',
      '50/s',
      '--json',
      ...local(),
    ];

    const [refused, dry] = await Promise.all([runOps(args), runOps([...args, '--dry-run'])]);
    expect(refused.status).toBe(3);
    const dryOut = DlqRedriveOutputSchema.parse(JSON.parse(dry.stdout));
    expect(dryOut).toMatchObject({ outcome: 'dry_run', mode: 'filtered', counts: { matched: 3, moved: 0 } });
    expect(dryOut.would_move).toHaveLength(3);
    expect([await total(dlq), await total(source)]).toEqual([6, 0]);

    // The dry run received (peeked at) them: wait until they are visible again.
    await new Promise((resolve) => setTimeout(resolve, PEEK_VISIBILITY_TIMEOUT_SECONDS * 1000 + 200));
    const moved = await runOps([...args, '--yes']);
    expect(moved.status).toBe(0);
    const out = DlqRedriveOutputSchema.parse(JSON.parse(moved.stdout));
    expect(out).toMatchObject({
      outcome: 'completed',
      destination: 'filt',
      counts: { matched: 3, moved: 3, failed: 0 },
    });
    expect(out.audit_id).toBeTruthy();
    const redelivered = (await drain(source)).map((body) => JSON.parse(body).event.tenant_id);
    expect(redelivered).toEqual(['acme', 'acme', 'acme']);
    expect(await total(dlq)).toBe(3);
  });

  it('a redrive interrupted half-way loses nothing (count reconciliation), even if a delete fails after the send', async () => {
    const { dlq, source } = await deadLettered(
      'intr',
      specs(8, () => 'acme'),
    );
    const queues = new SqsQueueOps(sqsClient);
    const before = { dlq: await total(dlq), destination: await total(source) };
    const controller = new AbortController();
    let deletes = 0;
    // A crash between send and delete on the third message: sent, never deleted.
    const flaky: QueueOps = Object.assign(Object.create(queues) as QueueOps, {
      delete: async (url: string, handle: string) => {
        if (++deletes === 3) throw new Error('connection reset');
        return queues.delete(url, handle);
      },
    });
    const result = await moveFiltered(flaky, dlq, source, {
      filter: { tenantId: 'acme' },
      // Slow enough (a move every 50 ms) that the interruption lands with most messages not yet started.
      ratePerSecond: 20,
      dryRun: false,
      signal: controller.signal,
      waitSeconds: 0,
      emptyReceivesToStop: 1,
      onProgress: ({ counts }) => {
        if (counts.moved + counts.failed >= 4) controller.abort();
      },
    });
    expect(result.interrupted).toBe(true);
    const { moved, failed } = result.counts;
    expect(failed).toBe(1);
    // Moves already started finish after the interruption; the rest were never touched.
    expect(moved + failed).toBeGreaterThanOrEqual(4);
    expect(moved + failed).toBeLessThan(8);
    const after = { dlq: await total(dlq), destination: await total(source) };
    const reconciliation = reconcile(before, after);
    expect(reconciliation.lost).toBe(0);
    expect(reconciliation.duplicated).toBe(1);
    expect(after).toEqual({ dlq: 8 - moved, destination: moved + 1 });
  });

  it('without filters, the native move task runs to completion; status lists it', async () => {
    const { dlq, source } = await deadLettered(
      'native',
      specs(5, () => 'acme'),
    );
    const run = await runOps([
      'dlq',
      'redrive',
      'native-dlq',
      '--rate',
      '100',
      '--yes',
      '--json',
      ...local(),
    ]);
    expect(run.status).toBe(0);
    const out = DlqRedriveOutputSchema.parse(JSON.parse(run.stdout));
    expect(out).toMatchObject({ mode: 'move_task', outcome: 'completed', counts: { moved: 5 } });
    expect(out.task?.status).toBe('COMPLETED');
    expect([await total(dlq), await total(source)]).toEqual([0, 5]);
    const status = await runOps(['dlq', 'status', 'native-dlq', '--json', ...local()]);
    expect(DlqStatusOutputSchema.parse(JSON.parse(status.stdout)).tasks[0]).toMatchObject({
      status: 'COMPLETED',
      moved: 5,
    });
  });

  it('cancel stops a running move task (audited); status shows it', async () => {
    const { dlq } = await deadLettered(
      'cancel',
      specs(6, () => 'acme'),
    );
    const { Attributes } = await sqsClient.send(
      new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }),
    );
    // A slow task started elsewhere (the console, another operator): one message a second.
    await sqsClient.send(
      new StartMessageMoveTaskCommand({ SourceArn: Attributes!.QueueArn, MaxNumberOfMessagesPerSecond: 1 }),
    );
    const dry = await runOps(['dlq', 'cancel', 'cancel-dlq', '--dry-run', '--json', ...local()]);
    expect(DlqCancelOutputSchema.parse(JSON.parse(dry.stdout))).toMatchObject({
      dry_run: true,
      audit_id: null,
    });
    const run = await runOps(['dlq', 'cancel', 'cancel-dlq', '--yes', '--json', ...local()]);
    expect(run.status).toBe(0);
    const out = DlqCancelOutputSchema.parse(JSON.parse(run.stdout));
    expect(out.cancelled?.status).toBe('RUNNING');
    expect(out.audit_id).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const status = await runOps(['dlq', 'status', 'cancel-dlq', '--json', ...local()]);
    expect(DlqStatusOutputSchema.parse(JSON.parse(status.stdout)).tasks[0]?.status).toMatch(/^CANCEL/);
    const again = await runOps(['dlq', 'cancel', 'cancel-dlq', '--yes', ...local()]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/no running move task/);
  });

  it('archive writes the matching messages as JSON lines, then deletes them; audit list reads the records', async () => {
    const { dlq } = await deadLettered(
      'arch',
      specs(
        4,
        () => 'acme',
        (n) => (n < 3 ? 'stripe' : 'github'),
      ),
    );
    const dir = join(workdir, 'archive');
    const run = await runOps([
      'dlq',
      'archive',
      'arch-dlq',
      '--provider',
      'stripe',
      '--to',
      dir,
      '--yes',
      '--json',
      ...local(),
    ]);
    expect(run.status).toBe(0);
    const out = DlqArchiveOutputSchema.parse(JSON.parse(run.stdout));
    expect(out).toMatchObject({ outcome: 'completed', counts: { matched: 3, moved: 3, skipped: 1 } });
    const [file] = await readdir(dir);
    const lines = (await readFile(join(dir, file!), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.provider)).toEqual(['stripe', 'stripe', 'stripe']);
    expect(lines[0].failure).toMatchObject({ code: 'server_error' });
    expect(JSON.parse(lines[0].body).event.event_id).toMatch(/^evt_arch_/);
    expect(await total(dlq)).toBe(1);

    const audit = await runOps(['audit', 'list', '--since', '1h', '--json', ...local()]);
    expect(audit.status).toBe(0);
    const records = AuditListOutputSchema.parse(JSON.parse(audit.stdout)).records;
    const archive = records.find((record) => record.command === 'dlq archive' && record.queue === 'arch-dlq');
    expect(archive).toMatchObject({
      stage: 'local',
      outcome: 'completed',
      filters: { provider: 'stripe' },
      counts: { moved: 3 },
    });
    expect(archive?.who).toMatch(/\(local\)$/);
    expect(archive?.detail.file).toBe(join(dir, file!));
    // The earlier tests' redrives (filtered and move task) were audited too; dry runs and refusals were not.
    const redrives = records.filter((record) => record.command === 'dlq redrive');
    expect(
      redrives.map((record) => [record.queue, record.detail.mode, record.counts.moved, record.outcome]),
    ).toEqual([
      ['filt-dlq', 'filtered', 3, 'completed'],
      ['native-dlq', 'move_task', 5, 'completed'],
    ]);
    expect(records.filter((record) => record.command === 'dlq cancel').map((record) => record.queue)).toEqual(
      ['cancel-dlq'],
    );
    expect(redrives[0]?.filters).toEqual({ tenant_id: 'acme' });
  });

  it('list shows the stage DLQs with depth and source queues, and says which are absent', async () => {
    const run = await runOps(['dlq', 'list', '--json', ...local()]);
    expect(run.status).toBe(0);
    const out = DlqListOutputSchema.parse(JSON.parse(run.stdout));
    expect(out.queues.map((queue) => [queue.alias, queue.name, queue.source_queues])).toEqual([
      ['inbound-dlq', 'tsunagi-local-inbound-dlq', ['tsunagi-local-inbound']],
      ['delivery-dlq', 'tsunagi-local-delivery-dlq', ['tsunagi-local-delivery']],
    ]);
    expect(out.missing.map((gone) => gone.alias)).toEqual(['sync-schedule-dlq']);
    const [badRate, help] = await Promise.all([
      runOps(['dlq', 'redrive', 'delivery-dlq', '--rate', '0', ...local()]),
      runOps(['dlq', 'redrive', '--help']),
    ]);
    expect(badRate.status).toBe(2);
    expect(help.stdout).toMatch(/StartMessageMoveTask/);
    const unknown = await runOps(['dlq', 'peek', 'no-such-dlq', ...local()]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/not found/);
  });
});
