import type { AslMachine } from '../../../../infra/local/sync/asl.ts';

/** Fixed local ARNs, as the real definition is rendered with. */
export const ARNS = {
  plan: 'arn:aws:lambda:ap-northeast-1:000000000000:function:tsunagi-local-sync-plan',
  step: 'arn:aws:lambda:ap-northeast-1:000000000000:function:tsunagi-local-sync-step',
  report: 'arn:aws:lambda:ap-northeast-1:000000000000:function:tsunagi-local-sync-report',
} as const;

const LAMBDA_RETRY = [
  {
    ErrorEquals: [
      'Lambda.ClientExecutionTimeoutException',
      'Lambda.ServiceException',
      'Lambda.SdkClientException',
    ],
    IntervalSeconds: 2,
    MaxAttempts: 6,
    BackoffRate: 2,
  },
];

const invoke = (arn: string, next: string | null, extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: arn, 'Payload.$': '$' },
  OutputPath: '$.Payload',
  Retry: LAMBDA_RETRY,
  ...(next ? { Next: next } : { End: true }),
  ...extra,
});

/**
 * The shape CDK synthesizes for the tenant sync (Plan → Distributed Map over a JSONL object → Report), with a
 * small child workflow: Step (Catch → Failed result) → Done. Enough to exercise every transform rule.
 */
export const syncLikeDefinition = (options: { maxConcurrency?: number; withChoice?: boolean } = {}) =>
  ({
    StartAt: options.withChoice ? 'Anything to do?' : 'Plan',
    States: {
      ...(options.withChoice
        ? {
            'Anything to do?': {
              Type: 'Choice',
              Choices: [{ Variable: '$.skip', BooleanEquals: true, Next: 'Nothing' }],
              Default: 'Plan',
            },
            Nothing: { Type: 'Succeed' },
          }
        : {}),
      Plan: invoke(ARNS.plan, 'Fan out', { ResultPath: '$.plan', OutputPath: '$' }),
      'Fan out': {
        Type: 'Map',
        Label: 'Fanout',
        MaxConcurrency: options.maxConcurrency ?? 10,
        ToleratedFailurePercentage: 10,
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSONL' },
          Parameters: { 'Bucket.$': '$.plan.Payload.items.bucket', 'Key.$': '$.plan.Payload.items.key' },
        },
        ItemSelector: { 'item.$': '$$.Map.Item.Value', 'run_id.$': '$.run_id' },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Step',
          States: {
            Step: invoke(ARNS.step, 'Done', {
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Record failure' }],
            }),
            'Record failure': {
              Type: 'Pass',
              Parameters: { 'tenant_id.$': '$.item.tenant_id', status: 'FAILED', 'cause.$': '$.error.Cause' },
              End: true,
            },
            Done: { Type: 'Pass', End: true },
          },
        },
        ResultPath: '$.results',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.mapError', Next: 'Run failed' }],
        Next: 'Report',
      },
      Report: invoke(ARNS.report, null, {
        Parameters: {
          FunctionName: ARNS.report,
          Payload: { 'run_id.$': '$.run_id', 'results.$': '$.results' },
        },
      }),
      'Run failed': { Type: 'Fail', Error: 'SyncRunFailed', Cause: 'the fan-out failed' },
    },
  }) as unknown as AslMachine;
