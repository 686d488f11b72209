import type { SyncRunInput } from '../../shared/sync/workflow/contract.ts';
import { LOCAL_PORTS, localDynamoEndpoint } from '../local/local-ports.ts';
import { LOCAL_SECRET_PREFIX } from '../local/local-secrets.ts';
import { ExecutionAlreadyExistsError } from '../local/sync/executions.ts';
import {
  createLocalSyncRunner,
  LOCAL_SYNC_VENDORS_PORT,
  type LocalSyncEndpoints,
  type LocalSyncRunner,
} from '../local/sync/local-sync.ts';
import { defaultSyncStateDir, syncCredentialsFile } from '../local/sync/seed.ts';
import type { TraceEvent } from '../local/sync/step-functions-runner.ts';
import { ProgressPrinter, progressFromTrace } from './sync-progress.ts';
import { type SyncRunSummary, summaryLines } from './sync-summary.ts';

/**
 * `sync run --local`: the deployed definition, run in this process by the local runner, with the three
 * functions loaded here and pointed at the platform `npm start` runs (found on local mode's fixed ports, each
 * overridable with the same variables `npm start` reads).
 */

const local = (port: string | undefined, fallback: number) => `http://127.0.0.1:${port ?? fallback}`;

export const runningPlatformEndpoints = (env = process.env): LocalSyncEndpoints => {
  const vendorsPort = Number(env.SYNC_VENDORS_PORT ?? LOCAL_SYNC_VENDORS_PORT);
  return {
    region: env.AWS_REGION ?? 'ap-northeast-1',
    dynamoEndpoint: localDynamoEndpoint(env),
    objectStoreEndpoint: env.AWS_ENDPOINT_URL_S3 ?? local(env.OBJECT_STORE_PORT, LOCAL_PORTS.objectStore),
    sesEndpoint: env.AWS_ENDPOINT_URL_SES ?? local(env.SES_PORT, LOCAL_PORTS.ses),
    // The credentials file `npm start` seeded for the sync (a copy: the sync rotates refresh tokens).
    secretsFile: syncCredentialsFile(defaultSyncStateDir(env)),
    secretPrefix: env.SECRET_PREFIX ?? LOCAL_SECRET_PREFIX,
    vendors: {
      slack: local(String(vendorsPort), 0),
      graph: local(String(vendorsPort + 1), 0),
      lineworks: local(String(vendorsPort + 2), 0),
    },
  };
};

const refused = (error: unknown): boolean =>
  /ECONNREFUSED/.test(String((error as Error)?.message)) ||
  (error as { cause?: { code?: string } })?.cause?.code === 'ECONNREFUSED' ||
  (error as { code?: string })?.code === 'ECONNREFUSED';

export interface LocalRunOptions {
  readonly json: boolean;
  readonly endpoints?: LocalSyncEndpoints;
  /** An already created runner (the integration test's, inside the platform's process). */
  readonly runner?: LocalSyncRunner;
}

export const runSyncLocally = async (
  input: SyncRunInput,
  options: LocalRunOptions,
): Promise<SyncRunSummary> => {
  const endpoints = options.endpoints ?? runningPlatformEndpoints();
  const runner =
    options.runner ??
    (await createLocalSyncRunner({ endpoints }).catch((error: unknown) => {
      if (!refused(error)) throw error;
      throw new Error(`nothing answers at ${endpoints.dynamoEndpoint}: is \`npm start\` running?`, {
        cause: error,
      });
    }));
  const printer = new ProgressPrinter(!options.json);
  const events: TraceEvent[] = [];
  try {
    const result = await runner
      .run(input, {
        onEvent: (event) => {
          events.push(event);
          printer.update(progressFromTrace(events));
        },
      })
      .catch((error: unknown) => {
        if (error instanceof ExecutionAlreadyExistsError) {
          throw new Error(`run "${input.run_id}" was already started; give another --run-id`);
        }
        throw error;
      });
    printer.done();
    const summary: SyncRunSummary = {
      target: `local (${endpoints.dynamoEndpoint})`,
      run_id: input.run_id,
      execution: result.name,
      status: result.status,
      output: result.output,
      error: result.error,
      progress: progressFromTrace(result.events),
    };
    if (!options.json) console.log(summaryLines(summary).join('\n'));
    return summary;
  } finally {
    if (!options.runner) runner.destroy();
  }
};
