import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, Fn, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { buildConsoleAssets, type ConsolePageConfig, pageCsp } from '../../console/assets.ts';
import { acknowledgeWildcardResource } from '../nag.ts';

export interface ConsoleSiteProps {
  readonly removalPolicy: RemovalPolicy;
  /** Server access logs of the assets bucket go here. */
  readonly accessLogsBucket: Bucket;
}

let builtAssets: string | undefined;

/** The console's assets, built once per synth into a folder CDK uploads (esbuild, as local mode does). */
const assetsFolder = (): string => {
  if (builtAssets) return builtAssets;
  const dir = mkdtempSync(join(tmpdir(), 'tsunagi-console-assets-'));
  for (const [path, asset] of buildConsoleAssets()) writeFileSync(join(dir, path), asset.body);
  builtAssets = dir;
  return dir;
};

/**
 * The console's pages on a private S3 bucket behind CloudFront (origin access control, HTTPS only, strict
 * security headers), with the console API under `/api/*` of the same distribution: one origin, so no CORS
 * and the CSRF origin check is exact.
 */
export class ConsoleSite extends Construct {
  public readonly bucket: Bucket;
  public distribution!: Distribution;

  public constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Assets', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'console-assets/',
      removalPolicy: props.removalPolicy,
    });
  }

  /** The distribution: the pages from the bucket, `/api/*` to the console API (never cached). */
  public addDistribution(apiEndpoint: string, signInOrigin: string): Distribution {
    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: pageCsp([signInOrigin]), override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
      },
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'tsunagi operator console',
      defaultRootObject: 'index.html',
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(Fn.select(2, Fn.split('/', apiEndpoint))),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          // Every viewer header but Host: the API needs Authorization, Origin and the CSRF header.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
    });
    for (const [id, reason] of [
      [
        'AwsSolutions-CFR1',
        'Operators of the platform sign in from wherever they work; the console needs a Cognito sign-in for every call, so geography adds nothing.',
      ],
      [
        'AwsSolutions-CFR2',
        'No WAF in front of the console: every API call needs a verified Cognito token (checked at API Gateway and again in the function), the API is throttled, and the pages are static.',
      ],
      [
        'AwsSolutions-CFR3',
        'CloudFront standard logs need an ACL-enabled bucket; the console API keeps its own access logs in CloudWatch and every change is in the operators audit trail.',
      ],
      [
        'AwsSolutions-CFR4',
        'The default CloudFront certificate (no custom domain) cannot pin the minimum TLS version; a stage with its own domain sets TLS 1.2 on its certificate.',
      ],
    ] as const) {
      Validations.of(this.distribution).acknowledge({ id, reason });
    }
    return this.distribution;
  }

  /** Uploads the built pages and the page config, and clears CloudFront's copies. */
  public deploy(config: ConsolePageConfig): void {
    const deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(assetsFolder()), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    this.acknowledgeDeploymentFunction(deployment);
  }

  /** CDK's own upload function (a singleton of the stack): its findings are CDK's choices, reviewed here. */
  private acknowledgeDeploymentFunction(deployment: BucketDeployment): void {
    const stack = Stack.of(this);
    const singleton = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (!singleton) throw new Error('the bucket deployment function was not found');
    const role = singleton.node.findChild('ServiceRole');
    const policy = role.node.findChild('DefaultPolicy');
    const why =
      'CDK’s BucketDeployment function, which runs only at deploy time to copy the built console pages from the CDK asset bucket into the console bucket and invalidate CloudFront;';
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: `${why} CDK attaches the basic execution role for its logs.`,
    });
    for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*']) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: `${why} CDK grants these action groups on the two buckets only.`,
      });
    }
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      reason: `${why} it reads the uploaded asset from the bootstrap bucket.`,
    });
    acknowledgeWildcardResource(
      policy,
      this.bucket.arnForObjects('*'),
      `${why} it replaces every page of the console bucket.`,
    );
    acknowledgeWildcardResource(
      policy,
      '*',
      `${why} cloudfront:CreateInvalidation and GetInvalidation accept no resource narrower than "*" in CDK’s grant.`,
    );
    Validations.of(singleton).acknowledge({
      id: 'AwsSolutions-L1',
      reason: `${why} its runtime is chosen and updated by aws-cdk-lib, not by this repository.`,
    });
    void deployment;
  }
}
