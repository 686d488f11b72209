import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { consolePortsOf } from '../../../shared/adapters/console/console-ports.ts';
import type { ConsolePorts } from '../../../shared/console/ports.ts';

/** The console's ports on local mode's stand-ins, with archives written to files in the instance's folder. */

export interface LocalConsoleEndpoints {
  readonly region: string;
  readonly sqsEndpoint: string;
  readonly dynamoEndpoint: string;
  readonly objectStoreEndpoint: string;
  /** Where `dlq archive` from the console writes its JSON lines. */
  readonly archiveDir: string;
}

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Opens `<dir>/<queue>-<time>.jsonl`; each write is made durable (fsync) before it resolves. */
const openArchiveFile = async (dir: string, queue: string) => {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${queue}-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
  const handle = await open(file, 'a', 0o600);
  return {
    file,
    write: async (lines: readonly string[]) => {
      await handle.write(`${lines.join('\n')}\n`);
      await handle.sync();
    },
    close: () => handle.close(),
  };
};

export const localConsolePorts = (
  endpoints: LocalConsoleEndpoints,
  self: { origins: string[]; signingKey: Buffer },
): { ports: ConsolePorts; close: () => void } => {
  const { region } = endpoints;
  const sqs = new SQSClient({
    region,
    endpoint: endpoints.sqsEndpoint,
    credentials: CREDENTIALS,
    maxAttempts: 3,
  });
  const dynamo = new DynamoDBClient({
    region,
    endpoint: endpoints.dynamoEndpoint,
    credentials: CREDENTIALS,
    maxAttempts: 3,
  });
  const s3 = () =>
    new S3Client({
      region,
      endpoint: endpoints.objectStoreEndpoint,
      forcePathStyle: true,
      credentials: CREDENTIALS,
    });
  const ports = consolePortsOf({
    stage: 'local',
    label: `local (${endpoints.dynamoEndpoint})`,
    local: true,
    sqs,
    dynamo,
    s3,
    queueAgeMetrics: async () => null,
    signingKey: self.signingKey,
    allowedOrigins: self.origins,
    openArchive: (queue) => openArchiveFile(endpoints.archiveDir, queue),
    chunkMs: 3_000,
    logError: (error) => console.error('console API:', error),
  });
  return {
    ports,
    close: () => {
      sqs.destroy();
      dynamo.destroy();
    },
  };
};
