import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createRequestHandler } from 'local-aws-sqs';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';

const delivery = deliveryResourceNames('local');

/** Queue names local mode creates; they mirror the deployed queues, with the `local` stage in the name. */
export const LOCAL_QUEUE_NAMES = {
  inbound: 'tsunagi-local-inbound',
  inboundDlq: 'tsunagi-local-inbound-dlq',
  delivery: delivery.deliveryQueue,
  deliveryDlq: delivery.deliveryDlq,
} as const;

export type LocalQueueName = keyof typeof LOCAL_QUEUE_NAMES;
export type LocalQueueUrls = Record<LocalQueueName, string>;

/** Same as the deployed inbound queue: a message is dead-lettered on its fourth receive. */
export const INBOUND_MAX_RECEIVE_COUNT = 3;

/** Same as the deployed delivery queue: a retryable failure is dead-lettered on its fourth receive. */
export const DELIVERY_MAX_RECEIVE_COUNT = 3;

/**
 * Local mode's delivery visibility timeout. It must cover one worker invocation (the event source warns
 * otherwise, as AWS refuses such a mapping), and it is also the wait between two receives of a failing
 * delivery, so it sets how fast the retry-exhausted path reaches the DLQ: about 3 × this.
 */
export const LOCAL_DELIVERY_VISIBILITY_TIMEOUT_SECONDS = 6;

export interface LocalSqsOptions {
  /** 0 picks a free port (tests); local mode uses 9324, the port SQS stand-ins traditionally use. */
  readonly port?: number;
  readonly host?: string;
  readonly region?: string;
  /** Visibility timeout of the delivery queue; default `LOCAL_DELIVERY_VISIBILITY_TIMEOUT_SECONDS`. */
  readonly deliveryVisibilityTimeoutSeconds?: number;
}

export interface LocalSqs {
  /** What `AWS_ENDPOINT_URL_SQS` points at. */
  readonly endpoint: string;
  readonly queueUrls: LocalQueueUrls;
  /** Stops answering (in-flight sockets are cut too) while keeping every queue and message in memory. */
  stop(): Promise<void>;
  /** Listens again on the same port, so queue URLs already handed out stay valid. */
  restart(): Promise<void>;
}

const DEFAULTS = { port: 9324, host: '127.0.0.1', region: 'ap-northeast-1' } as const;

const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    // `createSqsServer` never rejects on EADDRINUSE (the error event has no listener), so own the server.
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // SDK clients keep sockets alive; without this `close` waits for them and a "down" queue still answers.
    server.closeAllConnections();
  });

/** Starts local-aws-sqs in this process and creates the queues local mode needs through the real SDK. */
export const startLocalSqs = async (options: LocalSqsOptions = {}): Promise<LocalSqs> => {
  const { port, host, region } = { ...DEFAULTS, ...options };
  const deliveryVisibility =
    options.deliveryVisibilityTimeoutSeconds ?? LOCAL_DELIVERY_VISIBILITY_TIMEOUT_SECONDS;
  const { service, requestHandler } = createRequestHandler({
    port,
    hostname: host,
    region,
    // Local restarts are instant; AWS's 60 s wait before re-creating a deleted queue would only get in the way.
    emulateQueueCreationLifecycle: false,
  });
  let server = createServer(requestHandler);
  const boundPort = await listen(server, port, host);
  // Queue URLs embed the port; with port 0 only the bound one is known.
  service.PORT = boundPort;
  const endpoint = `http://${host}:${boundPort}`;
  const queueUrls = await createQueues(endpoint, region, deliveryVisibility);
  return {
    endpoint,
    queueUrls,
    stop: () => close(server),
    restart: async () => {
      if (server.listening) return;
      server = createServer(requestHandler);
      await listen(server, boundPort, host);
    },
  };
};

const createQueues = async (
  endpoint: string,
  region: string,
  deliveryVisibilitySeconds: number,
): Promise<LocalQueueUrls> => {
  const client = new SQSClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const [inboundDlq, inboundDlqArn] = await createDlq(client, LOCAL_QUEUE_NAMES.inboundDlq);
    const inbound = await createQueue(client, LOCAL_QUEUE_NAMES.inbound, {
      VisibilityTimeout: '30',
      RedrivePolicy: redrive(inboundDlqArn, INBOUND_MAX_RECEIVE_COUNT),
    });
    const [deliveryDlq, deliveryDlqArn] = await createDlq(client, LOCAL_QUEUE_NAMES.deliveryDlq);
    const deliveryQueue = await createQueue(client, LOCAL_QUEUE_NAMES.delivery, {
      VisibilityTimeout: String(deliveryVisibilitySeconds),
      RedrivePolicy: redrive(deliveryDlqArn, DELIVERY_MAX_RECEIVE_COUNT),
    });
    return { inbound, inboundDlq, delivery: deliveryQueue, deliveryDlq };
  } finally {
    client.destroy();
  }
};

const redrive = (deadLetterTargetArn: string, maxReceiveCount: number): string =>
  JSON.stringify({ deadLetterTargetArn, maxReceiveCount });

/** A DLQ keeps messages 14 days, the SQS maximum, so an operator has time to look. Returns URL and ARN. */
const createDlq = async (client: SQSClient, name: string): Promise<[string, string]> => {
  const url = await createQueue(client, name, { MessageRetentionPeriod: String(14 * 24 * 3600) });
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  if (!Attributes?.QueueArn) throw new Error(`local SQS returned no ARN for queue ${name}`);
  return [url, Attributes.QueueArn];
};

const createQueue = async (
  client: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> => {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!QueueUrl) throw new Error(`local SQS returned no URL for queue ${name}`);
  return QueueUrl;
};
