import { type HttpBridge, type LambdaHttpHandler, startHttpBridge } from './http-bridge.ts';
import { DEMO_SECRETS_FILE, LOCAL_SECRET_PREFIX } from './local-secrets.ts';
import { type ObjectStore, startObjectStore } from './object-store.ts';
import { type LocalQueueUrls, type LocalSqs, startLocalSqs } from './sqs.ts';

/**
 * Local mode in-process: the SQS and S3 stand-ins, the API Gateway bridge, and the real receiver handler
 * wired to them through the same environment variables it reads in AWS. `npm start`, the integration
 * tests and the benchmarks all start the platform through `startLocal`.
 */

/** Bucket for claim-checked bodies in local mode. */
export const LOCAL_CLAIM_CHECK_BUCKET = 'tsunagi-local-claim-checks';

export interface StartLocalOptions {
  /** Webhook port; 0 picks a free one. Default 3000. */
  readonly port?: number;
  /** SQS stand-in port; 0 picks a free one. Default 9324. */
  readonly sqsPort?: number;
  /** Object store port; 0 picks a free one. Default 9325. */
  readonly objectStorePort?: number;
  readonly host?: string;
  readonly region?: string;
  readonly secretsFile?: string;
  readonly secretPrefix?: string;
  /** The receiver's body limit (`MAX_BODY_BYTES`); its own default (4 MiB) when absent. */
  readonly maxBodyBytes?: number;
  /** Powertools log level for the receiver; `POWERTOOLS_LOG_LEVEL` or WARN when absent, to keep output calm. */
  readonly logLevel?: string;
  /** One line per webhook request; silent when absent. */
  readonly log?: (line: string) => void;
  /** Extra variables for the receiver (they win over the computed ones). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface LocalPlatform {
  /** Public base URL; webhooks go to `${baseUrl}/webhooks/{provider}/{tenantId}`. */
  readonly baseUrl: string;
  readonly queueUrls: LocalQueueUrls;
  readonly sqsEndpoint: string;
  readonly objectStoreEndpoint: string;
  readonly claimCheckBucket: string;
  readonly secretsFile: string;
  readonly secretPrefix: string;
  /** The stand-ins themselves, e.g. to stop SQS and watch the receiver answer 503. */
  readonly sqs: LocalSqs;
  readonly objectStore: ObjectStore;
  stop(): Promise<void>;
}

// The receiver reads its environment once, when its module loads, and modules load once per process.
let loadedReceiverEnv: string | undefined;

/** Starts the whole local webhook platform; resolves once a webhook can be accepted. */
export const startLocal = async (options: StartLocalOptions = {}): Promise<LocalPlatform> => {
  const settings = {
    host: options.host ?? '127.0.0.1',
    region: options.region ?? 'ap-northeast-1',
    secretsFile: options.secretsFile ?? DEMO_SECRETS_FILE,
    secretPrefix: options.secretPrefix ?? LOCAL_SECRET_PREFIX,
  };
  const { host, region } = settings;
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop();
  };
  try {
    const sqs = await startLocalSqs({ port: options.sqsPort ?? 9324, host, region });
    stoppers.push(sqs.stop);
    const buckets = [LOCAL_CLAIM_CHECK_BUCKET];
    const objectStore = await startObjectStore({ port: options.objectStorePort ?? 9325, host, buckets });
    stoppers.push(objectStore.stop);
    // Listen first (the public URL must be known before the receiver loads), invoke once it has loaded.
    let receiver: LambdaHttpHandler | undefined;
    const bridge = await startHttpBridge({
      port: options.port ?? 3000,
      host,
      log: options.log,
      handler: (event, context) => {
        if (!receiver) throw new Error('the receiver has not finished loading');
        return receiver(event, context);
      },
    });
    stoppers.push(bridge.stop);
    receiver = await loadReceiver(receiverEnv(options, settings, { sqs, objectStore, bridge }));
    const endpoints = { sqsEndpoint: sqs.endpoint, objectStoreEndpoint: objectStore.endpoint };
    const { secretsFile, secretPrefix } = settings;
    return {
      baseUrl: bridge.url,
      queueUrls: sqs.queueUrls,
      ...endpoints,
      secretsFile,
      secretPrefix,
      sqs,
      objectStore,
      claimCheckBucket: LOCAL_CLAIM_CHECK_BUCKET,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

/** The receiver's environment, exactly the variables its deployed function gets, pointed at the stand-ins. */
const receiverEnv = (
  options: StartLocalOptions,
  settings: { region: string; secretsFile: string; secretPrefix: string },
  parts: { sqs: LocalSqs; objectStore: ObjectStore; bridge: HttpBridge },
): Record<string, string> => ({
  STAGE: 'local',
  INBOUND_QUEUE_URL: parts.sqs.queueUrls.inbound,
  CLAIM_CHECK_BUCKET: LOCAL_CLAIM_CHECK_BUCKET,
  SECRET_PREFIX: settings.secretPrefix,
  LOCAL_SECRETS_FILE: settings.secretsFile,
  PUBLIC_BASE_URL: parts.bridge.url,
  AWS_ENDPOINT_URL_SQS: parts.sqs.endpoint,
  AWS_ENDPOINT_URL_S3: parts.objectStore.endpoint,
  AWS_REGION: settings.region,
  // Dummy credentials, so a developer's real ones can never reach a local stand-in or AWS from here.
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  ...(options.maxBodyBytes ? { MAX_BODY_BYTES: String(options.maxBodyBytes) } : {}),
  ...options.env,
});

const loadReceiver = async (env: Record<string, string>): Promise<LambdaHttpHandler> => {
  const fingerprint = JSON.stringify(env);
  if (loadedReceiverEnv !== undefined && loadedReceiverEnv !== fingerprint) {
    throw new Error(
      'startLocal: the receiver already loaded in this process with other ports or settings; it reads its ' +
        'environment once at module load. Start local mode once per process (fixed ports allow a restart).',
    );
  }
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  Object.assign(process.env, env);
  loadedReceiverEnv = fingerprint;
  // Dynamic on purpose: a static import would read the environment before it is set above.
  const { handler } = await import('../../functions/webhook-receiver/handler.ts');
  return handler;
};
