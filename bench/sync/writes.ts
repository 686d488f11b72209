import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STAGES } from '../../infra/config/stages.ts';
import { startLocalDynamo } from '../../infra/local/dynamodb/local-dynamo.ts';
import { ensureSyncTables } from '../../infra/local/sync/local-sync.ts';
import { DynamoDbBatchWriter, WriteCounter } from '../../shared/adapters/sync/dynamodb-batch-writer.ts';
import { DynamoDbMappingRepository } from '../../shared/adapters/sync/dynamodb-mapping-repository.ts';
import { FreshDirectoryCache } from '../../shared/sync/usecases/fresh-cache.ts';
import { runStep } from '../../shared/sync/usecases/run-step.ts';
import type { SyncStepDeps } from '../../shared/sync/usecases/step-deps.ts';
import { AccessTokenCache } from '../../shared/sync/usecases/token-cache.ts';
import { syncResourceNames } from '../../shared/sync/workflow/config-names.ts';
import type { ChildState, SyncStep } from '../../shared/sync/workflow/contract.ts';
import type { Metrics } from '../lib/report.ts';
import { round } from '../lib/stats.ts';
import {
  authOf,
  type BenchChild,
  benchVendorClients,
  childrenOf,
  PAGE_SIZE,
  pool,
  startSeededVendors,
  USERS,
} from './world.ts';

// sync.rerun_writes and sync.items_per_write_request: the real users and teams steps writing to dynalite, run
// twice over the same seeded vendors.

/** The write figures do not depend on time: a large scale keeps them fast. */
const WRITES_TIME_SCALE = 50;

const unused = (what: string) => () => {
  throw new Error(`bench: ${what} is not used by the users and teams steps`);
};

/** Runs the real users and teams steps (run-step.ts) of every child, honouring a rate-limit Wait like the runner. */
const runChildren = async (
  children: readonly BenchChild[],
  deps: SyncStepDeps,
  runId: string,
  concurrency: number,
): Promise<{ failed: number }> => {
  let failed = 0;
  await pool(children, concurrency, async (child) => {
    let state: ChildState = {
      item: {
        run_id: runId,
        tenant_id: child.tenantId,
        system_type: child.system,
        sync_types: ['users', 'teams'],
        dry_run: false,
        force_refresh: false,
        batch_size: PAGE_SIZE,
      },
      outcomes: [],
      wait_seconds: null,
      fatal_error: null,
    };
    for (const step of ['users', 'teams'] as const satisfies readonly SyncStep[]) {
      for (;;) {
        state = (await runStep(step, state, deps)).state;
        if (state.wait_seconds === null) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    const failedHere =
      state.outcomes.filter((o) => o.status !== 'SUCCESS').length + (state.fatal_error === null ? 0 : 1);
    failed += failedHere;
  });
  return { failed };
};

export const writeFigures = async (tenants: number): Promise<Metrics> => {
  const concurrency = STAGES.prod.sync.maxConcurrency;
  const vendors = await startSeededVendors(tenants, USERS, WRITES_TIME_SCALE);
  const dynamo = await startLocalDynamo({ port: 0 });
  const client = new DynamoDBClient({
    region: 'ap-northeast-1',
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // 100 children × 4 chunks in flight; the default 50 sockets only queues them (and warns).
    requestHandler: { httpAgent: { maxSockets: 512 } },
  });
  try {
    await ensureSyncTables(client);
    const tableName = syncResourceNames('local').syncTable;
    const counter = new WriteCounter();
    const writer = new DynamoDbBatchWriter(client, { tableName, counter });
    const { clients } = benchVendorClients(vendors, WRITES_TIME_SCALE);
    const children = childrenOf(vendors);
    const tokens = new AccessTokenCache(children.length);
    // The token step's work, done once up front: the steps take the token from the container's cache.
    await pool(children, concurrency, async (child) => {
      const { auth, expiresAt } = await authOf(vendors, clients[child.system], child);
      tokens.set(child.tenantId, child.system, { accessToken: auth.accessToken, expiresAt });
    });
    const deps: SyncStepDeps = {
      tenants: { getTenant: unused('the tenant directory') },
      secretPrefix: 'bench',
      credentials: { read: unused('the credential store'), rotate: unused('the credential store') },
      vendors: clients,
      tokens,
      fresh: new FreshDirectoryCache(children.length),
      mappings: new DynamoDbMappingRepository(client, { tableName, writer }),
      targets: { list: unused('the target store'), write: unused('the target store') },
      // No internal users: every user mapping is still written (unmatched), which is what the figures count.
      internalUsers: { directoryOf: async () => new Map() },
      history: { writeHistory: unused('the history writer') },
      now: () => new Date(),
    };
    const first = await runChildren(children, deps, 'bench-1', concurrency);
    const firstItems = counter.items;
    const firstRequests = counter.requests;
    counter.items = 0;
    counter.requests = 0;
    const second = await runChildren(children, deps, 'bench-2', concurrency);
    const scope =
      `${tenants} tenants × 3 systems × ${USERS} users (${children.length} children, ${concurrency} at once), ` +
      'the real users and teams steps (run-step.ts) with DynamoDbMappingRepository + DynamoDbBatchWriter on ' +
      'dynalite (in process), counted by its WriteCounter';
    return {
      'sync.rerun_writes': {
        value: counter.items,
        unit: 'items',
        goal: { op: '<=', value: 0 },
        detail:
          `items written by an immediate second run (${counter.requests} write requests) after a first run that ` +
          `wrote ${firstItems}; fakes unchanged; ${scope}; failed outcomes ${first.failed} + ${second.failed}`,
      },
      'sync.items_per_write_request': {
        value: round(firstRequests === 0 ? 0 : firstItems / firstRequests, 2),
        unit: 'items/req',
        goal: { op: '>=', value: 20 },
        detail: `first run: ${firstItems} mapping items / ${firstRequests} BatchWriteItem requests (retries of unprocessed items count as requests); ${scope}`,
      },
    };
  } finally {
    client.destroy();
    await dynamo.stop();
    await vendors.stop();
  }
};
