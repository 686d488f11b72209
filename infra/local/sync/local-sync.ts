import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { TSUNAGI_APP_NAME, tenantTableNames } from '../../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { SYNC_MODULE, syncResourceNames } from '../../../shared/sync/workflow/config-names.ts';
import type { SyncRunInput } from '../../../shared/sync/workflow/contract.ts';
import type { AslMachine, Json } from './asl.ts';
import { parseItems } from './distributed-map.ts';
import { ExecutionAlreadyExistsError, LocalExecutions } from './executions.ts';
import type { LambdaHandler } from './local-lambda.ts';
import { type LocalExecutionResult, runLocalExecution, type TraceEvent } from './step-functions-runner.ts';

/**
 * The tenant sync in local mode: the three functions loaded in this process with the environment their
 * deployed versions get (shared/sync/workflow/config-names.ts), pointed at the stand-ins and the fake
 * vendors, and the deployed definition run over them. `npm start` (the schedule) and `ops sync run --local`
 * (a separate process, against the running platform) both run syncs through `createLocalSyncRunner`.
 */

/** Fixed ports of the fake vendors in local mode: Slack, Graph (+1), LINE WORKS (+2). */
export const LOCAL_SYNC_VENDORS_PORT = 9340;
export const LOCAL_SYNC_BUCKET = 'tsunagi-local-sync';
export const LOCAL_SYNC_EMAIL_FROM = 'tsunagi-local-sync@tsunagi.example';
export const LOCAL_SYNC_REPORT_TO = 'operators@tsunagi.example';

export interface LocalSyncEndpoints {
  readonly region: string;
  readonly dynamoEndpoint: string;
  readonly objectStoreEndpoint: string;
  readonly sesEndpoint: string;
  readonly secretsFile: string;
  readonly secretPrefix: string;
  /** Origins of the fake vendors (FakeVendors['urls']). */
  readonly vendors: { readonly slack: string; readonly msgraph: string; readonly lineworks: string };
  readonly logLevel?: string;
}

/** The variables the three functions read (config-names.ts), for local mode. */
export const localSyncEnv = (e: LocalSyncEndpoints): Record<string, string> => ({
  STAGE: 'local',
  AWS_REGION: e.region,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: e.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  TENANT_TABLE: tenantTableNames('local').data,
  SYNC_TABLE: syncResourceNames('local').syncTable,
  SYNC_BUCKET: LOCAL_SYNC_BUCKET,
  SECRET_PREFIX: e.secretPrefix,
  LOCAL_SECRETS_FILE: e.secretsFile,
  SLACK_API_BASE_URL: `${e.vendors.slack}/api`,
  GRAPH_API_BASE_URL: e.vendors.msgraph,
  GRAPH_LOGIN_BASE_URL: e.vendors.msgraph,
  LINE_WORKS_API_BASE_URL: e.vendors.lineworks,
  LINE_WORKS_AUTH_BASE_URL: e.vendors.lineworks,
  MAX_IN_LAMBDA_WAIT_SECONDS: '20',
  EMAIL_FROM: LOCAL_SYNC_EMAIL_FROM,
  REPORT_EMAIL_TO: LOCAL_SYNC_REPORT_TO,
  AWS_ENDPOINT_URL_S3: e.objectStoreEndpoint,
  AWS_ENDPOINT_URL_DYNAMODB: e.dynamoEndpoint,
  AWS_ENDPOINT_URL_SES: e.sesEndpoint,
  AWS_ENDPOINT_URL_SESV2: e.sesEndpoint,
});

/** The `sync` module's framework tables (command, data, history), as the stateful stack creates them. */
export const ensureSyncTables = async (client: DynamoDBClient): Promise<void> => {
  for (const kind of ['command', 'data', 'history']) {
    try {
      await client.send(
        new CreateTableCommand({
          TableName: `local-${TSUNAGI_APP_NAME}-${SYNC_MODULE}-${kind}`,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'pk', AttributeType: 'S' },
            { AttributeName: 'sk', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'pk', KeyType: 'HASH' },
            { AttributeName: 'sk', KeyType: 'RANGE' },
          ],
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
};

const FUNCTIONS = { plan: 'sync-plan', step: 'sync-step', report: 'sync-report' } as const;
/** The function names the local definition's ARNs end with (definition.ts); the runner matches by name. */
const LOCAL_SYNC_FUNCTION_NAMES = {
  plan: 'tsunagi-local-sync-plan',
  step: 'tsunagi-local-sync-step',
  report: 'tsunagi-local-sync-report',
} as const;
let loadedEnv: string | undefined;

/**
 * Imports the three handlers after setting their environment, as Lambda starts them. Modules load once per
 * process and read their environment then, so a second call must ask for the same environment.
 */
export const loadSyncLambdas = async (
  env: Record<string, string>,
): Promise<Record<string, LambdaHandler>> => {
  const fingerprint = JSON.stringify(env);
  if (loadedEnv !== undefined && loadedEnv !== fingerprint) {
    throw new Error('the sync functions already loaded in this process with another environment');
  }
  loadedEnv = fingerprint;
  Object.assign(process.env, env);
  const lambdas: Record<string, LambdaHandler> = {};
  for (const [key, name] of Object.entries(FUNCTIONS) as [keyof typeof FUNCTIONS, string][]) {
    process.env.POWERTOOLS_SERVICE_NAME = name;
    // A computed specifier: the functions are loaded only when a sync runs, never by the rest of local mode.
    const module = (await import(new URL(`../../../functions/${name}/handler.ts`, import.meta.url).href)) as {
      handler: LambdaHandler;
    };
    lambdas[LOCAL_SYNC_FUNCTION_NAMES[key]] = module.handler;
  }
  return lambdas;
};

export interface LocalSyncRunOptions {
  readonly onEvent?: (event: TraceEvent) => void;
}

export type LocalSyncStart =
  | { readonly started: true; readonly runId: string; readonly done: Promise<LocalExecutionResult> }
  | { readonly started: false; readonly runId: string; readonly reason: string };

export interface LocalSyncRunner {
  readonly executions: LocalExecutions;
  /** Claims the run id (refused when taken), then runs in the background. */
  start(input: SyncRunInput, options?: LocalSyncRunOptions): Promise<LocalSyncStart>;
  /** `start`, then waits for the end; throws ExecutionAlreadyExistsError when the run id is taken. */
  run(input: SyncRunInput, options?: LocalSyncRunOptions): Promise<LocalExecutionResult>;
  destroy(): void;
}

export interface LocalSyncRunnerOptions {
  readonly endpoints: LocalSyncEndpoints;
  /** Fast tests: milliseconds per Wait / retryable state name. */
  readonly waitTimeOverrides?: Readonly<Record<string, number>>;
  readonly retryIntervalOverrides?: Readonly<Record<string, number>>;
  /** Handlers to use instead of the real functions (tests of the wiring). */
  readonly lambdas?: Readonly<Record<string, LambdaHandler>>;
}

export const createLocalSyncRunner = async (options: LocalSyncRunnerOptions): Promise<LocalSyncRunner> => {
  const { endpoints } = options;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const dynamo = new DynamoDBClient({
    region: endpoints.region,
    endpoint: endpoints.dynamoEndpoint,
    credentials,
  });
  const s3 = new S3Client({
    region: endpoints.region,
    endpoint: endpoints.objectStoreEndpoint,
    forcePathStyle: true,
    credentials,
  });
  const executions = new LocalExecutions(dynamo);
  await executions.ensureTable();
  await ensureSyncTables(dynamo);
  await s3.send(new CreateBucketCommand({ Bucket: LOCAL_SYNC_BUCKET }));
  // Loaded at the first run, not at start: most `npm start` sessions never sync, and the functions'
  // modules (framework, SDK clients) take a moment to load.
  let loaded: Promise<{ lambdas: Record<string, LambdaHandler>; definition: AslMachine }> | undefined;
  const load = () => {
    loaded ??= (async () => ({
      lambdas: { ...(options.lambdas ?? (await loadSyncLambdas(localSyncEnv(endpoints)))) },
      // The CDK constructs load only when a sync runs.
      definition: (await import('./definition.ts')).renderTenantSyncDefinition(),
    }))();
    return loaded;
  };
  const readItems = async (request: { bucket: string; key: string; inputType: 'JSON' | 'JSONL' }) => {
    const answer = await s3.send(new GetObjectCommand({ Bucket: request.bucket, Key: request.key }));
    return parseItems((await answer.Body?.transformToString('utf8')) ?? '', request.inputType);
  };
  const start = async (
    input: SyncRunInput,
    runOptions: LocalSyncRunOptions = {},
  ): Promise<LocalSyncStart> => {
    try {
      await executions.claim(input.run_id, input);
    } catch (error) {
      if (error instanceof ExecutionAlreadyExistsError)
        return { started: false, runId: input.run_id, reason: error.message };
      throw error;
    }
    const done = load()
      .then(({ lambdas, definition }) =>
        runLocalExecution({
          definition,
          input: input as unknown as Json,
          name: input.run_id,
          lambdas,
          readItems,
          waitTimeOverrides: options.waitTimeOverrides,
          retryIntervalOverrides: options.retryIntervalOverrides,
          onEvent: runOptions.onEvent,
        }),
      )
      .then(
        async (result) => {
          await executions.finish(input.run_id, result);
          return result;
        },
        async (error: unknown) => {
          // The run could not even start (e.g. a Task without a handler): record it, as AWS would show FAILED.
          const failure = {
            error: (error as Error).name ?? 'Error',
            cause: (error as Error).message ?? String(error),
          };
          await executions.finish(input.run_id, { status: 'FAILED', error: failure });
          throw error;
        },
      );
    return { started: true, runId: input.run_id, done };
  };
  return {
    executions,
    start,
    run: async (input, runOptions) => {
      const started = await start(input, runOptions);
      if (!started.started) throw new ExecutionAlreadyExistsError(input.run_id);
      return started.done;
    },
    destroy: () => {
      dynamo.destroy();
      s3.destroy();
    },
  };
};
