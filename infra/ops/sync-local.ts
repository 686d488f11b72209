import {
  runSync,
  SyncRunAlreadyStartedError,
  type SyncRunState,
  type SyncRunSummary,
  type SyncRuns,
} from '../../shared/ops/sync-run.ts';
import type { SyncRunInput } from '../../shared/sync/workflow/contract.ts';
import { LOCAL_PORTS, localDynamoEndpoint } from '../local/local-ports.ts';
import { LOCAL_SECRET_PREFIX } from '../local/local-secrets.ts';
import { localSecretsFile } from '../local/state/state-dir.ts';
import {
  createLocalSyncRunner,
  LOCAL_SYNC_VENDORS_PORT,
  type LocalSyncEndpoints,
  type LocalSyncRunner,
} from '../local/sync/local-sync.ts';
import type { TraceEvent } from '../local/sync/step-functions-runner.ts';
import { ProgressPrinter, progressFromTrace } from './sync-progress.ts';
import { summaryLines } from './sync-summary.ts';

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
    // The instance's one secrets file, which its receiver and worker read too (found by the same PORT).
    secretsFile: localSecretsFile(env),
    secretPrefix: env.SECRET_PREFIX ?? LOCAL_SECRET_PREFIX,
    vendors: {
      slack: local(String(vendorsPort), 0),
      msgraph: local(String(vendorsPort + 1), 0),
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

/**
 * Local mode's runner as `SyncRuns`: `start` claims the run id, `next` resolves on the run's next trace event
 * (or its end), so progress is as fine-grained as the runner reports it.
 */
export class LocalSyncRuns implements SyncRuns {
  private readonly events: TraceEvent[] = [];
  private wake: (() => void) | undefined;
  private result: Promise<SyncRunState> | undefined;
  private finished: SyncRunState | undefined;

  public constructor(
    private readonly runner: LocalSyncRunner,
    public readonly label: string,
  ) {}

  public async start(input: SyncRunInput): Promise<string> {
    const started = await this.runner.start(input, {
      onEvent: (event) => {
        this.events.push(event);
        this.wake?.();
      },
    });
    if (!started.started) {
      throw new SyncRunAlreadyStartedError(
        `run "${input.run_id}" was already started; give another --run-id`,
      );
    }
    this.result = started.done.then((done) => {
      this.finished = {
        status: done.status,
        execution: done.name,
        output: done.output,
        error: done.error,
        progress: progressFromTrace(done.events),
      };
      this.wake?.();
      return this.finished;
    });
    return started.runId;
  }

  public async next(): Promise<SyncRunState> {
    const seen = this.events.length;
    while (!this.finished && this.events.length === seen) {
      await Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), this.result]);
    }
    return this.finished ?? { status: 'RUNNING', progress: progressFromTrace(this.events) };
  }
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
  try {
    const runs = new LocalSyncRuns(runner, `local (${endpoints.dynamoEndpoint})`);
    const summary = await runSync(runs, input, {
      follow: true,
      onProgress: (progress) => printer.update(progress),
    });
    printer.done();
    if (!options.json) console.log(summaryLines(summary).join('\n'));
    return summary;
  } finally {
    if (!options.runner) runner.destroy();
  }
};
