import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type MbcCqrsStage, tenantTableNames } from '../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import { localDynamoEndpoint } from '../local/local-ports.ts';
import { LOCAL_SECRET_PREFIX } from '../local/local-secrets.ts';
import { UsageError } from './cli.ts';

/**
 * Where an ops command acts: `--local` (the platform `npm start` runs here, found on local mode's fixed ports)
 * or `--stage <s>` (a deployed stage, with the standard AWS credential and region resolution). The table names
 * come from the shared naming, the same the stacks and the functions use.
 */

export const DEPLOYED_STAGES = ['dev', 'stg', 'prod'] as const;

export interface Target {
  readonly stage: MbcCqrsStage;
  /** `local` or `stage dev`, for messages. */
  readonly label: string;
  readonly region: string;
  /** Set for local mode only; in AWS the SDK finds the endpoint. */
  readonly dynamoEndpoint: string | undefined;
  readonly tables: { readonly tenantData: string; readonly deliveryLog: string };
  /** A DynamoDB client for this target; destroy it when done. */
  dynamo(): DynamoDBClient;
  /** The environment the tenant writer (mbc-cqrs framework) starts from. */
  writerEnv(): Record<string, string>;
  /** Where this target's secrets are named: `$SECRET_PREFIX` or `tsunagi/local` locally, the stage config's prefix. */
  secretPrefix(): Promise<string>;
}

export interface TargetValues {
  readonly local?: boolean;
  readonly stage?: string;
  readonly region?: string;
  readonly 'dynamodb-endpoint'?: string;
}

const isDeployedStage = (value: string): value is (typeof DEPLOYED_STAGES)[number] =>
  (DEPLOYED_STAGES as readonly string[]).includes(value);

export const resolveTarget = (values: TargetValues, env = process.env): Target => {
  if (values.local && values.stage)
    throw new UsageError('--local and --stage are mutually exclusive; give one');
  if (!values.local && !values.stage) throw new UsageError('say where: --local or --stage <dev|stg|prod>');
  if (values['dynamodb-endpoint'] && !values.local)
    throw new UsageError('--dynamodb-endpoint only goes with --local');
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'ap-northeast-1';
  if (values.stage !== undefined && !isDeployedStage(values.stage)) {
    throw new UsageError(`unknown stage "${values.stage}"; one of ${DEPLOYED_STAGES.join(', ')}`);
  }
  const stage: MbcCqrsStage = values.stage ?? 'local';
  const dynamoEndpoint = values.local ? (values['dynamodb-endpoint'] ?? localDynamoEndpoint(env)) : undefined;
  if (dynamoEndpoint !== undefined && !URL.canParse(dynamoEndpoint))
    throw new UsageError(`--dynamodb-endpoint: "${dynamoEndpoint}" is not a URL`);
  // Local stand-ins accept any credentials; dummy ones keep a developer's real ones away from them.
  const credentials = dynamoEndpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
  return {
    stage,
    label: values.local ? `local (${dynamoEndpoint})` : `stage ${stage} (${region})`,
    region,
    dynamoEndpoint,
    tables: {
      tenantData: tenantTableNames(stage).data,
      deliveryLog: deliveryResourceNames(stage).deliveryLogTable,
    },
    secretPrefix: async () => {
      if (values.local) return env.SECRET_PREFIX ?? LOCAL_SECRET_PREFIX;
      // The stage config is the one place the prefix is set (it loads the CDK library, hence only here).
      const { getStageConfig } = await import('../config/stages.ts');
      return getStageConfig(stage).secretPrefix;
    },
    dynamo: () => new DynamoDBClient({ region, endpoint: dynamoEndpoint, credentials, maxAttempts: 3 }),
    writerEnv: (): Record<string, string> => {
      if (!dynamoEndpoint) return { NODE_ENV: stage, AWS_REGION: region };
      // The framework's own client reads process.env for credentials.
      Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
      delete process.env.AWS_SESSION_TOKEN;
      delete process.env.AWS_PROFILE;
      return {
        NODE_ENV: stage,
        AWS_REGION: region,
        DYNAMODB_ENDPOINT: dynamoEndpoint,
        DYNAMODB_REGION: region,
      };
    },
  };
};

/** Explains an unreachable local stand-in instead of the SDK's bare connection error. */
export const explainUnreachable = (error: unknown, target: Target): Error => {
  const code =
    (error as { code?: string; cause?: { code?: string } })?.code ??
    (error as { cause?: { code?: string } })?.cause?.code;
  const refused = code === 'ECONNREFUSED' || /ECONNREFUSED/.test(String((error as Error)?.message ?? ''));
  if (target.dynamoEndpoint && refused) {
    return new Error(
      `nothing answers at ${target.dynamoEndpoint}: is \`npm start\` running? (or pass --dynamodb-endpoint)`,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
};
