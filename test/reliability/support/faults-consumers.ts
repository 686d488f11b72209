import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { StartConsumersOptions } from '../../../infra/local/consumers.ts';
import type { LocalPlatform } from '../../../infra/local/platform.ts';
import { commonEnv, consumerEnvs } from '../../../infra/local/platform-env.ts';

/** The options startLocal would start the router and worker with, for a platform started without them. */
export const consumerOptionsFor = (
  platform: LocalPlatform,
  workerTimeoutMs: number,
): StartConsumersOptions => {
  const region = 'ap-northeast-1';
  const common = commonEnv({
    region,
    secretsFile: platform.secretsFile,
    secretPrefix: platform.secretPrefix,
    logLevel: 'SILENT',
  });
  const env = consumerEnvs(common, {
    deliveryQueueUrl: platform.queueUrls.delivery,
    deliveryDlqUrl: platform.queueUrls.deliveryDlq,
    sqsEndpoint: platform.sqsEndpoint,
    objectStoreEndpoint: platform.objectStoreEndpoint,
    dynamoEndpoint: platform.dynamoEndpoint,
    sesEndpoint: platform.ses.endpoint,
    slackApiBaseUrl: platform.fakes.slack.apiBaseUrl,
    secondaryEmailUrl: platform.fakes.secondaryEmail.sendUrl,
    unfakedApiBaseUrl: `${platform.fakes.slack.url}/not-faked`,
    perAttemptTimeoutMs: 2_000,
  });
  return { sqsEndpoint: platform.sqsEndpoint, region, queueUrls: platform.queueUrls, env, workerTimeoutMs };
};

export interface ConsumerProcess {
  /** SIGKILL: no batch in flight finishes, no message is deleted, nothing is flushed. */
  kill(): Promise<void>;
}

/** Starts the consumers in a child process (one node process, so its id is the one killed). */
export const spawnConsumers = async (options: StartConsumersOptions): Promise<ConsumerProcess> => {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'faults-consumer-process.ts')],
    {
      env: { ...process.env, FAULTS_CONSUMERS: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const exited = once(child, 'exit');
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    void exited.then(([code]) => reject(new Error(`the consumer process exited early (${String(code)})`)));
  });
  await ready;
  return {
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
};
