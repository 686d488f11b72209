import * as z from 'zod';
import { listAudit } from '../ops/audit.ts';
import { NotFoundError } from '../ops/errors.ts';
import { AuditRecordSchema } from '../ops/schemas.ts';
import {
  listSyncRuns,
  readSyncReport,
  readSyncReportHtml,
  type SyncReportItem,
  syncHistory,
} from '../ops/sync-reads.ts';
import { listTenants, showTenant } from '../ops/tenants.ts';
import { ChatSystemSchema } from '../tenants/destinations.ts';
import { json, sandboxedHtml } from './http.ts';
import {
  IsoTimeSchema,
  LimitSchema,
  paginate,
  queryOf,
  type Route,
  requireAllTenants,
  scopedTenant,
  TenantIdSchema,
} from './route.ts';
import { csrfTokenFor } from './tokens.ts';

// Session, tenants, sync runs and history, the audit trail: reads over the shared/ops use cases.

const session: Route = {
  method: 'GET',
  pattern: '/api/session',
  change: false,
  run: async ({ principal, ports }) =>
    json(200, {
      user: { name: principal.name, role: principal.role, tenant: principal.tenant },
      target: ports.target.label,
      stage: ports.target.stage,
      local: ports.local,
      csrf: csrfTokenFor(ports.signingKey, principal.id),
    }),
};

const tenants: Route = {
  method: 'GET',
  pattern: '/api/tenants',
  change: false,
  run: async (context) => {
    const output = await listTenants({ target: context.ports.target, directory: context.ports.tenants });
    const { tenant } = context.principal;
    const visible = output.tenants.filter((row) => tenant === null || row.tenant_id === tenant);
    return json(200, { target: output.target, ...paginate(visible, context.request.query) });
  },
};

const tenant: Route = {
  method: 'GET',
  pattern: '/api/tenants/:tenantId',
  change: false,
  run: async (context) => {
    const tenantId = TenantIdSchema.parse(context.params.tenantId);
    const { principal, ports } = context;
    if (principal.tenant !== null && principal.tenant !== tenantId)
      throw new NotFoundError(`no tenant "${tenantId}" in ${ports.target.label}`);
    return json(200, await showTenant({ target: ports.target, directory: ports.tenants }, { tenantId }));
  },
};

/** A run as a tenant-scoped caller sees it: no counts of other tenants. */
const runForScope = (item: SyncReportItem, scoped: boolean) =>
  scoped ? { ...item, tenant_counts: {}, location: undefined } : { ...item, location: undefined };

const syncRuns: Route = {
  method: 'GET',
  pattern: '/api/sync/runs',
  change: false,
  run: async (context) => {
    const query = queryOf(context, z.object({ status: z.enum(['SUCCESS', 'PARTIAL', 'FAILED']).optional() }));
    const { ports, principal } = context;
    const output = await listSyncRuns({ target: ports.target, runs: ports.syncRuns }, query);
    const runs = output.runs.map((run) => runForScope(run, principal.tenant !== null));
    return json(200, { target: output.target, ...paginate(runs, context.request.query) });
  },
};

const RunIdSchema = z.string().regex(/^[A-Za-z0-9_.:+-]{1,128}$/, 'a run id');

const syncReport: Route = {
  method: 'GET',
  pattern: '/api/sync/runs/:runId',
  change: false,
  run: async (context) => {
    const runId = RunIdSchema.parse(context.params.runId);
    const { ports, principal } = context;
    const report = await readSyncReport({ target: ports.target, results: ports.syncResults }, { runId });
    if (principal.tenant === null) return json(200, { target: ports.target.label, ...report });
    const stored = (report.json ?? {}) as { tenants?: { tenant_id?: string }[] };
    const own = (stored.tenants ?? []).filter((row) => row.tenant_id === principal.tenant);
    return json(200, {
      target: ports.target.label,
      item: runForScope(report.item, true),
      text: null,
      json: { run_id: runId, tenants: own },
    });
  },
};

const syncReportHtml: Route = {
  method: 'GET',
  pattern: '/api/sync/runs/:runId/report.html',
  change: false,
  run: async (context) => {
    requireAllTenants(context.principal, 'a run report');
    const runId = RunIdSchema.parse(context.params.runId);
    const { ports } = context;
    return sandboxedHtml(
      await readSyncReportHtml({ target: ports.target, results: ports.syncResults }, { runId }),
    );
  },
};

const HistoryQuerySchema = z.object({
  tenant_id: z.string().optional(),
  system_type: ChatSystemSchema.optional(),
  limit: LimitSchema,
});

const history: Route = {
  method: 'GET',
  pattern: '/api/sync/history',
  change: false,
  run: async (context) => {
    const query = queryOf(context, HistoryQuerySchema);
    const tenantId = TenantIdSchema.parse(scopedTenant(context.principal, query.tenant_id));
    const { ports } = context;
    const output = await syncHistory(
      { target: ports.target, results: ports.syncResults },
      { tenantId, systemType: query.system_type, limit: query.limit },
    );
    return json(200, { target: output.target, tenant_id: tenantId, items: output.rows, next: null });
  },
};

const AuditQuerySchema = z.object({
  since: IsoTimeSchema.optional(),
  command: AuditRecordSchema.shape.command.optional(),
  who: z.string().max(256).optional(),
});

const audit: Route = {
  method: 'GET',
  pattern: '/api/audit',
  change: false,
  run: async (context) => {
    const query = queryOf(context, AuditQuerySchema);
    const { ports, principal } = context;
    const since = query.since ? new Date(query.since) : undefined;
    const output = await listAudit({ target: ports.target, audit: ports.dlq.audit }, { since });
    const records = output.records
      .filter((record) => principal.tenant === null || record.filters.tenant_id === principal.tenant)
      .filter((record) => !query.command || record.command === query.command)
      .filter((record) => !query.who || record.who.toLowerCase().includes(query.who.toLowerCase()))
      .reverse();
    return json(200, {
      target: output.target,
      since: output.since,
      ...paginate(records, context.request.query),
    });
  },
};

export const READ_ROUTES: readonly Route[] = [
  session,
  tenants,
  tenant,
  syncRuns,
  syncReportHtml,
  syncReport,
  history,
  audit,
];
