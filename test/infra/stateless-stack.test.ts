import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { actionsOf, policyStatements, resourceNamed, type Statement, synthStage } from './helpers.ts';

const WEBHOOK_ROUTE = '/webhooks/{provider}/{tenantId}';

describe('Class: StatelessStack', () => {
  const { stage, stateless } = synthStage('dev');
  const fn = resourceNamed(stateless, 'AWS::Lambda::Function', 'ReceiverFunction').Properties;
  const statements = policyStatements(stateless, 'Receiver');
  const statementFor = (action: string): Statement => {
    const found = statements.filter((s) => actionsOf(s).includes(action));
    expect(found).toHaveLength(1);
    return found[0] as Statement;
  };

  it('routes POST and every other method on the webhook path to the receiver, and nothing else', () => {
    const routes = Object.values(stateless.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties,
    );
    expect(routes.map((r) => r.RouteKey).sort()).toEqual([`ANY ${WEBHOOK_ROUTE}`, `POST ${WEBHOOK_ROUTE}`]);
    expect(new Set(routes.map((r) => JSON.stringify(r.Target))).size).toBe(1);
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
  });

  it('throttles the default stage and writes access logs to a log group', () => {
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^WebhookApiAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });

  it('runs the receiver on arm64 Node.js 24 with active tracing and its own log group', () => {
    expect(fn).toMatchObject({
      Architectures: ['arm64'],
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      MemorySize: 256,
      Timeout: 10,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: { LogGroup: { Ref: expect.stringMatching(/^ReceiverLogGroup/) } },
    });
    expect(
      resourceNamed(stateless, 'AWS::Logs::LogGroup', 'ReceiverLogGroup').Properties.RetentionInDays,
    ).toBe(14);
  });

  it('passes the receiver its configuration through the environment', () => {
    expect((fn.Environment as { Variables: object }).Variables).toEqual({
      STAGE: 'dev',
      INBOUND_QUEUE_URL: { 'Fn::ImportValue': 'tsunagi-dev-stateful:InboundQueueUrl' },
      CLAIM_CHECK_BUCKET: { 'Fn::ImportValue': 'tsunagi-dev-stateful:ClaimCheckBucketName' },
      SECRET_PREFIX: 'tsunagi/dev',
      PUBLIC_BASE_URL: { 'Fn::GetAtt': [expect.stringMatching(/^WebhookApiHttpApi/), 'ApiEndpoint'] },
      MAX_BODY_BYTES: '4194304',
      CLAIM_CHECK_THRESHOLD_BYTES: '921600',
      SECRET_CACHE_SECONDS: '60',
      POWERTOOLS_SERVICE_NAME: 'webhook-receiver',
      POWERTOOLS_METRICS_NAMESPACE: 'tsunagi',
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    });
  });

  it('grants GetSecretValue only on the stage prefix, never on "*"', () => {
    const statement = statementFor('secretsmanager:GetSecretValue');
    expect(actionsOf(statement)).toEqual(['secretsmanager:GetSecretValue']);
    expect(JSON.stringify(statement.Resource)).toMatch(
      /:secretsmanager:.*:secret:tsunagi\/dev\/\*\/webhooks\/\*"/,
    );
    expect(
      statements.some((s) => s.Resource === '*' && actionsOf(s).some((a) => a.startsWith('secretsmanager:'))),
    ).toBe(false);
  });

  it('grants SQS send only on the inbound queue and S3 PutObject only on the claim-check bucket', () => {
    expect(statementFor('sqs:SendMessage').Resource).toEqual({
      'Fn::ImportValue': 'tsunagi-dev-stateful:InboundQueueArn',
    });
    const put = statementFor('s3:PutObject');
    expect(actionsOf(put)).toEqual(['s3:PutObject']);
    expect(put.Resource).toEqual({
      'Fn::Join': ['', [{ 'Fn::ImportValue': 'tsunagi-dev-stateful:ClaimCheckBucketArn' }, '/*']],
    });
  });

  it('uses no wildcard actions, no managed policies, and "*" only for X-Ray', () => {
    expect(statements.flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
    expect(
      statements
        .filter((s) => s.Resource === '*')
        .flatMap(actionsOf)
        .sort(),
    ).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    expect(
      resourceNamed(stateless, 'AWS::IAM::Role', 'ReceiverRole').Properties.ManagedPolicyArns,
    ).toBeUndefined();
  });

  it('outputs the webhook base URL', () => {
    expect(stateless.toJSON().Outputs.WebhookBaseUrl.Value).toEqual({
      'Fn::Join': [
        '',
        [{ 'Fn::GetAtt': [expect.stringMatching(/^WebhookApiHttpApi/), 'ApiEndpoint'] }, '/webhooks'],
      ],
    });
  });

  it('deploys after the stateful stack whose exports it imports', () => {
    expect(stage.stateless.dependencies).toContain(stage.stateful);
  });
});

describe('Class: StatelessStack (custom domain, prod)', () => {
  const { stage, stateless } = synthStage('prod', { publicBaseUrl: 'https://hooks.example.com' });
  const fn = resourceNamed(stateless, 'AWS::Lambda::Function', 'ReceiverFunction').Properties;

  it('uses the custom domain as public base URL and in the output', () => {
    expect((fn.Environment as { Variables: Record<string, unknown> }).Variables.PUBLIC_BASE_URL).toBe(
      'https://hooks.example.com',
    );
    expect(stateless.toJSON().Outputs.WebhookBaseUrl.Value).toBe('https://hooks.example.com/webhooks');
  });

  it('applies the prod receiver settings and protects the stack', () => {
    expect(fn).toMatchObject({ MemorySize: 512, ReservedConcurrentExecutions: 100 });
    expect((fn.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_LOG_LEVEL).toBe(
      'INFO',
    );
    stateless.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
    });
    expect(stage.stateless.terminationProtection).toBe(true);
  });
});
