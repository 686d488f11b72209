import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { DynamoDbEndpoints } from '../../shared/adapters/delivery/dynamodb-endpoints.ts';
import { DynamoDbEventIndex } from '../../shared/adapters/ops/dynamodb-event-index.ts';
import { DynamoDbTenantDirectory } from '../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import type { EndpointOpsPorts } from '../../shared/ops/endpoints/ports.ts';
import { NotFoundError } from '../../shared/ops/errors.ts';
import { openOpsContext } from './dlq-context.ts';
import { explainUnreachable } from './target.ts';

/**
 * What the `endpoints` commands act on: the DLQ commands' context (SQS for release requests and the delivery
 * DLQ, the audit table, who acts) plus the endpoints table, the tenant directory and the delivery log.
 * Operator changes notify nobody from here: the stage's alert topic is the worker's; the audit trail tells.
 */
export const withEndpointPorts = async <T>(
  values: Parameters<typeof openOpsContext>[0],
  run: (ports: EndpointOpsPorts) => Promise<T>,
): Promise<T> => {
  const ctx = openOpsContext(values);
  const dynamo = ctx.target.dynamo();
  const names = deliveryResourceNames(ctx.target.stage);
  const endpoints = new DynamoDbEndpoints(dynamo, { tableName: names.endpointsTable });
  const ports: EndpointOpsPorts = {
    ...ctx,
    health: endpoints,
    held: endpoints,
    tenants: new DynamoDbTenantDirectory(dynamo, { tableName: ctx.target.tables.tenantData, cacheTtlMs: 0 }),
    index: new DynamoDbEventIndex(dynamo, names.deliveryLogTable),
    log: new DynamoDbDeliveryLog(dynamo, { tableName: names.deliveryLogTable, retentionDays: 1 }),
  };
  try {
    return await run(ports);
  } catch (error) {
    if (error instanceof NotFoundError) throw error;
    throw explainUnreachable(ctx.explain(error), ctx.target);
  } finally {
    dynamo.destroy();
    ctx.close();
  }
};
