import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { STAGE_NAMES } from '../../infra/config/stages.ts';
import { collectAcknowledgements, readValidationFindings } from '../../infra/stages/synth-report.ts';
import { addTsunagiStages } from '../../infra/stages/tsunagi-app.ts';
import { testContext } from './helpers.ts';

const outdirs: string[] = [];
const newApp = (): App => {
  const outdir = mkdtempSync(join(tmpdir(), 'tsunagi-nag-'));
  outdirs.push(outdir);
  return new App({ outdir, context: testContext() });
};

afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('cdk-nag AwsSolutionsChecks', () => {
  const app = newApp();
  addTsunagiStages(app);
  const assembly = app.synth();

  it('reports no unacknowledged finding in any stage', () => {
    expect(assembly.stacksRecursively.map((s) => s.stackName).sort()).toEqual(
      STAGE_NAMES.flatMap((s) => [
        `tsunagi-${s}-stateful`,
        `tsunagi-${s}-stateless`,
        `tsunagi-${s}-console`,
      ]).sort(),
    );
    expect(readValidationFindings(assembly.directory)).toEqual([]);
  });

  it('acknowledges the same reviewed findings in every stage, each on the construct it concerns', () => {
    for (const stage of STAGE_NAMES) {
      const acks = collectAcknowledgements(app.node.findChild(stage));
      const secrets = `arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:tsunagi/${stage}`;
      const claimChecks = `AwsSolutions-IAM5[Resource::tsunagi-${stage}-stateful:ClaimCheckBucketArn/*]`;
      const syncRuns = `AwsSolutions-IAM5[Resource::tsunagi-${stage}-stateful:SyncBucketArn/runs/*]`;
      const mapResults = `AwsSolutions-IAM5[Resource::tsunagi-${stage}-stateful:SyncBucketArn/map-results/*]`;
      const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"SyncStateMachine81090156"}]}]}`;
      const invoke = (fn: string) => `AwsSolutions-IAM5[Resource::<SyncFunctions${fn}.Arn>:*]`;
      const upload = 'Console/Custom::CDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiB';
      const consoleAcks = [
        'Console/Api/MetricsPolicy AwsSolutions-IAM5[Resource::*]',
        'Console/Api/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
        'Console/Api/Role/DefaultPolicy AwsSolutions-IAM5[Resource::<ArchiveDA4CB258.Arn>/archives/*]',
        `Console/Api/Role/DefaultPolicy AwsSolutions-IAM5[Resource::tsunagi-${stage}-stateful:SyncBucketArn/runs/*]`,
        ...(stage === 'prod' ? [] : ['Console/Auth/UserPool AwsSolutions-COG2']),
        'Console/Auth/UserPool AwsSolutions-COG3',
        'Console/Auth/UserPool AwsSolutions-COG8',
        'Console/SigningKey AwsSolutions-SMG4',
        ...['CFR1', 'CFR2', 'CFR3', 'CFR4'].map((rule) => `Console/Site/Distribution AwsSolutions-${rule}`),
        `${upload} AwsSolutions-L1`,
        `${upload}/ServiceRole AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]`,
        ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map(
          (action) => `${upload}/ServiceRole/DefaultPolicy AwsSolutions-IAM5[Action::${action}]`,
        ),
        `${upload}/ServiceRole/DefaultPolicy AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]`,
        `${upload}/ServiceRole/DefaultPolicy AwsSolutions-IAM5[Resource::<SiteAssets7F18EA5C.Arn>/*]`,
        `${upload}/ServiceRole/DefaultPolicy AwsSolutions-IAM5[Resource::*]`,
      ];
      expect(acks.map((a) => `${a.path.replace(`${stage}/`, '')} ${a.id}`).sort()).toEqual(
        [
          'Stateful/Email/SecondaryEmailKey AwsSolutions-SMG4',
          'Stateless/WebhookApi/HttpApi/POST--webhooks--{provider}--{tenantId} AwsSolutions-APIG4',
          'Stateless/WebhookApi/HttpApi/ANY--webhooks--{provider}--{tenantId} AwsSolutions-APIG4',
          'Stateless/Receiver/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
          `Stateless/Receiver/Role/DefaultPolicy ${claimChecks}`,
          `Stateless/Receiver/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${secrets}/*/webhooks/*]`,
          'Stateless/Router/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
          `Stateless/Router/Role/DefaultPolicy ${claimChecks}`,
          'Stateless/Worker/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
          `Stateless/Worker/Role/DefaultPolicy ${claimChecks}`,
          `Stateless/Worker/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${secrets}/*/routes/*]`,
          `Stateless/Worker/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${secrets}/*/integrations/*]`,
          'Stateful/Sync/ScheduleDeadLetterQueue AwsSolutions-SQS3',
          'Stateless/Sync/Functions/Plan/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
          `Stateless/Sync/Functions/Plan/Role/DefaultPolicy ${syncRuns}`,
          'Stateless/Sync/Functions/Step/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
          `Stateless/Sync/Functions/Step/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${secrets}/*/integrations/*]`,
          'Stateless/Sync/Functions/Report/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
          `Stateless/Sync/Functions/Report/Role/DefaultPolicy ${syncRuns}`,
          `Stateless/Sync/Functions/Report/Role/DefaultPolicy ${mapResults}`,
          'Stateless/Sync/StateMachine/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
          `Stateless/Sync/StateMachine/Role/DefaultPolicy ${syncRuns}`,
          `Stateless/Sync/StateMachine/Role/DefaultPolicy ${mapResults}`,
          `Stateless/Sync/StateMachine/Role/DefaultPolicy ${invoke('PlanFunction50D80726')}`,
          `Stateless/Sync/StateMachine/Role/DefaultPolicy ${invoke('StepFunction86DCA37B')}`,
          `Stateless/Sync/StateMachine/Role/DefaultPolicy ${invoke('ReportFunctionCDBA9C71')}`,
          `Stateless/Sync/StateMachine/DistributedMapPolicy AwsSolutions-IAM5[Resource::${executions}:*]`,
          `Stateless/Sync/StateMachine/DistributedMapPolicy AwsSolutions-IAM5[Resource::${executions}/TenantSync:*]`,
          ...consoleAcks,
        ].sort(),
      );
      for (const ack of acks) {
        // Below stage/stack level: a blanket acknowledgement on a stack would hide future findings.
        expect(ack.path.split('/').length).toBeGreaterThan(2);
        expect(ack.reason.length).toBeGreaterThan(60);
      }
    }
  });

  it('reports an unacknowledged finding (the check above is not vacuous)', () => {
    const canaryApp = newApp();
    const [stage] = addTsunagiStages(canaryApp, { stages: ['dev'] });
    new Queue(new Stack(stage!, 'Canary'), 'QueueWithoutDlq');

    const findings = readValidationFindings(canaryApp.synth().directory);

    expect(findings.map((f) => f.rule)).toContain('AwsSolutions-SQS3');
    expect(findings.flatMap((f) => f.constructPaths).every((p) => p.startsWith('dev/Canary/'))).toBe(true);
  });
});
