import { describe, expect, it } from 'vitest';
import { type ArchiveSink, planArchive, runArchive } from '../../../shared/ops/dlq-archive.ts';
import { withDeadLetters } from './fake-ops.ts';

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
