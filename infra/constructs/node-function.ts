import { fileURLToPath } from 'node:url';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type Policy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { LAMBDA_BUNDLING } from '../bundling.ts';
import type { LogLevel } from '../config/stage-config.ts';
import { acknowledgeWildcardResource } from './nag.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

// Runtime and esbuild target move together (LAMBDA_BUNDLING.target): a runtime upgrade is a reviewed change.
export const RUNTIME = Runtime.NODEJS_24_X;

export interface NodeFunctionProps {
  /** The folder under `functions/` whose `handler.ts` is the entry; also the Powertools service name. */
  readonly service: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly reservedConcurrency?: number;
  readonly logLevel: LogLevel;
  /** The function's own variables; the Powertools ones are added here. */
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  /**
   * The function writes through @mbc-cqrs-serverless/core (NestJS): keep class names (its contexts and
   * handlers go by constructor names) and leave out the optional peers Nest never loads in this use.
   */
  readonly usesNestFramework?: boolean;
}

// Optional NestJS peers and dev-only modules the framework references but never loads without its HTTP server.
const NEST_OPTIONAL_MODULES = [
  '@nestjs/microservices',
  '@nestjs/microservices/microservices-module',
  '@nestjs/websockets',
  '@nestjs/websockets/socket-module',
  'class-transformer/storage',
  'prettier',
];

export interface NodeFunctionParts {
  readonly function: NodejsFunction;
  readonly role: Role;
  /** The role's default policy, where grants land: the construct IAM5 acknowledgements belong on. */
  readonly policy: Policy;
  readonly logGroup: LogGroup;
}

/**
 * One tsunagi Lambda, built the same way for every function: arm64, Node.js 24, ESM bundle with the shared
 * esbuild settings, active tracing, a log group with the stage's retention, and an explicit role (instead of
 * AWSLambdaBasicExecutionRole, whose log grant covers every log group). Creates `LogGroup`, `Role` and
 * `Function` directly in `scope`, so the functions' logical ids do not depend on this helper.
 */
export const createNodeFunction = (scope: Construct, props: NodeFunctionProps): NodeFunctionParts => {
  const logGroup = new LogGroup(scope, 'LogGroup', {
    retention: props.logRetention,
    removalPolicy: props.removalPolicy,
  });
  const role = new Role(scope, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  logGroup.grantWrite(role);

  const fn = new NodejsFunction(scope, 'Function', {
    entry: `${repoRoot}functions/${props.service}/handler.ts`,
    handler: 'handler',
    projectRoot: repoRoot,
    depsLockFilePath: `${repoRoot}package-lock.json`,
    runtime: RUNTIME,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    reservedConcurrentExecutions: props.reservedConcurrency,
    tracing: Tracing.ACTIVE,
    role,
    logGroup,
    // The same settings the bundle benchmarks build with. No source maps: `--enable-source-maps` makes Node
    // parse the map on every cold start, and our logs carry error names and messages, not stack traces.
    bundling: {
      minify: LAMBDA_BUNDLING.minify,
      format: OutputFormat.ESM,
      mainFields: [...LAMBDA_BUNDLING.mainFields],
      target: LAMBDA_BUNDLING.target,
      banner: LAMBDA_BUNDLING.banner,
      // Bundle the AWS SDK: a pinned, tree-shaken copy loads faster than the runtime's and cannot drift.
      externalModules: props.usesNestFramework ? NEST_OPTIONAL_MODULES : [],
      keepNames: props.usesNestFramework ?? false,
    },
    environment: {
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: props.service,
      POWERTOOLS_METRICS_NAMESPACE: 'tsunagi',
      POWERTOOLS_LOG_LEVEL: props.logLevel,
    },
  });

  // Tracing has added the X-Ray statement by now, so the default policy exists.
  const policy = role.node.findChild('DefaultPolicy') as Policy;
  acknowledgeWildcardResource(
    policy,
    '*',
    'Active tracing grants xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions ("*" is the only resource they accept); no other action of this policy is granted on "*".',
  );
  return { function: fn, role, policy, logGroup };
};
