import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  grantsByResource,
  policyStatements,
  resourceNamed,
  type Statement,
  synthStage,
} from '../helpers.ts';

const SECRETS = 'arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:tsunagi/dev';
const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

describe('Class: SyncFunctions', () => {
  const { stateless } = synthStage('dev');
  const fn = (name: string) =>
    resourceNamed(stateless, 'AWS::Lambda::Function', `SyncFunctions${name}Function`);
  const env = (name: string) =>
    (fn(name).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  const grants = (name: string) => {
    const { [`<SyncFunctions${name}LogGroup`]: _, ...rest } = Object.fromEntries(
      Object.entries(grantsByResource(policyStatements(stateless, `SyncFunctions${name}`))).map(
        ([resource, actions]) => [resource.replace(/[0-9A-F]{8}\.Arn>$/, ''), actions],
      ),
    );
    return rest;
  };

  it('passes each function the variables of config-names.ts', () => {
    const powertools = (service: string) => ({
      POWERTOOLS_SERVICE_NAME: service,
      POWERTOOLS_METRICS_NAMESPACE: 'tsunagi',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
    expect(Object.keys(env('Plan')).sort()).toEqual(
      ['STAGE', 'TENANT_TABLE', 'SYNC_BUCKET', ...Object.keys(powertools(''))].sort(),
    );
    expect(env('Plan')).toMatchObject({ STAGE: 'dev', ...powertools('sync-plan') });
    expect(env('Step')).toEqual({
      STAGE: 'dev',
      TENANT_TABLE: { 'Fn::ImportValue': 'tsunagi-dev-stateful:TenantDataTableName' },
      SYNC_TABLE: { 'Fn::ImportValue': 'tsunagi-dev-stateful:SyncDataTableName' },
      SECRET_PREFIX: 'tsunagi/dev',
      SLACK_API_BASE_URL: 'https://slack.com/api',
      GRAPH_API_BASE_URL: 'https://graph.microsoft.com',
      GRAPH_LOGIN_BASE_URL: 'https://login.microsoftonline.com',
      LINE_WORKS_API_BASE_URL: 'https://www.worksapis.com',
      LINE_WORKS_AUTH_BASE_URL: 'https://auth.worksmobile.com',
      MAX_IN_LAMBDA_WAIT_SECONDS: '20',
      ...powertools('sync-step'),
    });
    expect(env('Report')).toEqual({
      STAGE: 'dev',
      SYNC_TABLE: { 'Fn::ImportValue': 'tsunagi-dev-stateful:SyncDataTableName' },
      SYNC_BUCKET: { 'Fn::ImportValue': 'tsunagi-dev-stateful:SyncBucketName' },
      EMAIL_FROM: 'notifications@dev.tsunagi.example.com',
      REPORT_EMAIL_TO: 'tsunagi-dev-sync-reports@example.com',
      ...powertools('sync-report'),
    });
  });

  it('lets the plan read tenants and write run plans, nothing else', () => {
    expect(grants('Plan')).toEqual({
      '*': XRAY,
      'import:TenantDataTableArn': ['dynamodb:GetItem', 'dynamodb:Query'],
      'import:SyncBucketArn/runs/*': ['s3:PutObject'],
    });
  });

  it('lets the step read tenants, write sync data and read and rotate integration secrets only', () => {
    expect(grants('Step')).toEqual({
      '*': XRAY,
      'import:TenantDataTableArn': ['dynamodb:GetItem', 'dynamodb:Query'],
      'import:SyncDataTableArn': [
        'dynamodb:BatchWriteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
      ],
      'import:MasterDataTableArn': ['dynamodb:GetItem'],
      [`${SECRETS}/*/integrations/*`]: [
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
    });
  });

  it('lets the report store reports and send as the stage identity, without secrets', () => {
    expect(grants('Report')).toEqual({
      '*': XRAY,
      'import:SyncDataTableArn': ['dynamodb:GetItem', 'dynamodb:PutItem'],
      'import:MasterDataTableArn': ['dynamodb:GetItem'],
      'import:SyncBucketArn/runs/*': ['s3:GetObject', 's3:PutObject'],
      'import:SyncBucketArn/map-results/*': ['s3:GetObject'],
      'import:EmailIdentityArn': ['ses:SendEmail'],
    });
  });

  it('writes each log group of its own only', () => {
    for (const name of ['Plan', 'Step', 'Report']) {
      const all = grantsByResource(policyStatements(stateless, `SyncFunctions${name}`));
      const logGroups = Object.keys(all).filter((r) => r.includes('LogGroup'));
      expect(logGroups).toHaveLength(1);
      expect(logGroups[0]).toContain(`SyncFunctions${name}LogGroup`);
      expect(all[logGroups[0]!]).toEqual(LOGS);
    }
  });

  it('grants no wildcard action to any sync role, the state machine included', () => {
    const syncPolicies = Object.entries(stateless.findResources('AWS::IAM::Policy')).filter(
      ([id]) => id.startsWith('Sync') || id.startsWith('SchedulerRole'),
    );
    expect(syncPolicies.length).toBeGreaterThanOrEqual(6);
    const statements = syncPolicies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements.flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('lets the state machine invoke the three functions, read run plans and write map results only', () => {
    const statements = policyStatements(stateless, 'SyncStateMachine');
    const grantsOf = grantsByResource(statements);
    expect(grantsOf['import:SyncBucketArn/runs/*']).toEqual(['s3:GetObject']);
    expect(grantsOf['import:SyncBucketArn/map-results/*']?.sort()).toEqual(
      ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'].sort(),
    );
    // No S3 grant beyond these two prefixes (the ResultWriter's own would be on "*").
    expect(
      Object.entries(grantsOf)
        .filter(([, actions]) => actions.some((a) => a.startsWith('s3:')))
        .map(([resource]) => resource)
        .sort(),
    ).toEqual(['import:SyncBucketArn/map-results/*', 'import:SyncBucketArn/runs/*']);
    const invoked = Object.entries(grantsOf)
      .filter(([, actions]) => actions.includes('lambda:InvokeFunction'))
      .map(([resource]) => resource.replace(/[0-9A-F]{8}\.Arn>/, '>'));
    expect(invoked.sort()).toEqual(
      ['Plan', 'Report', 'Step']
        .flatMap((n) => [`<SyncFunctions${n}Function>`, `<SyncFunctions${n}Function>:*`])
        .sort(),
    );
    expect(
      statements.flatMap(actionsOf).filter((a) => a.startsWith('ses:') || a.startsWith('secretsmanager:')),
    ).toEqual([]);
  });
});
