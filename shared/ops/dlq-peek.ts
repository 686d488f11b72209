import { type DlqFilter, describeFilter } from './dlq-message.ts';
import { peekMessages } from './dlq-operations.ts';
import { resolveQueue } from './dlq-queues.ts';
import type { DlqPorts } from './ports.ts';
import type { DlqPeekOutput } from './schemas.ts';

export interface PeekInput {
  readonly queue: string;
  readonly filter: DlqFilter;
  /** At most this many matching messages. */
  readonly limit: number;
}

/** `dlq peek`: matching dead letters, decoded, with their failure reasons; deletes nothing. */
export const peekDlq = async (ports: DlqPorts, input: PeekInput): Promise<DlqPeekOutput> => {
  const queue = await resolveQueue(ports, input.queue);
  const { scanned, messages } = await peekMessages(ports.queues, queue.url, {
    filter: input.filter,
    limit: input.limit,
    failures: ports.failures,
    emptyReceivesToStop: ports.emptyReceivesToStop,
  });
  return {
    target: ports.target.label,
    queue: queue.name,
    filter: describeFilter(input.filter),
    scanned,
    messages,
  };
};
