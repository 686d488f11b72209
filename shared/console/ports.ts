import type { DeliveryLog } from '../delivery/delivery-log.ts';
import type { EndpointHealthStore, HeldDeliveries } from '../delivery/health/ports.ts';
import type { ArchiveSink } from '../ops/dlq-archive.ts';
import type { EventIndex } from '../ops/events-search.ts';
import type { DlqPorts, OpsTarget } from '../ops/ports.ts';
import type { SyncResultsReader, SyncRunIndex } from '../ops/sync-reads.ts';
import type { TenantCatalog, TenantDirectory } from '../tenants/ports.ts';

/** What the console API acts through: the same ports the operator CLI's use cases take, for one target. */
export interface ConsolePorts {
  readonly target: OpsTarget;
  /** Local mode (no sign-in, no metrics service). */
  readonly local: boolean;
  /** Signs CSRF and confirmation tokens (32 random bytes per deployment, or per local start). */
  readonly signingKey: Buffer;
  /** Origins a change may come from (the console's own); a request with another `Origin` is refused. */
  readonly allowedOrigins: readonly string[];
  /** The DLQ use cases' ports; `who` is set per request from the signed-in person. */
  readonly dlq: Omit<DlqPorts, 'who'>;
  readonly log: Pick<DeliveryLog, 'getJourney'>;
  /** The destinations' health records and held deliveries (the endpoints table). */
  readonly endpoints: EndpointHealthStore & HeldDeliveries;
  readonly index: EventIndex;
  readonly tenants: TenantDirectory & TenantCatalog;
  readonly syncResults: SyncResultsReader;
  readonly syncRuns: SyncRunIndex;
  /** Where an archive run writes (a file locally, S3 objects on a stage); `close` after the run. */
  openArchive(queue: string): Promise<ArchiveSink & { close(): Promise<void> }>;
  /** How long one call of a redrive or archive runs before it answers with its progress (ms). */
  readonly chunkMs: number;
  readonly clock: () => number;
  /** Our own failures (never bad input): logged without request bodies. */
  logError(error: unknown): void;
}
