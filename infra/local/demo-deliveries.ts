import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import { type DeadLetter, peekDeadLetters } from './delivery-dlq.ts';
import { type EventOutcome, renderOutcomes, type SentEvent, waitForOutcomes } from './demo-outcome.ts';
import { fakePorts, LOCAL_PORTS, localDynamoEndpoint } from './local-ports.ts';

/**
 * The demo's second half, against a running `npm start` found on local mode's ports (the same variables
 * main.ts reads): waits for the sent events to settle and prints their outcome.
 */

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const showOutcomes = async (
  events: readonly SentEvent[],
  timeoutMs: number,
  quiet: boolean,
): Promise<EventOutcome[]> => {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const region = 'ap-northeast-1';
  const dynamo = new DynamoDBClient({ endpoint: localDynamoEndpoint(), region, credentials });
  const sqs = new SQSClient({
    endpoint: process.env.AWS_ENDPOINT_URL_SQS ?? `http://127.0.0.1:${port('SQS_PORT', LOCAL_PORTS.sqs)}`,
    region,
    credentials,
  });
  const names = deliveryResourceNames('local');
  try {
    const { QueueUrl: dlqUrl = '' } = await sqs.send(
      new GetQueueUrlCommand({ QueueName: names.deliveryDlq }),
    );
    if (!quiet)
      console.log(`\nWaiting up to ${Math.round(timeoutMs / 1000)} s for the deliveries to settle…`);
    const started = Date.now();
    // A read hides a DLQ message for a second; remember what was seen, as it stays in the DLQ.
    const seen = new Map<string, DeadLetter>();
    const deadLetters = async () => {
      for (const letter of await peekDeadLetters(sqs, dlqUrl)) seen.set(letter.message_id, letter);
      return [...seen.values()];
    };
    const outcomes = await waitForOutcomes({
      events,
      log: new DynamoDbDeliveryLog(dynamo, { tableName: names.deliveryLogTable, retentionDays: 1 }),
      deadLetters,
      timeoutMs,
    });
    const fakes = fakePorts(port('FAKES_PORT', LOCAL_PORTS.fakes));
    const ses = port('SES_PORT', LOCAL_PORTS.ses);
    if (!quiet) {
      const hints = {
        mailbox: `the SES mailbox: http://127.0.0.1:${ses}/`,
        backend: `http://127.0.0.1:${fakes.tenantBackend}/received`,
        slack: `http://127.0.0.1:${fakes.slack}/messages`,
      };
      console.log(renderOutcomes(outcomes, hints, Date.now() - started));
    }
    return outcomes;
  } finally {
    dynamo.destroy();
    sqs.destroy();
  }
};
