import { describe, expect, it } from 'vitest';
import { listAudit, recordAudit } from '../../../shared/ops/audit.ts';
import { type ArchiveSink, planArchive, runArchive } from '../../../shared/ops/dlq-archive.ts';
import { peekDlq } from '../../../shared/ops/dlq-peek.ts';
import { cancelMoveTask, moveTaskStatus, planCancel } from '../../../shared/ops/dlq-tasks.ts';
import { NotFoundError } from '../../../shared/ops/errors.ts';
import { deadLetter, localPorts } from './fake-ops.ts';

const withDeadLetters = (tenants: readonly string[]) => {
  const fixture = localPorts();
  fixture.queues.queues
    .get('tsunagi-local-delivery-dlq')!
    .messages.push(...tenants.map((tenant, n) => deadLetter(n, tenant)));
  return fixture;
};

describe('Function: peekDlq', () => {
  it('returns the matching messages decoded, and leaves every message visible', async () => {
    // Prepare
    const { ports, queues } = withDeadLetters(['acme', 'globex', 'acme']);

    // Act
    const output = await peekDlq(ports, { queue: 'delivery-dlq', filter: { tenantId: 'acme' }, limit: 10 });

    // Assess
    expect(output).toMatchObject({
      queue: 'tsunagi-local-delivery-dlq',
      scanned: 3,
      filter: { tenant_id: 'acme' },
    });
    expect(output.messages.map((message) => [message.event_id, message.kind])).toEqual([
      ['evt_0', 'delivery'],
      ['evt_2', 'delivery'],
    ]);
    expect(await queues.attributes(await queues.queueUrl('tsunagi-local-delivery-dlq'))).toMatchObject({
      ApproximateNumberOfMessages: '3',
    });
  });
});

describe('Function: runArchive', () => {
  it('writes the matching messages to the sink, then deletes them, and audits the file', async () => {
    // Prepare
    const { ports, queues, audit } = withDeadLetters(['acme', 'globex', 'acme']);
    const written: string[] = [];
    const sink: ArchiveSink = {
      file: '/archive/x.jsonl',
      write: async (lines) => void written.push(...lines),
    };
    const plan = await planArchive(ports, {
      queue: 'delivery-dlq',
      filter: { tenantId: 'acme' },
      dryRun: false,
    });

    // Act
    const { output } = await runArchive(ports, plan, { sink });

    // Assess
    expect(output).toMatchObject({
      outcome: 'completed',
      file: '/archive/x.jsonl',
      counts: { moved: 2, skipped: 1 },
    });
    expect(written.map((line) => JSON.parse(line).event_id)).toEqual(['evt_0', 'evt_2']);
    expect(queues.queues.get('tsunagi-local-delivery-dlq')!.messages.map((m) => m.messageId)).toEqual(['m1']);
    expect(audit.records).toEqual([
      expect.objectContaining({ command: 'dlq archive', detail: { file: '/archive/x.jsonl' } }),
    ]);
  });

  it('a dry run writes and deletes nothing, and is not audited', async () => {
    // Prepare
    const { ports, queues, audit } = withDeadLetters(['acme', 'globex']);
    const plan = await planArchive(ports, { queue: 'delivery-dlq', filter: {}, dryRun: true });

    // Act
    const { output } = await runArchive(ports, plan, { sink: null });

    // Assess
    expect(output).toMatchObject({
      outcome: 'dry_run',
      file: null,
      audit_id: null,
      counts: { matched: 2, moved: 0 },
    });
    expect(queues.queues.get('tsunagi-local-delivery-dlq')!.messages).toHaveLength(2);
    expect(audit.records).toEqual([]);
  });
});

describe('Function: cancelMoveTask', () => {
  it('cancels the running task and audits it; without a running task there is nothing to cancel', async () => {
    // Prepare
    const { ports, queues, audit } = localPorts();
    const arn = 'arn:aws:sqs:local:000000000000:tsunagi-local-delivery-dlq';
    await queues.startMoveTask(arn, undefined, 1);
    queues.tasks[0] = { ...queues.tasks[0]!, status: 'RUNNING', moved: 4 };

    // Act
    const status = await moveTaskStatus(ports, { queue: 'delivery-dlq' });
    const plan = await planCancel(ports, { queue: 'delivery-dlq' });
    const dry = await cancelMoveTask(ports, plan, { dryRun: true });
    const done = await cancelMoveTask(ports, plan, { dryRun: false });

    // Assess
    expect(status.tasks.map((task) => task.status)).toEqual(['RUNNING']);
    expect(dry).toMatchObject({ dry_run: true, moved_before_cancel: null, audit_id: null });
    expect(done).toMatchObject({ dry_run: false, moved_before_cancel: 4, audit_id: audit.records[0]!.id });
    expect(audit.records[0]).toMatchObject({
      command: 'dlq cancel',
      counts: { moved: 4 },
      outcome: 'cancelled',
    });
    await expect(planCancel(ports, { queue: 'delivery-dlq' })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('Function: listAudit', () => {
  it('lists the stage’s records at or after since', async () => {
    // Prepare
    const { ports } = localPorts();
    const entry = {
      command: 'dlq cancel',
      queue: 'q',
      filters: {},
      counts: {},
      outcome: 'cancelled',
      detail: {},
    } as const;
    await recordAudit(ports, entry, () => Date.parse('2026-01-05T00:00:00.000Z'));
    const late = await recordAudit(ports, entry, () => Date.parse('2026-01-05T02:00:00.000Z'));

    // Act
    const output = await listAudit(ports, { since: new Date('2026-01-05T01:00:00.000Z') });

    // Assess
    expect(output).toMatchObject({ target: 'local (test)', since: '2026-01-05T01:00:00.000Z' });
    expect(output.records.map((record) => record.id)).toEqual([late]);
  });
});
