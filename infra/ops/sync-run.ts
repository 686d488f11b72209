import { type SyncRunInput, SyncRunInputSchema } from '../../shared/sync/workflow/contract.ts';
import { executionNameFor, manualRunId } from '../../shared/sync/workflow/run-names.ts';
import { COMMON_HELP, COMMON_OPTIONS, parseCommand, printJson, UsageError } from './cli.ts';
import { runFailed, runOutcome } from './sync-summary.ts';

export { executionNameFor, manualRunId };

export const SYNC_RUN_USAGE = `Usage: npm run ops -- sync run (--local | --stage <s>) [options]

Runs the daily tenant sync now (the spec's BATCH-403) and follows it to the end with a progress bar
(tenant × system children done / planned), then prints the run's summary. Without filters it covers every
active tenant and each of its chat systems, exactly as the 06:00 (Asia/Tokyo) schedule does.

  --stage <dev|stg|prod>    start an execution of the stage's state machine (named after the run id) and follow it
  --local                   run the same state machine definition in this process (aws-local-stepfunctions)
                            against the platform \`npm start\` runs here: its DynamoDB, object store, SES
                            and fake Slack / Graph / LINE WORKS servers
  --region <region>         AWS region (default $AWS_REGION, else ap-northeast-1)

Parameters:
  --tenant-id <id>          only this tenant
  --system-type <s>         only SLACK, TEAMS or LINE_WORKS
  --sync-type <t>           only users, teams or notifications
  --dry-run                 compute and report the differences, write nothing
  --force-refresh           refresh access tokens even when the cached ones are still valid
  --batch-size <n>          vendor page size, 1-100 (default 100)
  --run-id <id>             the run id (default manual-<UTC time>); a run id starts at most one run
  --no-follow               with --stage: start the execution and return at once
${COMMON_HELP}`;

export const SYNC_RUN_OPTIONS = {
  ...COMMON_OPTIONS,
  local: { type: 'boolean' },
  stage: { type: 'string' },
  region: { type: 'string' },
  'tenant-id': { type: 'string' },
  'system-type': { type: 'string' },
  'sync-type': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'force-refresh': { type: 'boolean' },
  'batch-size': { type: 'string' },
  'run-id': { type: 'string' },
  'no-follow': { type: 'boolean' },
} as const;

export interface SyncRunValues {
  readonly 'tenant-id'?: string;
  readonly 'system-type'?: string;
  readonly 'sync-type'?: string;
  readonly 'dry-run'?: boolean;
  readonly 'force-refresh'?: boolean;
  readonly 'batch-size'?: string;
  readonly 'run-id'?: string;
}

/** The state machine input the options describe, validated by the contract the plan parses. */
export const syncRunInput = (values: SyncRunValues, now = new Date()): SyncRunInput => {
  const batch = values['batch-size'];
  if (batch !== undefined && !/^\d+$/.test(batch))
    throw new UsageError(`--batch-size: "${batch}" is not a number`);
  const candidate = {
    run_id: values['run-id'] ?? manualRunId(now),
    ...(values['tenant-id'] ? { tenant_id: values['tenant-id'] } : {}),
    ...(values['system-type'] ? { system_type: values['system-type'].toUpperCase() } : {}),
    ...(values['sync-type'] ? { sync_type: values['sync-type'].toLowerCase() } : {}),
    dry_run: values['dry-run'] ?? false,
    force_refresh: values['force-refresh'] ?? false,
    ...(batch !== undefined ? { batch_size: Number(batch) } : {}),
  };
  const parsed = SyncRunInputSchema.safeParse(candidate);
  if (!parsed.success) {
    const flag = (path: PropertyKey[]) => `--${String(path[0] ?? 'input').replace(/_/g, '-')}`;
    const problems = parsed.error.issues.map((issue) => `${flag(issue.path)}: ${issue.message}`);
    throw new UsageError(`${problems.join('; ')}\n\n${SYNC_RUN_USAGE}`);
  }
  return parsed.data;
};

export const syncRun = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, SYNC_RUN_OPTIONS);
  if (values.help) return console.log(SYNC_RUN_USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected "${positionals[0]}"\n\n${SYNC_RUN_USAGE}`);
  if (values.local && values.stage)
    throw new UsageError('--local and --stage are mutually exclusive; give one');
  if (!values.local && !values.stage) throw new UsageError('say where: --local or --stage <dev|stg|prod>');
  const input = syncRunInput(values);
  const json = values.json ?? false;
  const summary = values.local
    ? await (await import('./sync-local.ts')).runSyncLocally(input, { json })
    : await (await import('./sync-stage.ts')).runSyncOnStage(input, {
        stage: values.stage!,
        region: values.region,
        json,
        follow: !values['no-follow'],
      });
  if (json) printJson(summary);
  if (runFailed(summary)) {
    throw new Error(
      `sync run ${summary.run_id} ${runOutcome(summary)}: nothing was synced (see the report above)`,
    );
  }
};
