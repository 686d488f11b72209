import { describe, expect, it } from 'vitest';
import { listDlqs } from '../../../shared/ops/dlq-list.ts';
import { resolveQueue } from '../../../shared/ops/dlq-queues.ts';
import { NotFoundError, NotInLocalModeError } from '../../../shared/ops/errors.ts';
import { deadLetter, localPorts } from './fake-ops.ts';

describe('Function: listDlqs', () => {
  it('lists each DLQ with its depth and source queue', async () => {
    // Prepare
    const { ports, queues } = localPorts();
    queues.queues
      .get('tsunagi-local-delivery-dlq')!
      .messages.push(deadLetter(1, 'acme'), deadLetter(2, 'acme'));

    // Act
    const output = await listDlqs(ports, () => 1767582060000);

    // Assess
    expect(output.target).toBe('local (test)');
    expect(output.queues.map((queue) => [queue.alias, queue.depth, queue.source_queues])).toEqual([
      ['inbound-dlq', 0, ['tsunagi-local-inbound']],
      ['delivery-dlq', 2, ['tsunagi-local-delivery']],
    ]);
    expect(output.queues[1]).toMatchObject({ oldest_age_seconds: 60, age_source: 'all_messages' });
  });

  it('lists the sync schedule DLQ as not part of local mode, without asking for it or a not-found error', async () => {
    // Prepare
    const { ports, queues } = localPorts();
    const asked: string[] = [];
    const queueUrl = queues.queueUrl.bind(queues);
    queues.queueUrl = async (name) => {
      asked.push(name);
      return queueUrl(name);
    };

    // Act
    const output = await listDlqs(ports);

    // Assess
    expect(output.missing).toEqual([
      {
        alias: 'sync-schedule-dlq',
        why: 'not_in_local_mode',
        reason: expect.stringMatching(/not part of local mode/),
      },
    ]);
    expect(output.missing[0]!.reason).not.toMatch(/not found/);
    expect(asked).not.toContain('tsunagi-local-tenant-sync-schedule-dlq');
  });

  it('reports a DLQ a stage lacks as not found', async () => {
    // Prepare
    const { ports } = localPorts({ local: false });

    // Act
    const output = await listDlqs(ports);

    // Assess
    expect(output.missing).toEqual([
      { alias: 'sync-schedule-dlq', why: 'not_found', reason: expect.stringMatching(/not found/) },
    ]);
  });
});

describe('Function: resolveQueue', () => {
  it('finds the inbound DLQ through its work queue, and refuses what local mode does not have', async () => {
    // Prepare
    const { ports } = localPorts();

    // Act
    const inbound = await resolveQueue(ports, 'inbound-dlq');
    const schedule = resolveQueue(ports, 'sync-schedule-dlq');
    const unknown = resolveQueue(ports, 'no-such-dlq');

    // Assess
    expect(inbound).toMatchObject({ alias: 'inbound-dlq', name: 'tsunagi-local-inbound-dlq' });
    await expect(schedule).rejects.toBeInstanceOf(NotInLocalModeError);
    await expect(unknown).rejects.toThrow(NotFoundError);
    await expect(unknown).rejects.toThrow(/queue "no-such-dlq" not found/);
  });
});
