import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListStateMachinesCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { realSleep, type Sleep } from '../../kernel/clock.ts';
import { NotFoundError } from '../../ops/errors.ts';
import {
  EMPTY_PROGRESS,
  type SyncProgress,
  SyncRunAlreadyStartedError,
  type SyncRunState,
  type SyncRuns,
} from '../../ops/sync-run.ts';
import { syncResourceNames } from '../../sync/workflow/config-names.ts';
import type { SyncRunInput } from '../../sync/workflow/contract.ts';
import { executionNameFor } from '../../sync/workflow/run-names.ts';

/**
 * A stage's sync runs on Step Functions: StartExecution on the stage's tenant-sync state machine, named after
 * the run id (a run id starts at most one run, as with the schedule), then DescribeExecution +
 * GetExecutionHistory every `pollMs`. Children progress comes from the Distributed Map run (DescribeMapRun's
 * item counts): its iterations are child executions, which the parent's history does not list one by one.
 */
export class SfnSyncRuns implements SyncRuns {
  public readonly label: string;
  private progress: SyncProgress = EMPTY_PROGRESS;
  private asked = false;

  public constructor(
    private readonly client: SFNClient,
    private readonly stage: string,
    private readonly options: { readonly pollMs?: number; readonly sleep?: Sleep } = {},
  ) {
    this.label = `stage ${stage}`;
  }

  public async start(input: SyncRunInput): Promise<string> {
    const stateMachineArn = await this.findStateMachine(syncResourceNames(this.stage).stateMachine);
    const name = executionNameFor(input.run_id);
    const started = await this.client
      .send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }))
      .catch((error: unknown) => {
        if (error instanceof ExecutionAlreadyExists) {
          throw new SyncRunAlreadyStartedError(
            `run "${input.run_id}" was already started (execution ${name}); give another --run-id`,
            { cause: error },
          );
        }
        throw error;
      });
    return started.executionArn!;
  }

  public async next(executionArn: string): Promise<SyncRunState> {
    if (this.asked) await (this.options.sleep ?? realSleep)(this.options.pollMs ?? 3000);
    this.asked = true;
    const described = await this.client.send(new DescribeExecutionCommand({ executionArn }));
    const history = await this.readHistory(executionArn);
    if (history.mapRunArn) {
      const run = await this.client.send(new DescribeMapRunCommand({ mapRunArn: history.mapRunArn }));
      const counts = run.itemCounts;
      this.progress = {
        total: counts?.total ?? null,
        succeeded: counts?.succeeded ?? 0,
        failed: (counts?.failed ?? 0) + (counts?.timedOut ?? 0) + (counts?.aborted ?? 0),
        state: history.state,
      };
    } else this.progress = { ...this.progress, state: history.state };
    const status = described.status ?? 'UNKNOWN';
    if (status === 'RUNNING') return { status, progress: this.progress };
    return {
      status,
      progress: this.progress,
      output: described.output ? JSON.parse(described.output) : null,
      error: described.error ? { error: described.error, cause: described.cause ?? '' } : null,
    };
  }

  private async findStateMachine(name: string): Promise<string> {
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new ListStateMachinesCommand({ nextToken }));
      const found = page.stateMachines?.find((machine) => machine.name === name);
      if (found?.stateMachineArn) return found.stateMachineArn;
      nextToken = page.nextToken;
    } while (nextToken);
    throw new NotFoundError(`no state machine "${name}" in this account and region: is the stage deployed?`);
  }

  /** The newest state entered (for the line after the bar) and the Distributed Map run, from recent history. */
  private async readHistory(executionArn: string) {
    const page = await this.client.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 100 }),
    );
    const events: HistoryEvent[] = page.events ?? [];
    const entered = events.find((event) => event.stateEnteredEventDetails?.name);
    const mapRun = events.find((event) => event.mapRunStartedEventDetails?.mapRunArn);
    return {
      state: entered?.stateEnteredEventDetails?.name ?? null,
      mapRunArn: mapRun?.mapRunStartedEventDetails?.mapRunArn,
    };
  }
}
