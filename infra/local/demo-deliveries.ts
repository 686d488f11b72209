import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { tenantTableNames } from '../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { DynamoDbTenantDirectory } from '../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import type { ChatSystem } from '../../shared/tenants/destinations.ts';
import { type DeadLetter, peekDeadLetters } from './delivery-dlq.ts';
import { type EventOutcome, renderOutcomes, type SentEvent, waitForOutcomes } from './demo-outcome.ts';
import { fakePorts, LOCAL_PORTS, localDynamoEndpoint } from './local-ports.ts';
import { LOCAL_SYNC_VENDORS_PORT } from './sync/local-sync.ts';

/**
 * The demo's second half, against a running `npm start` found on local mode's ports (the same variables
 * main.ts reads): waits for the sent events to settle and prints their outcome.
 */

const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

/** The system of each of the tenant's chat routes, as the platform holds them, to say where a message went. */
const chatSystemsOf = async (dynamo: DynamoDBClient, tenantId: string): Promise<Map<string, ChatSystem>> => {
  const tableName = tenantTableNames('local').data;
  const routes = await new DynamoDbTenantDirectory(dynamo, { tableName, cacheTtlMs: 0 }).getRoutes(tenantId);
  return new Map(
    routes.flatMap((route) =>
      route.destination.type === 'chat' ? [[route.route_id, route.destination.system] as const] : [],
    ),
  );
};

export const showOutcomes = async (
  events: readonly SentEvent[],
  timeoutMs: number,
  quiet: boolean,
  tenantId: string,
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
    // The daily sync's fake Graph (+1) and LINE WORKS (+2) take Teams and LINE WORKS chat messages.
    const vendors = port('SYNC_VENDORS_PORT', LOCAL_SYNC_VENDORS_PORT);
    if (!quiet) {
      const hints = {
        mailbox: `the SES mailbox: http://127.0.0.1:${ses}/`,
        backend: `http://127.0.0.1:${fakes.tenantBackend}/received`,
        slack: `http://127.0.0.1:${fakes.slack}/messages`,
        teams: `http://127.0.0.1:${vendors + 1}/messages`,
        lineWorks: `http://127.0.0.1:${vendors + 2}/messages`,
      };
      const chatSystems = await chatSystemsOf(dynamo, tenantId);
      console.log(renderOutcomes(outcomes, hints, Date.now() - started, chatSystems));
    }
    return outcomes;
  } finally {
    dynamo.destroy();
    sqs.destroy();
  }
};
