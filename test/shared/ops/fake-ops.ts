import type { RawDlqMessage } from '../../../shared/ops/dlq-message.ts';
import {
  type AuditLog,
  type DlqPorts,
  QueueNotFoundError,
  type QueueOps,
} from '../../../shared/ops/ports.ts';
import type { AuditRecord, MoveTask } from '../../../shared/ops/schemas.ts';

/** Small in-memory stand-ins of the ops ports, for the use-case tests. */

interface FakeQueue {
  readonly url: string;
  readonly arn: string;
  readonly attributes: Record<string, string>;
  messages: RawDlqMessage[];
  hidden: Set<string>;
}

/** An SQS in memory: receive hides what it hands out until `release`; delete removes it. */
export class FakeQueues implements QueueOps {
  public readonly queues = new Map<string, FakeQueue>();
  public readonly sent: { url: string; message: RawDlqMessage }[] = [];
  public readonly tasks: MoveTask[] = [];

  /** Adds a queue; `deadLetterTo` gives it a redrive policy naming that queue. */
  public add(name: string, options: { deadLetterTo?: string; messages?: RawDlqMessage[] } = {}): string {
    const url = `https://sqs.local/000000000000/${name}`;
    const attributes: Record<string, string> = { QueueArn: `arn:aws:sqs:local:000000000000:${name}` };
    if (options.deadLetterTo)
      attributes.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:local:000000000000:${options.deadLetterTo}`,
        maxReceiveCount: 3,
      });
    this.queues.set(name, {
      url,
      arn: attributes.QueueArn!,
      attributes,
      messages: [...(options.messages ?? [])],
      hidden: new Set(),
    });
    return url;
  }

  private byUrl(url: string): FakeQueue {
    const queue = [...this.queues.values()].find((candidate) => candidate.url === url);
    if (!queue) throw new QueueNotFoundError(`no queue at ${url}`);
    return queue;
  }

  public async queueUrl(name: string): Promise<string> {
    const queue = this.queues.get(name);
    if (!queue) throw new QueueNotFoundError(`no queue named "${name}"`);
    return queue.url;
  }

  public async attributes(url: string): Promise<Readonly<Record<string, string>>> {
    const queue = this.byUrl(url);
    const visible = queue.messages.filter((message) => !queue.hidden.has(message.receiptHandle)).length;
    return {
      ...queue.attributes,
      ApproximateNumberOfMessages: String(visible),
      ApproximateNumberOfMessagesNotVisible: String(queue.messages.length - visible),
    };
  }

  public async sourceQueues(url: string): Promise<string[]> {
    const arn = this.byUrl(url).arn;
    return [...this.queues.values()]
      .filter((queue) => queue.attributes.RedrivePolicy?.includes(`"${arn}"`))
      .map((queue) => queue.url);
  }

  public async receive(url: string, options: { max: number }): Promise<RawDlqMessage[]> {
    const queue = this.byUrl(url);
    const batch = queue.messages.filter((message) => !queue.hidden.has(message.receiptHandle));
    const taken = batch.slice(0, Math.min(10, options.max));
    for (const message of taken) queue.hidden.add(message.receiptHandle);
    return taken;
  }

  public async send(url: string, message: RawDlqMessage): Promise<void> {
    this.sent.push({ url, message });
  }

  public async delete(url: string, receiptHandle: string): Promise<void> {
    const queue = this.byUrl(url);
    queue.messages = queue.messages.filter((message) => message.receiptHandle !== receiptHandle);
  }

  public async release(url: string, receiptHandles: readonly string[]): Promise<void> {
    const queue = this.byUrl(url);
    for (const handle of receiptHandles) queue.hidden.delete(handle);
  }

  public async startMoveTask(sourceArn: string, destinationArn: string | undefined, rate: number) {
    const handle = `task-${this.tasks.length + 1}`;
    // Finishes at once: every message of the source counts as moved.
    const source = [...this.queues.values()].find((queue) => queue.arn === sourceArn);
    const count = source?.messages.length ?? 0;
    this.tasks.unshift({
      task_handle: handle,
      status: 'COMPLETED',
      source_arn: sourceArn,
      destination_arn: destinationArn ?? null,
      max_per_second: rate,
      moved: count,
      to_move: count,
      started_at: '2026-01-05T03:00:00.000Z',
      failure_reason: null,
    });
    return handle;
  }

  public async moveTasks(sourceArn: string): Promise<MoveTask[]> {
    return this.tasks.filter((task) => task.source_arn === sourceArn);
  }

  public async cancelMoveTask(taskHandle: string): Promise<number | null> {
    const task = this.tasks.find((candidate) => candidate.task_handle === taskHandle);
    if (!task) return null;
    this.tasks[this.tasks.indexOf(task)] = { ...task, status: 'CANCELLING' };
    return task.moved;
  }
}

/** An audit trail in memory. */
export class FakeAuditLog implements AuditLog {
  public readonly records: AuditRecord[] = [];

  public async write(record: AuditRecord): Promise<void> {
    this.records.push(record);
  }

  public async list(stage: string, since?: Date): Promise<AuditRecord[]> {
    return this.records.filter(
      (record) => record.stage === stage && (!since || Date.parse(record.at) >= since.getTime()),
    );
  }
}

/** A delivery message dead-lettered for `tenant`, as the worker sends it. */
export const deadLetter = (n: number, tenant: string): RawDlqMessage => ({
  messageId: `m${n}`,
  receiptHandle: `r${n}`,
  body: JSON.stringify({
    version: 1,
    delivery_id: `evt_${n}:orders`,
    route_id: 'orders',
    event: { event_id: `evt_${n}`, tenant_id: tenant, provider: 'stripe', event_type: 'order.created' },
  }),
  attributes: {},
  systemAttributes: { SentTimestamp: '1767582000000' },
});

/** The local stage's queues (inbound and delivery, each with its DLQ) and the ports over them. */
export const localPorts = (overrides: Partial<DlqPorts> = {}) => {
  const queues = new FakeQueues();
  queues.add('tsunagi-local-inbound-dlq');
  queues.add('tsunagi-local-inbound', { deadLetterTo: 'tsunagi-local-inbound-dlq' });
  queues.add('tsunagi-local-delivery-dlq');
  queues.add('tsunagi-local-delivery', { deadLetterTo: 'tsunagi-local-delivery-dlq' });
  const audit = new FakeAuditLog();
  const ports: DlqPorts = {
    target: { label: 'local (test)', stage: 'local' },
    local: true,
    queues,
    failures: { failureOf: async () => null },
    audit,
    emptyReceivesToStop: 1,
    queueAgeMetrics: async () => null,
    who: async () => 'tester (local)',
    ...overrides,
  };
  return { ports, queues, audit };
};

/** The local stage's ports with one delivery dead letter per tenant in `tenants`, in order. */
export const withDeadLetters = (tenants: readonly string[]) => {
  const fixture = localPorts();
  fixture.queues.queues
    .get('tsunagi-local-delivery-dlq')!
    .messages.push(...tenants.map((tenant, n) => deadLetter(n, tenant)));
  return fixture;
};
