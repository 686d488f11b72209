import { CommandService, DataService } from '@mbc-cqrs-serverless/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { TenantWriterEnv } from '../kernel/mbc-cqrs-env.ts';
import { startFrameworkContext } from '../kernel/mbc-cqrs-framework-context.ts';
import { TENANT_MODULE } from '../kernel/mbc-cqrs-table-names.ts';

/** The framework services the tenant writer uses. */
export interface TenantCommandServices {
  readonly command: CommandService;
  readonly data: DataService;
  close(): Promise<void>;
}

let context: Promise<INestApplicationContext> | undefined;
let users = 0;

/**
 * Starts the framework without its HTTP server, once per process (the promise is cached, as a Lambda container
 * would; later callers share it and their env is not re-read), and hands out the tenant module's CommandService
 * and DataService. The context closes when its last user closes.
 */
export const openTenantCommandServices = async (env: TenantWriterEnv): Promise<TenantCommandServices> => {
  context ??= startFrameworkContext(TENANT_MODULE, env).catch((error: unknown) => {
    context = undefined;
    throw error;
  });
  const app = await context;
  users++;
  let closed = false;
  return {
    command: app.get(CommandService, { strict: false }),
    data: app.get(DataService, { strict: false }),
    close: async () => {
      if (closed) return;
      closed = true;
      if (--users > 0) return;
      context = undefined;
      await app.close();
    },
  };
};
