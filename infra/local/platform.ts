import { tenantTableNames } from '../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import { DEMO_TENANTS_FILE } from './demo-tenants.ts';
import { LOCAL_SECRET_PREFIX, LocalSecrets } from './local-secrets.ts';
import { commonEnv, LOCAL_CLAIM_CHECK_BUCKET } from './platform-env.ts';
import {
  type Settings,
  type Stoppers,
  startOutsideWorld,
  startReceiver,
  startRouterAndWorker,
  startStandIns,
} from './platform-parts.ts';
import { LOCAL_DELIVERY_VISIBILITY_TIMEOUT_SECONDS } from './sqs.ts';
import { openPlatformState } from './state/platform-state.ts';
import { startLocalSync, startSyncVendors } from './sync/platform-sync.ts';

export { LOCAL_CLAIM_CHECK_BUCKET } from './platform-env.ts';

/**
 * Local mode in-process: the AWS stand-ins (SQS, S3, DynamoDB, SES), the fakes of third parties, the API
 * Gateway bridge, and the real receiver, router and worker handlers wired to them through the same
 * environment variables they read in AWS. `npm start`, the integration tests and the benchmarks all start the
 * platform through `startLocal`.
 */

import type { LocalPlatform, StartLocalOptions } from './platform-options.ts';

export type { LocalPlatform, StartLocalOptions };

const DEFAULT_WORKER_TIMEOUT_MS = LOCAL_DELIVERY_VISIBILITY_TIMEOUT_SECONDS * 1000;

const settingsOf = (options: StartLocalOptions, secretsFile: string): Settings => {
  const region = options.region ?? 'ap-northeast-1';
  const secretPrefix = options.secretPrefix ?? LOCAL_SECRET_PREFIX;
  const logLevel = options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN';
  return {
    host: options.host ?? '127.0.0.1',
    region,
    secretsFile,
    secretPrefix,
    workerTimeoutMs: options.workerTimeoutMs ?? DEFAULT_WORKER_TIMEOUT_MS,
    common: commonEnv({ region, secretsFile, secretPrefix, logLevel }),
    secrets: LocalSecrets.load(secretsFile, secretPrefix),
  };
};

/** Starts the whole local platform; resolves once a webhook can be accepted and routed. */
export const startLocal = async (options: StartLocalOptions = {}): Promise<LocalPlatform> => {
  const stoppers: Stoppers = [];
  const stop = async () => {
    for (const next of stoppers.splice(0).reverse()) await next();
  };
  const state = await openPlatformState(options);
  stoppers.push(state.cleanup);
  try {
    const settings = settingsOf(options, state.secretsFile);
    // Before any SDK client exists: dummy credentials and no profile, so nothing here can sign for real.
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' });
    const standIns = await startStandIns(options, settings, stoppers, state);
    const restored = await state.restore({
      endpoint: standIns.sqs.endpoint,
      region: settings.region,
      urls: standIns.sqs.queueUrls,
    });
    // Run after everything that uses the queues has stopped, and before SQS itself stops.
    stoppers.splice(stoppers.indexOf(standIns.sqs.stop) + 1, 0, async () => {
      const kept = await state.persist({
        endpoint: standIns.sqs.endpoint,
        region: settings.region,
        urls: standIns.sqs.queueUrls,
      });
      if (kept) options.log?.(kept);
    });
    // Daily tenant sync (issue 4): the fake vendors first, so the tenant file applied below can name
    // integrations whose credentials they issued.
    const syncVendors =
      (options.sync ?? true)
        ? await startSyncVendors({
            vendorsPort: options.syncVendorsPort ?? (options.fakesPort === 0 ? 0 : undefined),
            host: settings.host,
            vendors: options.syncOptions?.vendors,
            stateDir: options.syncOptions?.stateDir ?? state.syncDir,
            seedIntegrations: options.syncOptions?.seedIntegrations,
            tenantsFile: options.tenantsFile === undefined ? DEMO_TENANTS_FILE : options.tenantsFile || null,
            secretsFile: settings.secretsFile,
            secretPrefix: settings.secretPrefix,
          })
        : null;
    if (syncVendors) stoppers.push(syncVendors.stop);
    const withSync: StartLocalOptions = syncVendors
      ? { ...options, tenantsFile: syncVendors.tenantsFile ?? false }
      : options;
    const { fakes, tenantsApplied, tenantsKept } = await startOutsideWorld(
      withSync,
      settings,
      standIns,
      stoppers,
      state,
    );
    const baseUrl = await startReceiver(options, settings, standIns, stoppers);
    const consumers = options.consumers ?? true;
    // The sync's fake Graph and LINE WORKS take the worker's Teams and LINE WORKS chat messages too.
    const { msgraph, lineworks } = syncVendors?.vendors.urls ?? {};
    const chatVendors = syncVendors && msgraph && lineworks ? { msgraph, lineworks } : undefined;
    if (consumers) {
      const started = await startRouterAndWorker(options, settings, standIns, fakes, chatVendors);
      stoppers.push(started.stop);
    }
    const { sqs, objectStore, dynamo, ses } = standIns;
    // Started last: the sync reads and writes through the stand-ins above.
    const sync = syncVendors
      ? await startLocalSync({
          vendors: syncVendors,
          endpoints: {
            region: settings.region,
            dynamoEndpoint: dynamo.endpoint,
            objectStoreEndpoint: objectStore.endpoint,
            sesEndpoint: ses.endpoint,
            secretPrefix: settings.secretPrefix,
            logLevel: settings.common.POWERTOOLS_LOG_LEVEL,
          },
          log: options.log,
          schedulePaused: options.syncOptions?.schedulePaused,
          runner: options.syncOptions?.runner,
        })
      : null;
    if (sync) stoppers.push(sync.stop);
    const delivery = deliveryResourceNames('local');
    return {
      baseUrl,
      queueUrls: sqs.queueUrls,
      sqsEndpoint: sqs.endpoint,
      objectStoreEndpoint: objectStore.endpoint,
      dynamoEndpoint: dynamo.endpoint,
      claimCheckBucket: LOCAL_CLAIM_CHECK_BUCKET,
      tables: {
        tenantData: tenantTableNames('local').data,
        deliveryLog: delivery.deliveryLogTable,
        idempotency: delivery.idempotencyTable,
      },
      secretsFile: settings.secretsFile,
      secretPrefix: settings.secretPrefix,
      ses,
      fakes,
      tenantsApplied,
      state: { dir: state.dir, start: state.start, tenantsKept, restored },
      consumers,
      sqs,
      objectStore,
      dynamo,
      sync,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
