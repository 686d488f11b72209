import { CommandService } from '@mbc-cqrs-serverless/core';
import type { INestApplicationContext } from '@nestjs/common';
import { SYNC_MODULE } from '../../sync/workflow/config-names.ts';
import type { TenantWriterEnv } from '../kernel/mbc-cqrs-env.ts';
import { startFrameworkContext } from '../kernel/mbc-cqrs-framework-context.ts';

let context: Promise<INestApplicationContext> | undefined;

/**
 * The `sync` module's CommandService, from a framework context started once per container (the promise is
 * cached; a failed start is retried by the next caller). Only sync-step's history step and sync-report use it,
 * so the ~0.7 s framework start is paid by them, not by the listing steps.
 */
export const openSyncCommandService = async (env: TenantWriterEnv): Promise<CommandService> => {
  context ??= startFrameworkContext(SYNC_MODULE, env).catch((error: unknown) => {
    context = undefined;
    throw error;
  });
  return (await context).get(CommandService, { strict: false });
};

/** Closes the cached context (tests, CLI). */
export const closeSyncCommandService = async (): Promise<void> => {
  const current = context;
  context = undefined;
  if (current !== undefined) await (await current).close();
};
