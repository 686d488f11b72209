import { randomUUID } from 'node:crypto';
import type { IInvoke, JwtClaims } from '@mbc-cqrs-serverless/core';
import { BadRequestException } from '@nestjs/common';
import { type ApplyResult, summarizeApply } from '../../tenants/apply-result.ts';
import {
  TenantApplyConflictError,
  type TenantFileIssue,
  TenantFileValidationError,
} from '../../tenants/errors.ts';
import type { ApplyOptions, TenantWriter } from '../../tenants/ports.ts';
import type { Tenant } from '../../tenants/tenant-file.ts';
import { parseTenantWriterEnv } from '../kernel/mbc-cqrs-env.ts';
import { type PlannedWrite, planTenant, type TenantPlan } from './apply-plan.ts';
import { openTenantCommandServices, type TenantCommandServices } from './mbc-cqrs-context.ts';
import { type StoredItem, tenantPk } from './tenant-items.ts';

export interface MbcCqrsTenantWriterOptions {
  /** Recorded as createdBy on the items it writes; default `tsunagi-ops`. */
  readonly actor?: string;
}

interface Settings {
  readonly actor: string;
  /** Attributes above this many bytes are refused (the framework would move them to S3). */
  readonly attributeLimitBytes: number;
}

const PAGE_SIZE = 100;

// getUserContext reads only `sub` (the audit user) and `custom:tenant`; the framework types a full Cognito token.
const invokeContext = (tenantId: string, actor: string, requestId: string): IInvoke => ({
  event: {
    requestContext: {
      authorizer: { jwt: { claims: { sub: actor, 'custom:tenant': tenantId } as JwtClaims } },
    },
  },
  context: { awsRequestId: requestId },
});

/**
 * Applies declared tenants through @mbc-cqrs-serverless/core `CommandService.publishSync` (data table, standard
 * item shape). It plans every tenant first, so a refused item stops the apply before anything is written, and it
 * writes only the items that change, each against the version it was planned from.
 */
export class MbcCqrsTenantWriter implements TenantWriter {
  private constructor(
    private readonly services: TenantCommandServices,
    private readonly options: Settings,
  ) {}

  /** Starts the framework from an environment (see `TenantWriterEnvSchema`); close the writer when done. */
  public static async start(
    env: Record<string, string | undefined> = process.env,
    options: MbcCqrsTenantWriterOptions = {},
  ): Promise<MbcCqrsTenantWriter> {
    const parsed = parseTenantWriterEnv(env);
    const services = await openTenantCommandServices(parsed);
    return new MbcCqrsTenantWriter(services, {
      actor: options.actor ?? 'tsunagi-ops',
      attributeLimitBytes: parsed.ATTRIBUTE_LIMIT_SIZE,
    });
  }

  public async apply(tenants: readonly Tenant[], { dryRun }: ApplyOptions): Promise<ApplyResult> {
    const plans = await this.plan(tenants);
    if (!dryRun) await this.write(plans);
    return summarizeApply(
      plans.map((plan) => plan.diff),
      dryRun,
    );
  }

  /** Reads each tenant's items and plans its writes; throws `TenantFileValidationError` for an oversized item. */
  public async plan(tenants: readonly Tenant[]): Promise<TenantPlan[]> {
    const plans: TenantPlan[] = [];
    for (const tenant of tenants) {
      plans.push(planTenant(tenant, await this.readPartition(tenant.tenant_id)));
    }
    this.refuseOversized(tenants, plans);
    return plans;
  }

  /** Carries out plans; throws `TenantApplyConflictError` when an item is no longer at its planned version. */
  public async write(plans: readonly TenantPlan[]): Promise<void> {
    const requestId = randomUUID();
    for (const write of plans.flatMap((plan) => plan.writes)) await this.publish(write, requestId);
  }

  /** Stops the framework's application context. */
  public close(): Promise<void> {
    return this.services.close();
  }

  private async readPartition(tenantId: string): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    let startFromSk: string | undefined;
    do {
      const page = await this.services.data.listItemsByPk(tenantPk(tenantId), {
        limit: PAGE_SIZE,
        startFromSk,
      });
      items.push(...page.items.map((item) => ({ ...item }) as StoredItem));
      startFromSk = page.lastSk;
    } while (startFromSk);
    return items;
  }

  private refuseOversized(tenants: readonly Tenant[], plans: readonly TenantPlan[]): void {
    const issues: TenantFileIssue[] = [];
    plans.forEach((plan, t) => {
      for (const { content } of plan.writes) {
        const bytes = Buffer.byteLength(JSON.stringify(content.attributes));
        if (bytes <= this.options.attributeLimitBytes) continue;
        const r = tenants[t]!.routes.findIndex((route) => route.route_id === content.code);
        const path = content.type === 'ROUTE' && r >= 0 ? `tenants[${t}].routes[${r}]` : `tenants[${t}]`;
        issues.push({
          path,
          message: `is ${bytes} bytes stored, over the ${this.options.attributeLimitBytes}-byte limit`,
        });
      }
    });
    if (issues.length > 0) throw new TenantFileValidationError(issues);
  }

  private async publish({ content, expectedVersion }: PlannedWrite, requestId: string): Promise<void> {
    try {
      await this.services.command.publishSync(
        { ...content, version: expectedVersion },
        {
          source: 'tsunagi:tenants-apply',
          requestId,
          invokeContext: invokeContext(content.tenantCode, this.options.actor, requestId),
        },
      );
    } catch (error) {
      // publishSync rejects a version other than the stored one: someone wrote this item after we read it.
      if (error instanceof BadRequestException) {
        throw new TenantApplyConflictError(
          `${content.pk} ${content.sk} changed during the apply; run it again`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }
}
