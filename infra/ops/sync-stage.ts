import { SFNClient } from '@aws-sdk/client-sfn';
import { SfnSyncRuns } from '../../shared/adapters/ops/sfn-sync-runs.ts';
import { runSync, type SyncRunSummary } from '../../shared/ops/sync-run.ts';
import type { SyncRunInput } from '../../shared/sync/workflow/contract.ts';
import { UsageError } from './cli.ts';
import { ProgressPrinter } from './sync-progress.ts';
import { summaryLines } from './sync-summary.ts';
import { DEPLOYED_STAGES } from './target.ts';

/** `sync run --stage`: the stage's state machine (shared/adapters/ops/sfn-sync-runs.ts), followed with progress. */

export interface StageRunOptions {
  readonly stage: string;
  readonly region?: string;
  readonly json: boolean;
  readonly follow: boolean;
  readonly pollMs?: number;
  readonly client?: SFNClient;
}

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
  const printer = new ProgressPrinter(!options.json);
  try {
    const runs = new SfnSyncRuns(client, options.stage, { pollMs: options.pollMs });
    const summary = await runSync(runs, input, {
      follow: options.follow,
      onStarted: (execution) => {
        if (!options.json) console.error(`started ${execution}`);
      },
      onProgress: (progress) => printer.update(progress),
    });
    if (!options.follow) return summary;
    printer.done();
    if (!options.json) console.log(summaryLines(summary).join('\n'));
    return summary;
  } finally {
    if (!options.client) client.destroy();
  }
};
