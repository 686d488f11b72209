import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  TargetObjectKeyFormat,
} from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';

export interface ClaimCheckBucketProps {
  /** Keep at least the DLQ's retention: a message redriven from the DLQ must still find its body. */
  readonly expiration: Duration;
  readonly accessLogExpiration: Duration;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Holds webhook bodies too large for an SQS message (the claim-check pattern), plus the server access
 * logs of that bucket: the bodies are tenant data, so who read them must be auditable.
 */
export class ClaimCheckBucket extends Construct {
  public readonly bucket: Bucket;
  public readonly accessLogsBucket: Bucket;

  public constructor(scope: Construct, id: string, props: ClaimCheckBucketProps) {
    super(scope, id);
    // Grant log delivery through a bucket policy (AWS's recommendation) instead of the legacy
    // LogDeliveryWrite ACL, which would force ACL-enabled object ownership. Set here, not in cdk.json,
    // because this construct does not work without it.
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);

    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: props.accessLogExpiration }],
      removalPolicy: props.removalPolicy,
    });
    // cdk-nag's S1 exempts a bucket that is another bucket's log destination: no acknowledgement needed.

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'claim-check/',
      targetObjectKeyFormat: TargetObjectKeyFormat.partitionedPrefix(),
      lifecycleRules: [
        { expiration: props.expiration, abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: props.removalPolicy,
    });
  }
}
