import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { getStageConfig, STAGE_NAMES } from '../../infra/config/stages.ts';
import { WEBHOOK_PATH } from '../../infra/constructs/webhook-api.ts';
import { actionsOf, renderResource, resourcesOf, type Statement, synthStage } from './helpers.ts';

interface PolicyStatement extends Statement {
  readonly NotAction?: unknown;
  readonly NotResource?: unknown;
  readonly Principal?: { readonly AWS?: unknown };
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;
}
interface PolicyDocument {
  readonly Statement: PolicyStatement[];
}
/** The properties these tests read, as CloudFormation JSON. */
interface Properties {
  readonly [key: string]: unknown;
  readonly PolicyDocument: PolicyDocument;
  readonly Policies?: { readonly PolicyDocument: PolicyDocument }[];
  readonly Queues: { readonly Ref?: string }[];
  readonly Bucket: { readonly Ref?: string };
  readonly BucketEncryption: {
    readonly ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: { SSEAlgorithm: string } }[];
  };
  readonly RouteSettings: Record<string, unknown>;
}
interface Resource {
  readonly Properties: Properties;
  readonly DependsOn?: string[];
}

/**
 * Actions whose service defines no resource type, so "*" is the only resource they accept (Service
 * Authorization Reference). Every other action must name its resources.
 */
const STAR_ONLY_ACTIONS = new Set([
  // Active tracing of the functions and the state machine.
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  // CloudWatch Logs log delivery, through which Step Functions writes the state machine's logs.
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
]);

/** Actions allowed on "*" only under a condition that narrows them (none are granted today). */
const STAR_WITH_CONDITION: Record<string, (condition: PolicyStatement['Condition']) => boolean> = {
  'cloudwatch:PutMetricData': (condition) => condition?.StringEquals?.['cloudwatch:namespace'] === 'tsunagi',
};

/** The only DynamoDB actions the functions call; no Scan, batch reads, transactions or table administration. */
const DYNAMODB_ITEM_ACTIONS = new Set([
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
]);

const resourcesOfType = (templates: readonly Template[], type: string): [string, Resource][] =>
  templates.flatMap((t) => Object.entries(t.findResources(type)) as [string, Resource][]);

/** Every statement of every identity policy (role default policies and inline role policies). */
const identityStatements = (template: Template): PolicyStatement[] => [
  ...resourcesOfType([template], 'AWS::IAM::Policy').flatMap(
    ([, r]) => r.Properties.PolicyDocument.Statement,
  ),
  ...resourcesOfType([template], 'AWS::IAM::Role').flatMap(([, r]) =>
    (r.Properties.Policies ?? []).flatMap((p) => p.PolicyDocument.Statement),
  ),
];

const deniesInsecureTransport = (statements: readonly PolicyStatement[]): boolean =>
  statements.some(
    (s) =>
      s.Effect === 'Deny' &&
      s.Condition?.Bool?.['aws:SecureTransport'] === 'false' &&
      s.Principal?.AWS === '*',
  );

describe.each(STAGE_NAMES)('Stage: %s (hardening)', (stageName) => {
  const config = getStageConfig(stageName);
  const { stateful, stateless } = synthStage(stageName);
  const templates = [stateful, stateless];

  it('encrypts every SQS queue and denies it non-TLS access', () => {
    const queues = resourcesOfType(templates, 'AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThan(0);
    const policies = resourcesOfType(templates, 'AWS::SQS::QueuePolicy').map(([, r]) => r.Properties);
    for (const [id, { Properties }] of queues) {
      expect(Properties.SqsManagedSseEnabled === true || Properties.KmsMasterKeyId !== undefined, id).toBe(
        true,
      );
      const own = policies.filter((p) => p.Queues.some((q) => q.Ref === id));
      expect(deniesInsecureTransport(own.flatMap((p) => p.PolicyDocument.Statement)), id).toBe(true);
    }
  });

  it('encrypts every table and keeps point-in-time recovery on it', () => {
    const tables = resourcesOfType(templates, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(11);
    for (const [id, { Properties }] of tables) {
      expect(Properties.SSESpecification, id).toEqual({ SSEEnabled: true });
      expect(Properties.PointInTimeRecoverySpecification, id).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('encrypts every bucket, blocks all public access and denies non-TLS requests', () => {
    const buckets = resourcesOfType(templates, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(3);
    const policies = resourcesOfType(templates, 'AWS::S3::BucketPolicy').map(([, r]) => r.Properties);
    for (const [id, { Properties }] of buckets) {
      const [rule] = Properties.BucketEncryption.ServerSideEncryptionConfiguration;
      expect(['AES256', 'aws:kms', 'aws:kms:dsse'], id).toContain(
        rule?.ServerSideEncryptionByDefault.SSEAlgorithm,
      );
      expect(Properties.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const own = policies.filter((p) => p.Bucket.Ref === id);
      expect(own, id).toHaveLength(1);
      expect(deniesInsecureTransport(own[0]!.PolicyDocument.Statement), id).toBe(true);
    }
  });

  it('keeps secret values out of the template (generated, encrypted by Secrets Manager)', () => {
    for (const [id, { Properties }] of resourcesOfType(templates, 'AWS::SecretsManager::Secret')) {
      expect(Properties.SecretString, id).toBeUndefined();
      expect(Properties.GenerateSecretString, id).toBeDefined();
    }
  });

  it('grants no wildcard action and "*" resources only to actions that accept nothing else', () => {
    for (const template of templates) {
      for (const statement of identityStatements(template)) {
        expect(statement.Effect).toBe('Allow');
        expect(statement.NotAction).toBeUndefined();
        expect(statement.NotResource).toBeUndefined();
        expect(actionsOf(statement).filter((a) => a.includes('*'))).toEqual([]);
        if (!resourcesOf(statement).includes('*')) continue;
        for (const action of actionsOf(statement)) {
          const allowed =
            STAR_ONLY_ACTIONS.has(action) || STAR_WITH_CONDITION[action]?.(statement.Condition) === true;
          expect(allowed, `${action} on "*"`).toBe(true);
        }
      }
      for (const [id, { Properties }] of resourcesOfType([template], 'AWS::IAM::Role')) {
        expect(Properties.ManagedPolicyArns, `${id} has managed policies`).toBeUndefined();
      }
    }
  });

  it("reads and writes secrets only under the stage's prefix", () => {
    const prefix = `arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${config.secretPrefix}/`;
    const secretStatements = identityStatements(stateless).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secretStatements.length).toBeGreaterThan(0);
    for (const resource of secretStatements.flatMap(resourcesOf).map(renderResource)) {
      expect(resource === 'import:SecondaryEmailKeySecretArn' || resource.startsWith(prefix), resource).toBe(
        true,
      );
    }
  });

  it('writes secrets only where tokens rotate: the integration secrets of the stage', () => {
    const prefix = `arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${config.secretPrefix}/`;
    const writes = identityStatements(stateless).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('secretsmanager:') && a !== 'secretsmanager:GetSecretValue'),
    );
    expect(writes.length).toBeGreaterThan(0);
    for (const statement of writes) {
      expect(resourcesOf(statement).map(renderResource)).toEqual([`${prefix}*/integrations/*`]);
      for (const action of actionsOf(statement).filter((a) => a !== 'secretsmanager:GetSecretValue')) {
        expect(['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage']).toContain(
          action,
        );
      }
    }
  });

  it('grants DynamoDB item actions only, on whole-table ARNs of the stateful stack', () => {
    const statements = identityStatements(stateless).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('dynamodb:')),
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const action of actionsOf(statement)) expect(DYNAMODB_ITEM_ACTIONS, action).toContain(action);
      for (const resource of resourcesOf(statement).map(renderResource)) {
        expect(resource).toMatch(/^import:[A-Za-z]+TableArn$/);
      }
    }
  });

  it('throttles the stage and each webhook route with its own limits, set after the routes exist', () => {
    const stages = resourcesOfType([stateless], 'AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    const stage = stages[0]![1];
    const routes = resourcesOfType([stateless], 'AWS::ApiGatewayV2::Route');
    const limits = (rate: number, burst: number) => ({
      ThrottlingRateLimit: rate,
      ThrottlingBurstLimit: burst,
    });
    const { api } = config;
    expect(stage.Properties.DefaultRouteSettings).toEqual(
      limits(api.throttlingRateLimit, api.throttlingBurstLimit),
    );
    expect(stage.Properties.RouteSettings).toEqual({
      [`POST ${WEBHOOK_PATH}`]: limits(api.webhookRoute.rateLimit, api.webhookRoute.burstLimit),
      [`ANY ${WEBHOOK_PATH}`]: limits(api.otherMethodsRoute.rateLimit, api.otherMethodsRoute.burstLimit),
    });
    expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(
      Object.keys(stage.Properties.RouteSettings).sort(),
    );
    for (const [id] of routes) expect(stage.DependsOn).toContain(id);
  });
});

describe('Stacks and constructs (source)', () => {
  const infra = fileURLToPath(new URL('../../infra/', import.meta.url));
  const sources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
    });

  it('never read process.env: only the app entry points (infra/app.ts, infra/synth.ts) do', () => {
    const files = ['config', 'constructs', 'stacks', 'stages'].flatMap((dir) => sources(join(infra, dir)));
    expect(files.length).toBeGreaterThan(10);
    const readers = files.filter((file) => /process\.env(\.[A-Za-z_]|\[)/.test(readFileSync(file, 'utf8')));
    expect(readers).toEqual([]);
  });
});
