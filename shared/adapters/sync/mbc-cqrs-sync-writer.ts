import { randomUUID } from 'node:crypto';
import type { CommandService, IInvoke, JwtClaims } from '@mbc-cqrs-serverless/core';
import type { SyncHistoryRow } from '../../sync/engine/index.ts';
import type { SyncHistoryWriter } from '../../sync/usecases/ports.ts';
import type { RunReport } from '../../sync/usecases/report.ts';
import { RUN_REPORT_PK, RUN_REPORT_TENANT, syncPk } from './sync-items.ts';

// The framework's "take the latest version": history rows and reports are upserts (a retried step rewrites).
const VERSION_LATEST = -1;

// getUserContext reads only `sub` (the audit user) and `custom:tenant`.
const invokeContext = (tenantCode: string, actor: string, requestId: string): IInvoke => ({
  event: {
    requestContext: {
      authorizer: { jwt: { claims: { sub: actor, 'custom:tenant': tenantCode } as JwtClaims } },
    },
  },
  context: { awsRequestId: requestId },
});

/** Where a run report's rendered forms are in the sync bucket. */
export interface ReportLocation {
  readonly bucket: string;
  readonly keys: { readonly json: string; readonly html: string; readonly txt: string };
}

/**
 * Writes sync history rows and run-report items through `CommandService.publishSync` (the low-volume results
 * people and other systems read in the framework's shape; the high-volume mappings take the batch path).
 */
export class MbcCqrsSyncWriter implements SyncHistoryWriter {
  public constructor(
    private readonly command: () => Promise<CommandService>,
    private readonly actor = 'tsunagi-sync',
  ) {}

  public async writeHistory(rows: readonly SyncHistoryRow[]): Promise<void> {
    const command = await this.command();
    const requestId = randomUUID();
    for (const row of rows) {
      const pk = syncPk(row.tenant_id);
      const sk = `HISTORY#${row.sync_id}`;
      await command.publishSync(
        {
          pk,
          sk,
          id: `${pk}#${sk}`,
          code: row.sync_id,
          name: `${row.system_type} ${row.sync_type} ${row.status}`,
          version: VERSION_LATEST,
          tenantCode: row.tenant_id,
          type: 'SYNC_HISTORY',
          isDeleted: false,
          attributes: { ...row },
        },
        {
          source: 'tsunagi:sync-history',
          requestId,
          invokeContext: invokeContext(row.tenant_id, this.actor, requestId),
        },
      );
    }
  }

  /** The run-report item: figures and where the rendered report is (the HTML can exceed an item's size). */
  public async writeRunReport(report: RunReport, location: ReportLocation): Promise<void> {
    const command = await this.command();
    const requestId = randomUUID();
    const sk = `REPORT#${report.run_id}`;
    await command.publishSync(
      {
        pk: RUN_REPORT_PK,
        sk,
        id: `${RUN_REPORT_PK}#${sk}`,
        code: report.run_id,
        name: report.rendered.subject,
        version: VERSION_LATEST,
        tenantCode: RUN_REPORT_TENANT,
        type: 'RUN_REPORT',
        isDeleted: false,
        attributes: {
          run_id: report.run_id,
          status: report.status,
          dry_run: report.dry_run,
          tenant_counts: report.tenant_counts,
          location,
        },
      },
      {
        source: 'tsunagi:sync-report',
        requestId,
        invokeContext: invokeContext(RUN_REPORT_TENANT, this.actor, requestId),
      },
    );
  }
}
