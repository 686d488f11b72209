import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type DeadLetter, peekDeadLetters } from '../../../infra/local/delivery-dlq.ts';
import { DEMO_SECRETS_FILE } from '../../../infra/local/local-secrets.ts';
import { type LocalPlatform, type StartLocalOptions, startLocal } from '../../../infra/local/platform.ts';
import { type SentRequest, sendRequest, signRequest } from '../../../infra/local/signed-request.ts';
import { DynamoDbDeliveryLog } from '../../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import type { EventJourney } from '../../../shared/delivery/delivery-log.ts';
import { FREE_PORTS } from '../../support/free-ports.ts';
import { type FaultDestination, startFaultDestination } from './faults-destination.ts';

/**
 * Local mode started for one fault test file: one tenant (`faults`) whose routes each deliver the generic
 * events of one event type to one path of a scripted test endpoint, on free ports, with short timeouts.
 */

export const TENANT = 'faults';
const PREFIX = 'tsunagi/local';
const LOCAL = { region: 'ap-northeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export interface FaultWorld {
  readonly platform: LocalPlatform;
  readonly destination: FaultDestination;
  readonly sqs: SQSClient;
  readonly log: DynamoDbDeliveryLog;
  /** Signs a generic webhook of `eventType` with this provider event id (a fresh one when absent). */
  webhook(eventType: string, providerEventId?: string): ReturnType<typeof signRequest>;
  send(request: ReturnType<typeof signRequest>): Promise<SentRequest>;
  journey(eventId: string): Promise<EventJourney>;
  deadLetters(): Promise<DeadLetter[]>;
  /** Messages on a queue, visible or in flight. */
  depth(queueUrl: string): Promise<number>;
  stop(): Promise<void>;
}

export interface FaultWorldOptions {
  /** Route ids; route `x` takes events of type `x.*` to path `/x`. */
  readonly routes: readonly string[];
  /**
   * Inbound queue visibility timeout: how soon a record the router gave back is retried (local mode: 30 s).
   * Below the router's 30 s function timeout, which AWS would refuse; sound here because a routing takes
   * well under a second and a failed one releases its idempotency claim at once.
   */
  readonly inboundVisibilitySeconds?: number;
  readonly platform?: Partial<StartLocalOptions>;
}

const tenantFile = (routes: readonly string[], destinationUrl: string) => ({
  tenants: [
    {
      tenant_id: TENANT,
      name: 'Fault injection tenant',
      status: 'active',
      routes: routes.map((route) => ({
        route_id: route,
        match: { provider: 'generic', event_type: `${route}.*` },
        destination: {
          type: 'http',
          url: `${destinationUrl}/${route}`,
          signing_secret_name: `${PREFIX}/${TENANT}/routes/${route}`,
          timeout_ms: 1500,
        },
      })),
    },
  ],
});

/** The demo secrets plus this tenant's webhook secret and one Standard Webhooks secret for all its routes. */
const secretsFile = async (routes: readonly string[], webhookSecret: string, routeSecret: string) => {
  const secrets = JSON.parse(await readFile(DEMO_SECRETS_FILE, 'utf8')) as Record<string, string>;
  secrets[`${PREFIX}/${TENANT}/webhooks/generic`] = JSON.stringify({ signingSecrets: [webhookSecret] });
  for (const route of routes) secrets[`${PREFIX}/${TENANT}/routes/${route}`] = routeSecret;
  return secrets;
};

export const startFaultWorld = async (options: FaultWorldOptions): Promise<FaultWorld> => {
  const routeSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const webhookSecret = randomBytes(32).toString('hex');
  const destination = await startFaultDestination(routeSecret);
  const dir = await mkdtemp(join(tmpdir(), 'tsunagi-faults-'));
  const files = { tenants: join(dir, 'tenants.json'), secrets: join(dir, 'secrets.json') };
  await writeFile(files.tenants, JSON.stringify(tenantFile(options.routes, destination.url)));
  await writeFile(
    files.secrets,
    JSON.stringify(await secretsFile(options.routes, webhookSecret, routeSecret)),
  );
  let platform: LocalPlatform | undefined;
  try {
    platform = await startLocal({
      ...FREE_PORTS,
      sync: false,
      logLevel: 'SILENT',
      tenantsFile: files.tenants,
      secretsFile: files.secrets,
      workerTimeoutMs: 5_000,
      ...options.platform,
    });
  } catch (error) {
    await destination.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const started = platform;
  const sqs = new SQSClient({ ...LOCAL, endpoint: started.sqsEndpoint });
  const dynamo = new DynamoDBClient({ ...LOCAL, endpoint: started.dynamoEndpoint });
  const log = new DynamoDbDeliveryLog(dynamo, { tableName: started.tables.deliveryLog, retentionDays: 1 });
  if (options.inboundVisibilitySeconds !== undefined) {
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: started.queueUrls.inbound,
        Attributes: { VisibilityTimeout: String(options.inboundVisibilitySeconds) },
      }),
    );
  }
  return {
    platform: started,
    destination,
    sqs,
    log,
    webhook: (eventType, providerEventId = `evt_${randomBytes(6).toString('hex')}`) =>
      signRequest({
        baseUrl: started.baseUrl,
        provider: 'generic',
        tenantId: TENANT,
        secret: webhookSecret,
        body: Buffer.from(JSON.stringify({ id: providerEventId, type: eventType, data: { n: 1 } })),
        contentType: 'application/json',
        headers: { 'x-event-id': providerEventId, 'x-event-type': eventType },
      }),
    send: (request) => sendRequest(request),
    journey: (eventId) => log.getJourney(eventId),
    deadLetters: () => peekDeadLetters(sqs, started.queueUrls.deliveryDlq),
    depth: async (queueUrl) => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        Number(Attributes.ApproximateNumberOfMessages ?? 0) +
        Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
      );
    },
    stop: async () => {
      sqs.destroy();
      dynamo.destroy();
      await started.stop();
      await destination.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
};
