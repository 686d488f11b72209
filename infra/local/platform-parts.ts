import { readFile } from 'node:fs/promises';
import type { ApplyResult } from '../../shared/tenants/apply-result.ts';
import { parseTenantFileText } from '../../shared/tenants/validate-tenant-file.ts';
import { type LocalConsumers, startConsumers } from './consumers.ts';
import { DEMO_TENANTS_FILE } from './demo-tenants.ts';
import { type LocalDynamo, startLocalDynamo } from './dynamodb/index.ts';
import { type LocalFakes, startLocalFakes } from './fakes/index.ts';
import { type LambdaHttpHandler, startHttpBridge } from './http-bridge.ts';
import { fakePorts, LOCAL_PORTS } from './local-ports.ts';
import type { LocalSecrets } from './local-secrets.ts';
import { type ObjectStore, startObjectStore } from './object-store.ts';
import {
  type ChatVendors,
  consumerEnvs,
  LOCAL_CLAIM_CHECK_BUCKET,
  LOCAL_SECONDARY_EMAIL_KEY_SECRET,
  receiverEnv,
} from './platform-env.ts';
import type { StartLocalOptions } from './platform-options.ts';
import { applyTenants, chatTokens, createTables, loadReceiver } from './platform-setup.ts';
import { type LocalSes, startLocalSes } from './ses/local-ses.ts';
import { type LocalSqs, startLocalSqs } from './sqs.ts';

/** The stages of startLocal, in the order it runs them. */

export interface Settings {
  readonly host: string;
  readonly region: string;
  readonly secretsFile: string;
  readonly secretPrefix: string;
  readonly workerTimeoutMs: number;
  readonly common: Record<string, string>;
  readonly secrets: LocalSecrets;
}

/** Servers started so far, stopped in reverse order (consumers before the SQS they poll). */
export type Stoppers = (() => Promise<void>)[];

export interface StandIns {
  readonly sqs: LocalSqs;
  readonly objectStore: ObjectStore;
  readonly dynamo: LocalDynamo;
  readonly ses: LocalSes;
}

/** Where the stand-ins keep their data (in memory when a path is undefined). */
export interface StandInPaths {
  readonly dynamoPath: string | undefined;
  readonly objectsDir: string | undefined;
}

export const startStandIns = async (
  options: StartLocalOptions,
  settings: Settings,
  stoppers: Stoppers,
  paths: StandInPaths,
) => {
  const { host, region } = settings;
  const sqs = await startLocalSqs({
    port: options.sqsPort ?? LOCAL_PORTS.sqs,
    host,
    region,
    deliveryVisibilityTimeoutSeconds: Math.max(1, Math.ceil(settings.workerTimeoutMs / 1000)),
  });
  stoppers.push(sqs.stop);
  const objectStore = await startObjectStore({
    port: options.objectStorePort ?? LOCAL_PORTS.objectStore,
    host,
    buckets: [LOCAL_CLAIM_CHECK_BUCKET],
    dir: paths.objectsDir,
  });
  stoppers.push(objectStore.stop);
  const dynamo = await startLocalDynamo({
    port: options.dynamoPort ?? LOCAL_PORTS.dynamodb,
    host,
    path: paths.dynamoPath,
  });
  stoppers.push(dynamo.stop);
  await createTables(dynamo.endpoint, region);
  const ses = await startLocalSes({ port: options.sesPort ?? LOCAL_PORTS.ses, host });
  stoppers.push(ses.stop);
  return { sqs, objectStore, dynamo, ses } satisfies StandIns;
};

/** What the previous run of a kept instance applied, and where this run records what it applies. */
export interface TenantsState {
  readonly start: string;
  readonly previousTenantsHash: string | null;
  noteTenantsHash(hash: string): Promise<void>;
}

export interface OutsideWorld {
  readonly fakes: LocalFakes;
  /** What applying the tenant file did; null when none was applied. */
  readonly tenantsApplied: ApplyResult | null;
  /** The tenant data of the previous run was kept as it was (a resumed start with an unchanged tenant file). */
  readonly tenantsKept: boolean;
}

/**
 * The fakes, then the tenant file pointed at them and applied. A resumed instance keeps its tenants as the
 * last run left them (`ops tenants apply` included): the file is applied again only when it changed since.
 */
export const startOutsideWorld = async (
  options: StartLocalOptions,
  settings: Settings,
  standIns: StandIns,
  stoppers: Stoppers,
  state: TenantsState,
): Promise<OutsideWorld> => {
  const { secrets } = settings;
  const tenantsPath = options.tenantsFile === undefined ? DEMO_TENANTS_FILE : options.tenantsFile;
  const tenantFile = tenantsPath ? parseTenantFileText(await readFile(tenantsPath, 'utf8')) : null;
  // The backend learns its paths and secrets from the tenant file, once the fakes' ports are known.
  const backendSecrets = new Map<string, readonly string[]>();
  const fakes = await startLocalFakes({
    host: settings.host,
    ports: fakePorts(options.fakesPort ?? LOCAL_PORTS.fakes),
    failFirst: options.backendFailFirst,
    failRate: options.backendFailRate,
    failSeed: options.backendFailSeed,
    backendSecretsFor: (path) => backendSecrets.get(path) ?? [],
    slackTokens: chatTokens(tenantFile, secrets, 'SLACK'),
    secondaryEmailKey: secrets.valuesOf(LOCAL_SECONDARY_EMAIL_KEY_SECRET)[0] ?? '',
  });
  stoppers.push(fakes.stop);
  if (!tenantsPath) return { fakes, tenantsApplied: null, tenantsKept: state.start === 'resumed' };
  const applied = await applyTenants({
    path: tenantsPath,
    fakes,
    dynamoEndpoint: standIns.dynamo.endpoint,
    region: settings.region,
    secretPrefix: settings.secretPrefix,
    secrets,
    backendSecrets,
    skipIfHash: state.start === 'resumed' ? state.previousTenantsHash : null,
  });
  await state.noteTenantsHash(applied.hash);
  return { fakes, tenantsApplied: applied.result, tenantsKept: applied.result === null };
};

/** The API Gateway bridge and the receiver behind it; resolves to the public base URL. */
export const startReceiver = async (
  options: StartLocalOptions,
  settings: Settings,
  standIns: StandIns,
  stoppers: Stoppers,
) => {
  // Listen first (the public URL must be known before the receiver loads), invoke once it has loaded.
  let receiver: LambdaHttpHandler | undefined;
  const bridge = await startHttpBridge({
    port: options.port ?? LOCAL_PORTS.webhooks,
    host: settings.host,
    log: options.log,
    handler: (event, context) => {
      if (!receiver) throw new Error('the receiver has not finished loading');
      return receiver(event, context);
    },
  });
  stoppers.push(bridge.stop);
  const { sqs, objectStore } = standIns;
  const env = receiverEnv(settings.common, {
    inboundQueueUrl: sqs.queueUrls.inbound,
    publicBaseUrl: bridge.url,
    sqsEndpoint: sqs.endpoint,
    objectStoreEndpoint: objectStore.endpoint,
    maxBodyBytes: options.maxBodyBytes,
  });
  receiver = await loadReceiver({ ...env, ...options.env });
  return bridge.url;
};

/**
 * The router and the worker on their queues, with every endpoint they call pointed at this machine; Teams and
 * LINE WORKS chat goes to `chatVendors` (the sync's fake vendors) when they run.
 */
export const startRouterAndWorker = async (
  options: StartLocalOptions,
  settings: Settings,
  standIns: StandIns,
  fakes: LocalFakes,
  chatVendors?: ChatVendors,
): Promise<LocalConsumers> => {
  const { sqs, objectStore, dynamo, ses } = standIns;
  const env = consumerEnvs(settings.common, {
    deliveryQueueUrl: sqs.queueUrls.delivery,
    deliveryDlqUrl: sqs.queueUrls.deliveryDlq,
    sqsEndpoint: sqs.endpoint,
    objectStoreEndpoint: objectStore.endpoint,
    dynamoEndpoint: dynamo.endpoint,
    sesEndpoint: ses.endpoint,
    slackApiBaseUrl: fakes.slack.apiBaseUrl,
    secondaryEmailUrl: fakes.secondaryEmail.sendUrl,
    chatVendors,
    unfakedApiBaseUrl: `${fakes.slack.url}/not-faked`,
    perAttemptTimeoutMs: 2_000,
  });
  const extra = options.consumerEnv ?? {};
  return startConsumers({
    sqsEndpoint: sqs.endpoint,
    region: settings.region,
    queueUrls: sqs.queueUrls,
    env: { router: { ...env.router, ...extra }, worker: { ...env.worker, ...extra } },
    workerTimeoutMs: settings.workerTimeoutMs,
  });
};
