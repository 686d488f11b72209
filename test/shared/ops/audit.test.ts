import { describe, expect, it } from 'vitest';
import { listAudit, recordAudit } from '../../../shared/ops/audit.ts';
import { localPorts } from './fake-ops.ts';

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
