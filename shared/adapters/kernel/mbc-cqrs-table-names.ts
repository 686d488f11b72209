/**
 * DynamoDB table names of the tenant master data, in the one place every user takes them from (the read
 * adapter, the writer's framework, local mode and the stacks). The names follow @mbc-cqrs-serverless/core:
 * `${NODE_ENV}-${APP_NAME}-${module}-{command|data|history}`, plus the framework's `${NODE_ENV}-${APP_NAME}-master-data`
 * (read on each publish for per-tenant TTL settings).
 */

/** The framework's `NODE_ENV` values, which therefore are the stage names. */
export const MBC_CQRS_STAGES = ['local', 'dev', 'stg', 'prod'] as const;
export type MbcCqrsStage = (typeof MBC_CQRS_STAGES)[number];

/** The framework's `APP_NAME` for tsunagi. */
export const TSUNAGI_APP_NAME = 'tsunagi';

/** The CommandModule `tableName` that holds tenants, integrations and routes. */
export const TENANT_MODULE = 'tenant';

export interface TenantTableNames {
  readonly command: string;
  readonly data: string;
  readonly history: string;
  readonly masterData: string;
}

/** The four tables the tenant writer needs; the read path needs only `data`. */
export const tenantTableNames = (
  stage: MbcCqrsStage,
  appName: string = TSUNAGI_APP_NAME,
): TenantTableNames => {
  const prefix = `${stage}-${appName}`;
  return {
    command: `${prefix}-${TENANT_MODULE}-command`,
    data: `${prefix}-${TENANT_MODULE}-data`,
    history: `${prefix}-${TENANT_MODULE}-history`,
    masterData: `${prefix}-master-data`,
  };
};
