import { describe, expect, it } from 'vitest';
import { peekDlq } from '../../../shared/ops/dlq-peek.ts';
import { withDeadLetters } from './fake-ops.ts';

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
