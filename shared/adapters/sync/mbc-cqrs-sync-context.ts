import 'reflect-metadata';
import { AppModule, CommandModule, CommandService } from '@mbc-cqrs-serverless/core';
import { type INestApplicationContext, type LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SYNC_MODULE } from '../../sync/workflow/config-names.ts';
import { frameworkEnv, type TenantWriterEnv } from '../tenants/mbc-cqrs-env.ts';

// Applied as a function, not `@Module`: the project compiles without legacy decorators (as the tenant writer).
class SyncResultsModule {}
Module({ imports: [CommandModule.register({ tableName: SYNC_MODULE })] })(SyncResultsModule);

const NEST_LOG_LEVELS: Record<TenantWriterEnv['LOG_LEVEL'], LogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

let context: Promise<INestApplicationContext> | undefined;

const create = async (env: TenantWriterEnv): Promise<INestApplicationContext> => {
  // The framework's ConfigModule and DynamoDbService read process.env when the module is built.
  Object.assign(process.env, frameworkEnv(env));
  return NestFactory.createApplicationContext(AppModule.forRoot({ rootModule: SyncResultsModule }), {
    logger: NEST_LOG_LEVELS[env.LOG_LEVEL],
    abortOnError: false,
  });
};

/**
 * The `sync` module's CommandService, from a framework context started once per container (the promise is
 * cached; a failed start is retried by the next caller). Only sync-step's history step and sync-report use it,
 * so the ~0.7 s framework start is paid by them, not by the listing steps.
 */
export const openSyncCommandService = async (env: TenantWriterEnv): Promise<CommandService> => {
  context ??= create(env).catch((error: unknown) => {
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
