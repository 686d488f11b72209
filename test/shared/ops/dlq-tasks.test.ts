import { describe, expect, it } from 'vitest';
import { cancelMoveTask, moveTaskStatus, planCancel } from '../../../shared/ops/dlq-tasks.ts';
import { NotFoundError } from '../../../shared/ops/errors.ts';
import { localPorts } from './fake-ops.ts';

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
