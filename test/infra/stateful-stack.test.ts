import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthStage } from './helpers.ts';

// Renaming a construct changes these ids, and CloudFormation then replaces the resource: the queue's
// messages or the bucket's bodies would be lost. Change them only with a migration plan.
const LOGICAL_IDS = {
  inboundQueue: 'InboundQueue72656294',
  deadLetterQueue: 'InboundDeadLetterQueue406257A9',
  deliveryQueue: 'DeliveryQueue6A0D8ED9',
  deliveryDeadLetterQueue: 'DeliveryDeadLetterQueue7D230F16',
  claimCheckBucket: 'ClaimCheckBucketB37857CA',
  accessLogsBucket: 'ClaimCheckAccessLogs08E7E9F4',
  deliveryLogTable: 'TablesDeliveryLog8BFE9A79',
  idempotencyTable: 'TablesIdempotency498FF680',
  endpointsTable: 'TablesEndpoints29D7EFD2',
  tenantCommandTable: 'TenantCommand71E923F4',
  tenantDataTable: 'TenantDataBDD9F27D',
  tenantHistoryTable: 'TenantHistory0B00EDF9',
  masterDataTable: 'TenantMasterData15A5C56A',
  emailIdentity: 'EmailIdentityCD6BD173',
  secondaryEmailKey: 'EmailSecondaryEmailKeyC5E39E1F',
  syncBucket: 'SyncBucket21F1426D',
  syncCommandTable: 'SyncCommandD9E70BA2',
  syncDataTable: 'SyncData620C8D01',
  syncHistoryTable: 'SyncHistory0D347021',
  opsAuditTable: 'OpsAuditTableF912AA86',
  syncScheduleDeadLetterQueue: 'SyncScheduleDeadLetterQueueD172EEB2',
};

const TABLE_IDS = [
  LOGICAL_IDS.deliveryLogTable,
  LOGICAL_IDS.idempotencyTable,
  LOGICAL_IDS.endpointsTable,
  LOGICAL_IDS.tenantCommandTable,
  LOGICAL_IDS.tenantDataTable,
  LOGICAL_IDS.tenantHistoryTable,
  LOGICAL_IDS.masterDataTable,
  LOGICAL_IDS.syncCommandTable,
  LOGICAL_IDS.syncDataTable,
  LOGICAL_IDS.syncHistoryTable,
  LOGICAL_IDS.opsAuditTable,
];

describe('Class: StatefulStack', () => {
  const { stage, stateful } = synthStage('dev');

  const resources = stateful.toJSON().Resources;

  it('keeps the logical ids of its stateful resources', () => {
    expect(Object.keys(stateful.findResources('AWS::SQS::Queue')).sort()).toEqual(
      [
        LOGICAL_IDS.deadLetterQueue,
        LOGICAL_IDS.inboundQueue,
        LOGICAL_IDS.deliveryQueue,
        LOGICAL_IDS.deliveryDeadLetterQueue,
        LOGICAL_IDS.syncScheduleDeadLetterQueue,
      ].sort(),
    );
    expect(Object.keys(stateful.findResources('AWS::S3::Bucket')).sort()).toEqual(
      [LOGICAL_IDS.accessLogsBucket, LOGICAL_IDS.claimCheckBucket, LOGICAL_IDS.syncBucket].sort(),
    );
    expect(Object.keys(stateful.findResources('AWS::DynamoDB::Table')).sort()).toEqual([...TABLE_IDS].sort());
    expect(Object.keys(stateful.findResources('AWS::SES::EmailIdentity'))).toEqual([
      LOGICAL_IDS.emailIdentity,
    ]);
    expect(Object.keys(stateful.findResources('AWS::SecretsManager::Secret'))).toEqual([
      LOGICAL_IDS.secondaryEmailKey,
    ]);
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

  it('creates the named delivery queue with a visibility timeout of 6x the worker timeout and 3 receives', () => {
    expect(resources[LOGICAL_IDS.deliveryQueue].Properties).toEqual({
      QueueName: 'tsunagi-dev-delivery',
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 360,
      MessageRetentionPeriod: 4 * 24 * 3600,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [LOGICAL_IDS.deliveryDeadLetterQueue, 'Arn'] },
        maxReceiveCount: 3,
      },
    });
  });

  it('lets only the delivery queue use the named delivery DLQ', () => {
    expect(resources[LOGICAL_IDS.deliveryDeadLetterQueue].Properties).toEqual({
      QueueName: 'tsunagi-dev-delivery-dlq',
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedriveAllowPolicy: {
        redrivePermission: 'byQueue',
        sourceQueueArns: [
          {
            'Fn::Join': [
              '',
              [
                'arn:',
                { Ref: 'AWS::Partition' },
                ':sqs:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':tsunagi-dev-delivery',
              ],
            ],
          },
        ],
      },
    });
  });

  it('denies non-TLS access to all four queues', () => {
    for (const id of [
      LOGICAL_IDS.inboundQueue,
      LOGICAL_IDS.deadLetterQueue,
      LOGICAL_IDS.deliveryQueue,
      LOGICAL_IDS.deliveryDeadLetterQueue,
    ]) {
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

  it('outputs the queue and DLQ URLs, the bucket and every table name', () => {
    const outputs = stateful.toJSON().Outputs;
    expect(outputs.InboundQueueUrl.Value).toEqual({ Ref: LOGICAL_IDS.inboundQueue });
    expect(outputs.InboundDeadLetterQueueUrl.Value).toEqual({ Ref: LOGICAL_IDS.deadLetterQueue });
    expect(outputs.DeliveryQueueUrl.Value).toEqual({ Ref: LOGICAL_IDS.deliveryQueue });
    expect(outputs.DeliveryDeadLetterQueueUrl.Value).toEqual({ Ref: LOGICAL_IDS.deliveryDeadLetterQueue });
    expect(outputs.ClaimCheckBucketName.Value).toEqual({ Ref: LOGICAL_IDS.claimCheckBucket });
    expect(outputs.DeliveryLogTableName.Value).toEqual({ Ref: LOGICAL_IDS.deliveryLogTable });
    expect(outputs.IdempotencyTableName.Value).toEqual({ Ref: LOGICAL_IDS.idempotencyTable });
    expect(outputs.TenantDataTableName.Value).toEqual({ Ref: LOGICAL_IDS.tenantDataTable });
    expect(outputs.TenantCommandTableName.Value).toEqual({ Ref: LOGICAL_IDS.tenantCommandTable });
    expect(outputs.TenantHistoryTableName.Value).toEqual({ Ref: LOGICAL_IDS.tenantHistoryTable });
    expect(outputs.MasterDataTableName.Value).toEqual({ Ref: LOGICAL_IDS.masterDataTable });
    expect(outputs.SecondaryEmailKeySecretName.Value).toBe('tsunagi/dev/delivery/secondary-email-key');
  });

  it('exports what the stateless stack imports under stable names, and nothing else', () => {
    const outputs = stateful.toJSON().Outputs as Record<string, { Export?: { Name: string } }>;
    const exported = Object.entries(outputs)
      .filter(([, output]) => output.Export)
      .map(([name, output]) => {
        expect(output.Export).toEqual({ Name: `tsunagi-dev-stateful:${name}` });
        return name;
      });
    expect(exported.sort()).toEqual(
      [
        'InboundQueueArn',
        'InboundQueueUrl',
        'InboundQueueName',
        'InboundDeadLetterQueueArn',
        'InboundDeadLetterQueueName',
        'DeliveryQueueArn',
        'DeliveryQueueUrl',
        'DeliveryQueueName',
        'DeliveryDeadLetterQueueArn',
        'DeliveryDeadLetterQueueUrl',
        'DeliveryDeadLetterQueueName',
        'ClaimCheckBucketArn',
        'ClaimCheckBucketName',
        'DeliveryLogTableArn',
        'DeliveryLogTableName',
        'IdempotencyTableArn',
        'IdempotencyTableName',
        'EndpointsTableArn',
        'EndpointsTableName',
        'TenantDataTableArn',
        'TenantDataTableName',
        'MasterDataTableArn',
        'MasterDataTableName',
        'SyncDataTableArn',
        'SyncDataTableName',
        'SyncBucketArn',
        'SyncBucketName',
        'SyncScheduleDeadLetterQueueArn',
        'SyncScheduleDeadLetterQueueName',
        'EmailIdentityArn',
        'SecondaryEmailKeySecretArn',
      ].sort(),
    );
  });

  it('deletes its resources with the stack outside prod', () => {
    expect(stage.stateful.terminationProtection).toBe(false);
    for (const id of Object.values(LOGICAL_IDS)) {
      expect(resources[id].DeletionPolicy).toBe('Delete');
    }
    for (const id of TABLE_IDS) {
      expect(resources[id].Properties.DeletionProtectionEnabled).toBe(false);
    }
  });
});

describe('Class: StatefulStack (prod)', () => {
  const { stage, stateful } = synthStage('prod');

  it('is termination-protected and retains its queues, buckets, tables, identity and secret', () => {
    expect(stage.stateful.terminationProtection).toBe(true);
    const resources = stateful.toJSON().Resources;
    for (const id of Object.values(LOGICAL_IDS)) {
      expect(resources[id]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
    for (const id of TABLE_IDS) {
      expect(resources[id].Properties.DeletionProtectionEnabled).toBe(true);
    }
  });

  it('names the prod tables, queues and secret after the stage', () => {
    const resources = stateful.toJSON().Resources;
    expect(resources[LOGICAL_IDS.deliveryQueue].Properties.QueueName).toBe('tsunagi-prod-delivery');
    expect(resources[LOGICAL_IDS.tenantDataTable].Properties.TableName).toBe('prod-tsunagi-tenant-data');
    expect(resources[LOGICAL_IDS.secondaryEmailKey].Properties.Name).toBe(
      'tsunagi/prod/delivery/secondary-email-key',
    );
  });
});
