import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthStage } from './helpers.ts';

// Renaming a construct changes these ids, and CloudFormation then replaces the resource: the queue's
// messages or the bucket's bodies would be lost. Change them only with a migration plan.
const LOGICAL_IDS = {
  inboundQueue: 'InboundQueue72656294',
  deadLetterQueue: 'InboundDeadLetterQueue406257A9',
  claimCheckBucket: 'ClaimCheckBucketB37857CA',
  accessLogsBucket: 'ClaimCheckAccessLogs08E7E9F4',
};

describe('Class: StatefulStack', () => {
  const { stage, stateful } = synthStage('dev');

  it('keeps the logical ids of its stateful resources', () => {
    expect(Object.keys(stateful.findResources('AWS::SQS::Queue')).sort()).toEqual(
      [LOGICAL_IDS.deadLetterQueue, LOGICAL_IDS.inboundQueue].sort(),
    );
    expect(Object.keys(stateful.findResources('AWS::S3::Bucket')).sort()).toEqual(
      [LOGICAL_IDS.accessLogsBucket, LOGICAL_IDS.claimCheckBucket].sort(),
    );
  });

  it('creates the inbound queue with SQS-managed encryption and a redrive policy of 3 receives', () => {
    expect(stateful.toJSON().Resources[LOGICAL_IDS.inboundQueue].Properties).toMatchObject({
      QueueName: 'tsunagi-dev-inbound',
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 180,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [LOGICAL_IDS.deadLetterQueue, 'Arn'] },
        maxReceiveCount: 3,
      },
    });
  });

  it('lets only the inbound queue use the DLQ, and keeps dead letters 14 days', () => {
    const dlq = stateful.toJSON().Resources[LOGICAL_IDS.deadLetterQueue].Properties;
    expect(dlq).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedriveAllowPolicy: { redrivePermission: 'byQueue' },
    });
    expect(dlq.RedriveAllowPolicy.sourceQueueArns).toHaveLength(1);
    expect(JSON.stringify(dlq.RedriveAllowPolicy.sourceQueueArns[0])).toContain(':tsunagi-dev-inbound');
  });

  it('denies non-TLS access to both queues', () => {
    for (const id of [LOGICAL_IDS.inboundQueue, LOGICAL_IDS.deadLetterQueue]) {
      stateful.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('blocks public access, encrypts, expires bodies after 14 days and logs access on the claim-check bucket', () => {
    expect(stateful.toJSON().Resources[LOGICAL_IDS.claimCheckBucket].Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 14, Status: 'Enabled' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: LOGICAL_IDS.accessLogsBucket } },
    });
  });

  it('enforces SSL on the claim-check bucket', () => {
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: LOGICAL_IDS.claimCheckBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('outputs the inbound queue URL, DLQ URL and bucket name', () => {
    const outputs = stateful.toJSON().Outputs;
    expect(outputs.InboundQueueUrl.Value).toEqual({ Ref: LOGICAL_IDS.inboundQueue });
    expect(outputs.InboundDeadLetterQueueUrl.Value).toEqual({ Ref: LOGICAL_IDS.deadLetterQueue });
    expect(outputs.ClaimCheckBucketName.Value).toEqual({ Ref: LOGICAL_IDS.claimCheckBucket });
  });

  it('exports what the stateless stack imports under stable names', () => {
    const outputs = stateful.toJSON().Outputs;
    for (const name of [
      'InboundQueueArn',
      'InboundQueueUrl',
      'InboundQueueName',
      'ClaimCheckBucketArn',
      'ClaimCheckBucketName',
    ]) {
      expect(outputs[name].Export).toEqual({ Name: `tsunagi-dev-stateful:${name}` });
    }
  });

  it('deletes its resources with the stack outside prod', () => {
    expect(stage.stateful.terminationProtection).toBe(false);
    for (const id of Object.values(LOGICAL_IDS)) {
      expect(stateful.toJSON().Resources[id].DeletionPolicy).toBe('Delete');
    }
  });
});

describe('Class: StatefulStack (prod)', () => {
  const { stage, stateful } = synthStage('prod');

  it('is termination-protected and retains its queues and buckets', () => {
    expect(stage.stateful.terminationProtection).toBe(true);
    for (const id of Object.values(LOGICAL_IDS)) {
      expect(stateful.toJSON().Resources[id]).toMatchObject({
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    }
  });
});
