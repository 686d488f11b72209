import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, type IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Context } from 'aws-lambda';
import { PowertoolsDeliveryOnce } from '../../../../shared/adapters/delivery/powertools-delivery-once.ts';
import { SesEmailSender } from '../../../../shared/adapters/delivery/ses-email-sender.ts';
import type {
  DeliveryLog,
  DeliveryRecord,
  EventJourney,
  RoutingRecord,
} from '../../../../shared/delivery/delivery-log.ts';
import { buildDestinations } from '../../../../shared/delivery/destinations/registry.ts';
import { SecretUpdater } from '../../../../shared/delivery/destinations/secrets.ts';
import { DEFAULT_RETRY_SCHEDULES } from '../../../../shared/delivery/schedule/retry-schedule.ts';
import type { DeliverDeps, DeliveryInput } from '../../../../shared/delivery/worker/deliver.ts';
import type {
  ClaimCheckReader,
  ClaimCheckReference,
  DeadLetter,
  DeadLetterSink,
  DeliveryRequeue,
  Requeued,
} from '../../../../shared/delivery/worker/ports.ts';
import type { HttpDestination } from '../../../../shared/tenants/destinations.ts';
import {
  directoryOf,
  fastRuntime,
  MemorySecrets,
  RecordingTokenObserver,
  ROUTE_SECRET,
  ROUTE_SECRET_NAME,
  SECRET_PREFIX,
} from '../destinations/fixtures.ts';

/** The delivery log in memory; `failing` makes every write reject. */
export class MemoryDeliveryLog implements DeliveryLog {
  public readonly deliveries: DeliveryRecord[] = [];
  public failing = false;

  public async recordRouting(_record: RoutingRecord): Promise<void> {}

  public async recordDelivery(record: DeliveryRecord): Promise<void> {
    if (this.failing) throw new Error('ProvisionedThroughputExceededException: slow down');
    this.deliveries.push(record);
  }

  public async getJourney(): Promise<EventJourney> {
    return { routing: null, deliveries: this.deliveries };
  }
}

/** The DLQ in memory; `failing` makes every send reject. */
export class MemoryDeadLetters implements DeadLetterSink {
  public readonly letters: DeadLetter[] = [];
  public failing = false;

  public async send(letter: DeadLetter): Promise<void> {
    if (this.failing) throw new Error('AWS.SimpleQueueService.NonExistentQueue');
    this.letters.push(letter);
  }
}

/** Claim-checked bodies by key; an unknown key rejects with `missing`. */
export class MemoryClaimChecks implements ClaimCheckReader {
  public constructor(
    public readonly bodies: Map<string, Buffer> = new Map(),
    public fail: (() => Error) | null = null,
  ) {}

  public async read(reference: ClaimCheckReference): Promise<Buffer> {
    if (this.fail) throw this.fail();
    const body = this.bodies.get(reference.key);
    if (!body) throw new Error(`no object ${reference.key}`);
    return body;
  }
}

/** Powertools' persistence contract in memory: conditional put, get, update, delete. */
export class MemoryPersistenceLayer extends BasePersistenceLayer {
  public readonly records = new Map<string, IdempotencyRecord>();

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    const inProgressExpired =
      existing?.getStatus() === 'INPROGRESS' &&
      existing.inProgressExpiryTimestamp !== undefined &&
      existing.inProgressExpiryTimestamp < Date.now();
    if (existing && !existing.isExpired() && !inProgressExpired) {
      throw new IdempotencyItemAlreadyExistsError(`exists: ${record.idempotencyKey}`, existing);
    }
    this.records.set(record.idempotencyKey, record);
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, record);
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}

/** The delivery queue as the worker writes to it: what was re-enqueued, in order. */
export class MemoryRequeue implements DeliveryRequeue {
  public readonly messages: Requeued[] = [];
  public failWith: Error | null = null;

  public async requeue(message: Requeued): Promise<void> {
    if (this.failWith !== null) throw this.failWith;
    this.messages.push(message);
  }
}

/** The worker's use case on fakes and real destinations (HTTP through the real client), on a fake clock. */
export const workerSetup = (overrides: Partial<DeliverDeps> = {}) => {
  const { time, runtime } = fastRuntime();
  const secrets = new MemorySecrets(new Map([[ROUTE_SECRET_NAME, ROUTE_SECRET]]));
  const destinations = buildDestinations(
    {
      runtime,
      secrets,
      secretUpdater: new SecretUpdater(secrets),
      tokenObserver: new RecordingTokenObserver(),
      tenants: directoryOf(),
      ses: new SesEmailSender(new SESv2Client({ region: 'ap-northeast-1' })),
    },
    {
      secretPrefix: SECRET_PREFIX,
      emailFrom: 'noreply@tsunagi.example',
      secondaryEmail: null,
      perAttemptTimeoutMs: 2_000,
      slackApiBaseUrl: 'http://127.0.0.1:9',
      graphApiBaseUrl: 'http://127.0.0.1:9',
      graphLoginBaseUrl: 'http://127.0.0.1:9',
      lineWorksApiBaseUrl: 'http://127.0.0.1:9',
      lineWorksAuthBaseUrl: 'http://127.0.0.1:9',
    },
  );
  const log = new MemoryDeliveryLog();
  const deadLetters = new MemoryDeadLetters();
  const claimChecks = new MemoryClaimChecks();
  const persistence = new MemoryPersistenceLayer();
  const once = new PowertoolsDeliveryOnce(persistence);
  once.registerLambdaContext({ getRemainingTimeInMillis: () => 60_000 } as Context);
  const requeue = new MemoryRequeue();
  const deps: DeliverDeps = {
    destinations,
    claimChecks,
    log,
    deadLetters,
    requeue,
    once,
    clock: time.clock,
    random: () => 0.5,
    schedules: DEFAULT_RETRY_SCHEDULES,
    maxReceiveCount: 3,
    ...overrides,
  };
  return { deps, log, deadLetters, requeue, claimChecks, persistence, once, time, secrets };
};

/** String attributes the router puts on a delivery message. */
export const ROUTER_ATTRIBUTES = {
  tenant_id: 'acme',
  provider: 'stripe',
  route_id: 'payments-to-backend',
  event_type: 'x',
};

/** An HTTP destination signed with the test route secret. */
export const httpTo = (url: string): HttpDestination => ({
  type: 'http',
  url,
  signing_secret_name: ROUTE_SECRET_NAME,
});

/** One record's input to the use case. */
export const deliveryInput = (body: string, receiveCount = 1, remainingTimeMs = 60_000): DeliveryInput => ({
  body,
  receiveCount,
  remainingTimeMs,
  attributes: ROUTER_ATTRIBUTES,
});
