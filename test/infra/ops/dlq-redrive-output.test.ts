import { type MessageAttributeValue, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSqs, startLocalSqs } from '../../../infra/local/sqs.ts';
import { countsLine, progressText } from '../../../infra/ops/dlq-shared.ts';
import { runOps } from './run-ops.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('ops dlq redrive: the text output (local-aws-sqs)', () => {
  let sqs: LocalSqs;
  let client: SQSClient;
  // A filtered dry run reads no table: nothing needs to answer at the DynamoDB endpoint.
  const local = () => [
    '--local',
    '--sqs-endpoint',
    sqs.endpoint,
    '--dynamodb-endpoint',
    'http://127.0.0.1:9',
  ];
  const attributes = (tenant: string): Record<string, MessageAttributeValue> => ({
    tenant_id: { DataType: 'String', StringValue: tenant },
  });

  beforeAll(async () => {
    sqs = await startLocalSqs({ port: 0 });
    client = new SQSClient({ endpoint: sqs.endpoint, region: 'ap-northeast-1', credentials });
  });

  afterAll(async () => {
    client?.destroy();
    await sqs?.stop();
  });

  it('a filtered dry run says it would move as many as it lists, and its progress stays within its total', async () => {
    // Prepare: two of six dead letters belong to acme.
    for (const [n, tenant] of ['acme', 'globex', 'globex', 'acme', 'globex', 'globex'].entries()) {
      await client.send(
        new SendMessageCommand({
          QueueUrl: sqs.queueUrls.deliveryDlq,
          MessageBody: JSON.stringify({ event_id: `evt_${n}`, tenant_id: tenant }),
          MessageAttributes: attributes(tenant),
        }),
      );
    }

    // Act
    const run = await runOps([
      'dlq',
      'redrive',
      'delivery-dlq',
      '--tenant-id',
      'acme',
      '--dry-run',
      ...local(),
    ]);

    // Assess
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/dry_run; matched 2, would move 2, skipped 4, failed 0/);
    expect(run.stdout.match(/^ {2}would move /gm)).toHaveLength(2);
    const progress = run.stderr.trim().split('\n');
    expect(progress.length).toBeGreaterThan(0);
    for (const line of progress) {
      const [, done, total] =
        /^(\d+)\/(\d+) read; matched \d+, would move \d+, skipped \d+, failed \d+$/.exec(line) ?? [];
      expect(line, line).toMatch(/ read; /);
      expect(Number(done)).toBeLessThanOrEqual(Number(total));
    }
    expect(progress.at(-1)).toBe('6/6 read; matched 2, would move 2, skipped 4, failed 0');
  });
});

describe('Function: progressText', () => {
  it('never shows more done than its total, and names what the numbers count', () => {
    // Act
    const scan = progressText(
      {
        kind: 'scan',
        read: 6,
        total: 6,
        counts: { matched: 2, moved: 1, skipped: 4, failed: 0 },
        dryRun: false,
      },
      'moved',
      10,
    );
    const task = progressText({ kind: 'move_task', moved: 3, total: 4, status: 'RUNNING' }, 'moved');

    // Assess
    expect(scan).toBe('[██████████] 6/6 read; matched 2, moved 1, skipped 4, failed 0');
    expect(task).toBe('3/4 moved (RUNNING)');
  });

  it('counts what a dry run would move or archive as the matches', () => {
    // Act
    const counts = { matched: 2, moved: 0, skipped: 4, failed: 0 };

    // Assess
    expect(countsLine(counts, 'would move', true)).toBe('matched 2, would move 2, skipped 4, failed 0');
    expect(countsLine(counts, 'moved')).toBe('matched 2, moved 0, skipped 4, failed 0');
    expect(progressText({ kind: 'scan', read: 6, total: 6, counts, dryRun: true }, 'archived')).toBe(
      '6/6 read; matched 2, would archive 2, skipped 4, failed 0',
    );
  });
});
