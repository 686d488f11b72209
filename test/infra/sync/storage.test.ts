import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { checkStageConfig, getStageConfig } from '../../../infra/config/stages.ts';
import { synthStage } from '../helpers.ts';

describe('Class: SyncStorage', () => {
  const { stateful } = synthStage('dev');
  const resources = stateful.toJSON().Resources;

  it('creates the sync module tables under the names @mbc-cqrs-serverless/core derives', () => {
    for (const [id, name] of [
      ['SyncCommandD9E70BA2', 'dev-tsunagi-sync-command'],
      ['SyncData620C8D01', 'dev-tsunagi-sync-data'],
      ['SyncHistory0D347021', 'dev-tsunagi-sync-history'],
    ]) {
      expect(resources[id!].Properties).toMatchObject({
        TableName: name,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      });
    }
  });

  it('keeps the sync bucket private, encrypted, TLS-only, access-logged and expiring', () => {
    expect(resources.SyncBucket21F1426D.Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: 'ClaimCheckAccessLogs08E7E9F4' },
        LogFilePrefix: 'sync/',
      },
      LifecycleConfiguration: {
        Rules: [
          {
            ExpirationInDays: 30,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          },
        ],
      },
    });
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: 'SyncBucket21F1426D' },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('retains the sync data in prod', () => {
    const prod = synthStage('prod').stateful.toJSON().Resources;
    for (const id of ['SyncBucket21F1426D', 'SyncData620C8D01', 'SyncScheduleDeadLetterQueueD172EEB2']) {
      expect(prod[id].DeletionPolicy).toBe('Retain');
    }
    expect(prod.SyncData620C8D01.Properties.DeletionProtectionEnabled).toBe(true);
  });
});

describe('Function: checkStageConfig (sync)', () => {
  it('lists every invalid sync setting', () => {
    const config = getStageConfig('dev');
    const problems = checkStageConfig({
      ...config,
      sync: {
        ...config.sync,
        schedule: { ...config.sync.schedule, hour: 24 },
        maxConcurrency: 0,
        toleratedFailurePercentage: 101,
        maxInLambdaWaitSeconds: 600,
        reportEmailTo: [],
      },
    });
    expect(problems).toEqual([
      'sync.schedule must be a valid time of day (got 24:0)',
      'sync.maxConcurrency must be an integer from 1 to 10000',
      'sync.toleratedFailurePercentage must be from 0 to 100',
      'sync.maxInLambdaWaitSeconds must be shorter than sync.step.timeout',
      'sync.reportEmailTo must name at least one address',
    ]);
  });
});
