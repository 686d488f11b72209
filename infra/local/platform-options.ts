import type { ApplyResult } from '../../shared/tenants/apply-result.ts';
import type { LocalDynamo } from './dynamodb/index.ts';
import type { LocalFakes } from './fakes/index.ts';
import type { ObjectStore } from './object-store.ts';
import type { LocalSes } from './ses/local-ses.ts';
import type { LocalQueueUrls, LocalSqs } from './sqs.ts';
import type { StateStart } from './state/instance-state.ts';
import type { RestoredState } from './state/platform-state.ts';
import type { LocalSync, StartLocalSyncOptions, SyncVendorsOptions } from './sync/platform-sync.ts';

/** What `startLocal` takes and gives: its own module, so the platform's parts can use it without a cycle. */

export interface StartLocalOptions {
  /** Webhook port; 0 picks a free one. Default 3000. */
  readonly port?: number;
  /** SQS stand-in port; 0 picks a free one. Default 9324. */
  readonly sqsPort?: number;
  /** Object store port; 0 picks a free one. Default 9325. */
  readonly objectStorePort?: number;
  /** dynalite port; 0 picks a free one. Default 8000. */
  readonly dynamoPort?: number;
  /** aws-ses-v2-local port; 0 picks a free one. Default 8005. */
  readonly sesPort?: number;
  /** First port of the fakes (they take five in a row); 0 gives each a free one. Default 9330. */
  readonly fakesPort?: number;
  readonly host?: string;
  readonly region?: string;
  /**
   * Keep this instance's state here and resume from it on the next start: DynamoDB, objects and the secrets
   * file as they change, the queues' messages and the SES mailbox at a clean stop. `npm start` gives
   * `.local/instance-<PORT>`. Without it everything is in memory and the secrets file is a temporary copy.
   */
  readonly stateDir?: string;
  /** With `stateDir`: drop the previous run's state and begin again from the demo data. */
  readonly fresh?: boolean;
  /**
   * A secrets file to serve as it is (every reader reads it live; `ops secrets --local` writes it). By default,
   * and when the committed demo file is named, a working copy of the demo secrets in the state folder.
   */
  readonly secretsFile?: string;
  readonly secretPrefix?: string;
  /** Tenant file applied at start (`false` applies none). Default `demo-tenants.json`. */
  readonly tenantsFile?: string | false;
  /** Run the event router and the delivery worker on their queues. Default true. */
  readonly consumers?: boolean;
  /** Attempts of each delivery the fake tenant backend fails before accepting. Default 2. */
  readonly backendFailFirst?: number;
  /** Share (0..1) of the fake tenant backend's later attempts answered 503 (seeded by `backendFailSeed`). */
  readonly backendFailRate?: number;
  readonly backendFailSeed?: number;
  /** The worker's Lambda timeout (ms); the delivery visibility timeout is at least this. Default 6000. */
  readonly workerTimeoutMs?: number;
  /** The receiver's body limit (`MAX_BODY_BYTES`); its own default (4 MiB) when absent. */
  readonly maxBodyBytes?: number;
  /** Powertools log level of the functions; `POWERTOOLS_LOG_LEVEL` or WARN when absent, to keep output calm. */
  readonly logLevel?: string;
  /** One line per webhook request; silent when absent. */
  readonly log?: (line: string) => void;
  /** Extra variables for the receiver (they win over the computed ones). */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra variables for the router and the worker (e.g. retry settings for fast tests). */
  readonly consumerEnv?: Readonly<Record<string, string>>;
  /** The daily tenant sync: fake vendors, the sync functions, the 06:00 Asia/Tokyo schedule. Default true. */
  readonly sync?: boolean;
  /**
   * The fake sync vendors' first port (Slack; Graph +1, LINE WORKS +2); 0 picks free ones. Default 9340, or
   * 0 when `fakesPort` is 0, so suites that ask for free ports everywhere never collide on these.
   */
  readonly syncVendorsPort?: number;
  /** Fake vendor seed and scaling, state dir, schedule pause and fast-test overrides of the sync pieces. */
  readonly syncOptions?: Partial<Pick<SyncVendorsOptions, 'vendors' | 'stateDir' | 'seedIntegrations'>> &
    Pick<StartLocalSyncOptions, 'schedulePaused' | 'runner'>;
}

export interface LocalStateReport {
  /** The state folder; null when nothing is kept (no `stateDir`). */
  readonly dir: string | null;
  readonly start: StateStart | 'ephemeral';
  /** The previous run's tenant data was kept as it was (the tenant file did not change since it was applied). */
  readonly tenantsKept: boolean;
  /** What a resumed start brought back of the queues and the mailbox. */
  readonly restored: RestoredState;
}

export interface LocalPlatform {
  /** Public base URL; webhooks go to `${baseUrl}/webhooks/{provider}/{tenantId}`. */
  readonly baseUrl: string;
  readonly queueUrls: LocalQueueUrls;
  readonly sqsEndpoint: string;
  readonly objectStoreEndpoint: string;
  readonly dynamoEndpoint: string;
  readonly claimCheckBucket: string;
  readonly tables: {
    readonly tenantData: string;
    readonly deliveryLog: string;
    readonly idempotency: string;
  };
  readonly secretsFile: string;
  readonly secretPrefix: string;
  /** SES stand-in: `endpoint`, `mailboxUrl` (JSON), `viewerUrl` (a page to read the mail). */
  readonly ses: LocalSes;
  readonly fakes: LocalFakes;
  /** What applying the tenant file at start did; null when none was applied (or the kept tenants were used). */
  readonly tenantsApplied: ApplyResult | null;
  /** Where the state is kept and how this start began. */
  readonly state: LocalStateReport;
  readonly consumers: boolean;
  /** The stand-ins themselves, e.g. to stop SQS and watch the receiver answer 503. */
  readonly sqs: LocalSqs;
  readonly objectStore: ObjectStore;
  readonly dynamo: LocalDynamo;
  /** The sync pieces (fake vendors, runner, schedule); null when started with `sync: false`. */
  readonly sync: LocalSync | null;
  stop(): Promise<void>;
}
