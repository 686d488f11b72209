import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { consolePortsOf } from '../../shared/adapters/console/console-ports.ts';
import { openCloudWatchQueueAgeMetrics } from '../../shared/adapters/ops/cloudwatch-queue-age.ts';
import type { ConsolePorts } from '../../shared/console/ports.ts';
import { bearerAuthenticator, type Principal } from '../../shared/console/principal.ts';
import type { ConsoleApiEnv } from './env.ts';
import { logger } from './telemetry.ts';

/** console-api's adapters, built once per container: the same ones the operator CLI uses on a stage. */
export interface ConsoleApiDependencies {
  readonly ports: Promise<ConsolePorts>;
  authenticate(authorization: string | undefined): Promise<Principal | null>;
}

/** Archives as S3 objects: one object per written batch, under one prefix per run (objects cannot be appended). */
const s3Archive = (s3: S3Client, bucket: string) => async (queue: string) => {
  const prefix = `archives/${queue}/${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  let part = 0;
  return {
    file: `s3://${bucket}/${prefix}/`,
    write: async (lines: readonly string[]) => {
      part += 1;
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${prefix}/part-${String(part).padStart(5, '0')}.jsonl`,
          Body: `${lines.join('\n')}\n`,
          ContentType: 'application/x-ndjson',
        }),
      );
    },
    close: async () => undefined,
  };
};

const signingKey = async (env: ConsoleApiEnv): Promise<Buffer> => {
  const client = new SecretsManagerClient({ region: env.AWS_REGION, maxAttempts: 3 });
  try {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: env.SIGNING_KEY_SECRET_ARN }));
    if (!answer.SecretString) throw new Error('the console signing key secret is empty');
    return Buffer.from(answer.SecretString, 'utf8');
  } finally {
    client.destroy();
  }
};

export const buildConsoleApiDependencies = (env: ConsoleApiEnv): ConsoleApiDependencies => {
  const region = env.AWS_REGION;
  const s3 = new S3Client({ region, maxAttempts: 3 });
  let metrics: ReturnType<typeof openCloudWatchQueueAgeMetrics> | undefined;
  const ports = signingKey(env).then((key) =>
    consolePortsOf({
      stage: env.STAGE,
      label: `stage ${env.STAGE} (${region})`,
      local: false,
      sqs: new SQSClient({ region, maxAttempts: 3 }),
      dynamo: new DynamoDBClient({ region, maxAttempts: 3 }),
      s3: () => s3,
      queueAgeMetrics: async () => {
        metrics ??= openCloudWatchQueueAgeMetrics(region);
        return metrics.metrics;
      },
      signingKey: key,
      allowedOrigins: [env.CONSOLE_ORIGIN],
      openArchive: s3Archive(s3, env.ARCHIVE_BUCKET),
      chunkMs: env.CHUNK_MS,
      logError: (error) => logger.error('console API failure', { error: error as Error }),
    }),
  );
  // The console sends the ID token: it carries the groups and the tenant claim.
  const verifier = CognitoJwtVerifier.create({
    userPoolId: env.USER_POOL_ID,
    clientId: env.USER_POOL_CLIENT_ID,
    tokenUse: 'id',
  });
  return {
    ports,
    authenticate: bearerAuthenticator((token) => verifier.verify(token)),
  };
};
