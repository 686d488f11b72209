import { describe, expect, it } from 'vitest';
import type { DlqProgress } from '../../../shared/ops/dlq-progress.ts';
import { planRedrive, runRedrive } from '../../../shared/ops/dlq-redrive.ts';
import { OpsInputError } from '../../../shared/ops/errors.ts';
import { deadLetter, localPorts } from './fake-ops.ts';

const fill = (queues: ReturnType<typeof localPorts>['queues'], tenants: readonly string[]) => {
  queues.queues.get('tsunagi-local-delivery-dlq')!.messages.push(...tenants.map((t, n) => deadLetter(n, t)));
};

const input = { queue: 'delivery-dlq', ratePerSecond: 500, filter: { tenantId: 'acme' } };

describe('Function: planRedrive', () => {
  it('resolves the DLQ, its source queue and its depth, and moves nothing', async () => {
    // Prepare
    const { ports, queues } = localPorts();
    fill(queues, ['acme', 'globex', 'acme']);

    // Act
    const plan = await planRedrive(ports, { ...input, dryRun: false });

    // Assess
    expect(plan).toMatchObject({
      mode: 'filtered',
      destinationLabel: 'tsunagi-local-delivery',
      depth: { visible: 3, inFlight: 0 },
    });
    expect(queues.sent).toEqual([]);
  });

  it('refuses a filtered redrive of a DLQ without a single source queue when no destination is given', async () => {
    // Prepare
    const { ports, queues } = localPorts();
    queues.add('orphan-dlq');

    // Act
    const plan = planRedrive(ports, { ...input, queue: 'orphan-dlq', dryRun: false });

    // Assess
    await expect(plan).rejects.toBeInstanceOf(OpsInputError);
  });
});

describe('Function: runRedrive', () => {
  it('a filtered dry run lists exactly the matching messages, and its progress never exceeds its total', async () => {
    // Prepare
    const { ports, queues, audit } = localPorts();
    fill(queues, ['acme', 'globex', 'globex', 'acme', 'globex', 'globex']);
    const plan = await planRedrive(ports, { ...input, dryRun: true });
    // More arrive after the depth was read: the progress total must follow.
    fill(queues, ['globex', 'globex']);
    const progress: DlqProgress[] = [];

    // Act
    const { output } = await runRedrive(ports, plan, { onProgress: (p) => progress.push(p) });

    // Assess
    expect(output).toMatchObject({ outcome: 'dry_run', counts: { matched: 2, moved: 0, skipped: 6 } });
    expect(output.would_move.map((message) => message.message_id)).toEqual(['m0', 'm3']);
    expect(output.audit_id).toBeNull();
    expect(queues.sent).toEqual([]);
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) {
      expect(p.kind).toBe('scan');
      if (p.kind === 'scan') expect(p.read).toBeLessThanOrEqual(p.total);
    }
    expect(progress.at(-1)).toMatchObject({ kind: 'scan', dryRun: true });
    expect(audit.records).toEqual([]);
  });

  it('moves the matching messages back to the source queue and audits the run', async () => {
    // Prepare
    const { ports, queues, audit } = localPorts();
    fill(queues, ['acme', 'globex', 'acme']);
    const plan = await planRedrive(ports, { ...input, dryRun: false });

    // Act
    const { output, errors } = await runRedrive(ports, plan, { clock: () => 1767582000000 });

    // Assess
    expect(errors).toEqual([]);
    expect(output).toMatchObject({ outcome: 'completed', counts: { matched: 2, moved: 2, skipped: 1 } });
    expect(queues.sent.map(({ url, message }) => [url.split('/').at(-1), message.messageId])).toEqual([
      ['tsunagi-local-delivery', 'm0'],
      ['tsunagi-local-delivery', 'm2'],
    ]);
    expect(audit.records).toEqual([
      expect.objectContaining({
        id: output.audit_id,
        at: '2026-01-05T03:00:00.000Z',
        who: 'tester (local)',
        stage: 'local',
        command: 'dlq redrive',
        filters: { tenant_id: 'acme' },
        detail: { mode: 'filtered', destination: 'tsunagi-local-delivery', rate_per_second: '500' },
      }),
    ]);
  });

  it('an unfiltered dry run counts what the DLQ holds, starting no move task', async () => {
    // Prepare
    const { ports, queues } = localPorts();
    fill(queues, ['acme', 'globex']);
    const plan = await planRedrive(ports, { ...input, filter: {}, dryRun: true });

    // Act
    const { output } = await runRedrive(ports, plan);

    // Assess
    expect(output).toMatchObject({ mode: 'move_task', outcome: 'dry_run', counts: { matched: 2, moved: 0 } });
    expect(queues.tasks).toEqual([]);
  });

  it('runs a move task without filters and reports it until it finishes', async () => {
    // Prepare
    const { ports, queues } = localPorts();
    fill(queues, ['acme']);
    const plan = await planRedrive(ports, { ...input, filter: {}, dryRun: false });
    const progress: DlqProgress[] = [];

    // Act
    const { output } = await runRedrive(ports, plan, { onProgress: (p) => progress.push(p) });

    // Assess
    expect(output).toMatchObject({ mode: 'move_task', outcome: 'completed', task: { status: 'COMPLETED' } });
    expect(output.destination).toBe('(each message’s source queue)');
    expect(progress).toEqual([{ kind: 'move_task', moved: 1, total: 1, status: 'COMPLETED' }]);
  });
});
