import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { syncResourceNames } from '../../shared/sync/workflow/config-names.ts';
import type { SyncRunInput } from '../../shared/sync/workflow/contract.ts';
import { executionNameFor } from '../../shared/sync/workflow/run-names.ts';
import { NotFoundError, UsageError } from './cli.ts';
import { EMPTY_PROGRESS, ProgressPrinter, type SyncProgress } from './sync-progress.ts';
import { type SyncRunSummary, summaryLines } from './sync-summary.ts';
import { DEPLOYED_STAGES } from './target.ts';

/**
 * `sync run --stage`: StartExecution on the stage's tenant-sync state machine, named after the run id (a run
 * id starts at most one run, as with the schedule), then DescribeExecution + GetExecutionHistory every few
 * seconds. Children progress comes from the Distributed Map run (DescribeMapRun's item counts): its
 * iterations are child executions, which the parent's history does not list one by one.
 */

export interface StageRunOptions {
  readonly stage: string;
  readonly region?: string;
  readonly json: boolean;
  readonly follow: boolean;
  readonly pollMs?: number;
  readonly client?: SFNClient;
}

const findStateMachine = async (client: SFNClient, name: string): Promise<string> => {
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListStateMachinesCommand({ nextToken }));
    const found = page.stateMachines?.find((machine) => machine.name === name);
    if (found?.stateMachineArn) return found.stateMachineArn;
    nextToken = page.nextToken;
  } while (nextToken);
  throw new NotFoundError(`no state machine "${name}" in this account and region: is the stage deployed?`);
};

/** The newest state entered (for the line after the bar) and the Distributed Map run, from recent history. */
const readHistory = async (client: SFNClient, executionArn: string) => {
  const page = await client.send(
    new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 100 }),
  );
  const events: HistoryEvent[] = page.events ?? [];
  const entered = events.find((event) => event.stateEnteredEventDetails?.name);
  const mapRun = events.find((event) => event.mapRunStartedEventDetails?.mapRunArn);
  return {
    state: entered?.stateEnteredEventDetails?.name ?? null,
    mapRunArn: mapRun?.mapRunStartedEventDetails?.mapRunArn,
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const runSyncOnStage = async (
  input: SyncRunInput,
  options: StageRunOptions,
): Promise<SyncRunSummary> => {
  if (!(DEPLOYED_STAGES as readonly string[]).includes(options.stage)) {
    throw new UsageError(`unknown stage "${options.stage}"; one of ${DEPLOYED_STAGES.join(', ')}`);
  }
  const region =
    options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'ap-northeast-1';
  const client = options.client ?? new SFNClient({ region });
  try {
    const stateMachineArn = await findStateMachine(client, syncResourceNames(options.stage).stateMachine);
    const name = executionNameFor(input.run_id);
    const started = await client
      .send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }))
      .catch((error: unknown) => {
        if (error instanceof ExecutionAlreadyExists) {
          throw new Error(
            `run "${input.run_id}" was already started (execution ${name}); give another --run-id`,
          );
        }
        throw error;
      });
    const executionArn = started.executionArn!;
    if (!options.json) console.error(`started ${executionArn}`);
    if (!options.follow) {
      return {
        target: `stage ${options.stage}`,
        run_id: input.run_id,
        execution: executionArn,
        status: 'RUNNING',
      };
    }
    const printer = new ProgressPrinter(!options.json);
    let progress: SyncProgress = EMPTY_PROGRESS;
    for (;;) {
      const described = await client.send(new DescribeExecutionCommand({ executionArn }));
      const history = await readHistory(client, executionArn);
      if (history.mapRunArn) {
        const run = await client.send(new DescribeMapRunCommand({ mapRunArn: history.mapRunArn }));
        const counts = run.itemCounts;
        progress = {
          total: counts?.total ?? null,
          succeeded: counts?.succeeded ?? 0,
          failed: (counts?.failed ?? 0) + (counts?.timedOut ?? 0) + (counts?.aborted ?? 0),
          state: history.state,
        };
      } else progress = { ...progress, state: history.state };
      printer.update(progress);
      if (described.status !== 'RUNNING') {
        printer.done();
        const summary: SyncRunSummary = {
          target: `stage ${options.stage}`,
          run_id: input.run_id,
          execution: executionArn,
          status: described.status ?? 'UNKNOWN',
          output: described.output ? JSON.parse(described.output) : null,
          error: described.error ? { error: described.error, cause: described.cause ?? '' } : null,
          progress,
        };
        if (!options.json) console.log(summaryLines(summary).join('\n'));
        return summary;
      }
      await sleep(options.pollMs ?? 3000);
    }
  } finally {
    if (!options.client) client.destroy();
  }
};
