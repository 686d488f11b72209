import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { FileSecretStore } from '../../shared/adapters/kernel/file-secret-store.ts';
import { SecretsManagerSecretStore } from '../../shared/adapters/kernel/secrets-manager-secret-store.ts';
import { S3BlobStore } from '../../shared/adapters/webhooks/s3-blob-store.ts';
import { SqsEventQueue } from '../../shared/adapters/webhooks/sqs-event-queue.ts';
import { newEventId } from '../../shared/webhooks/ids.ts';
import type { SigningSecretStore } from '../../shared/webhooks/ports.ts';
import type { ReceiveWebhookDeps } from '../../shared/webhooks/receive-webhook.ts';
import { SigningSecretLookup } from '../../shared/webhooks/signing-secrets.ts';
import type { ReceiverEnv } from './env.ts';

// Slack wants an answer within 3 s: fail fast enough that a 503 (and the provider's retry) beats its timeout.
const requestHandler = { connectionTimeout: 1_000, requestTimeout: 2_000 };

const secretStore = (env: ReceiverEnv, sqs: SQSClient): SigningSecretStore => {
  if (env.LOCAL_SECRETS_FILE) {
    // No remembered misses locally: a secret added with `ops secrets put` must verify at once.
    const file = new FileSecretStore(env.LOCAL_SECRETS_FILE);
    return new SigningSecretLookup(file, { prefix: env.SECRET_PREFIX, missingCacheSeconds: 0 });
  }
  // One keep-alive HTTP handler and one credential provider per container, shared with the SQS client.
  const client = new SecretsManagerClient({
    region: env.AWS_REGION,
    requestHandler: sqs.config.requestHandler,
    credentials: sqs.config.credentials,
    maxAttempts: 2,
  });
  const store = new SecretsManagerSecretStore(client, { cacheSeconds: env.SECRET_CACHE_SECONDS });
  return new SigningSecretLookup(store, { prefix: env.SECRET_PREFIX });
};

/**
 * The receiver's SQS client: short timeouts, three attempts, and no logger middleware. Requests go to the
 * client's own endpoint (the region's, or `AWS_ENDPOINT_URL_SQS` locally), which is where the stage's queue
 * lives, so the SDK need not parse the queue URL twice per send to pick an endpoint from it.
 */
export const newReceiverSqsClient = (env: Pick<ReceiverEnv, 'AWS_REGION'>): SQSClient => {
  const sqs = new SQSClient({
    region: env.AWS_REGION,
    requestHandler,
    maxAttempts: 3,
    useQueueUrlAsEndpoint: false,
  });
  // The client is given no logger, yet the SDK's logger middleware still copies every input and output with
  // sensitive members redacted, on every send, only to hand the copies to a no-op. With an envelope and its
  // four attributes that walk costs more than building the envelope, so the middleware is removed.
  sqs.middlewareStack.remove('loggerMiddleware');
  return sqs;
};

/** Builds the receiver's adapters once per container. */
export const buildDependencies = (env: ReceiverEnv): ReceiveWebhookDeps => {
  const sqs = newReceiverSqsClient(env);
  return {
    secrets: secretStore(env, sqs),
    queue: new SqsEventQueue(sqs, env.INBOUND_QUEUE_URL),
    blobs: new S3BlobStore({
      bucket: env.CLAIM_CHECK_BUCKET,
      region: env.AWS_REGION,
      credentials: sqs.config.credentials,
      sha256: sqs.config.sha256,
      endpoint: env.AWS_ENDPOINT_URL_S3,
    }),
    config: { maxBodyBytes: env.MAX_BODY_BYTES, claimCheckThresholdBytes: env.CLAIM_CHECK_THRESHOLD_BYTES },
    now: () => new Date(),
    newEventId,
  };
};
