import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describeError } from '../../kernel/errors.ts';
import type { EventEnvelope } from '../../webhooks/envelope.ts';
import { DurabilityError } from '../../webhooks/errors.ts';
import type { EventQueue } from '../../webhooks/ports.ts';

const attribute = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/** Message attributes let consumers and operators filter without parsing the body. */
export const envelopeAttributes = (envelope: EventEnvelope): Record<string, MessageAttributeValue> => {
  const attributes: Record<string, MessageAttributeValue> = {
    tenant_id: attribute(envelope.tenant_id),
    provider: attribute(envelope.provider),
    trace_id: attribute(envelope.trace_id),
  };
  // SQS rejects empty attribute values, so an event without a type carries no attribute for it.
  if (envelope.event_type) attributes.event_type = attribute(envelope.event_type.slice(0, 256));
  return attributes;
};

/** Sends envelopes to the inbound SQS queue; any SDK failure becomes a `DurabilityError`. */
export class SqsEventQueue implements EventQueue {
  public constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  public async send(envelope: EventEnvelope): Promise<void> {
    try {
      await this.client.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(envelope),
          MessageAttributes: envelopeAttributes(envelope),
        }),
      );
    } catch (error) {
      throw new DurabilityError(`SendMessage failed: ${describeError(error)}`, { cause: error });
    }
  }
}
