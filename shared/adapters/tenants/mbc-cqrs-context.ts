import 'reflect-metadata';
import { AppModule, CommandModule, CommandService, DataService } from '@mbc-cqrs-serverless/core';
import { type INestApplicationContext, type LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { frameworkEnv, type TenantWriterEnv } from './mbc-cqrs-env.ts';
import { TENANT_MODULE } from './table-names.ts';

/** The framework services the tenant writer uses. */
export interface TenantCommandServices {
  readonly command: CommandService;
  readonly data: DataService;
  close(): Promise<void>;
}

// Applied as a function, not `@Module`: this project compiles without legacy decorators, and the module has no
// providers of its own, so nothing here depends on decorator metadata (esbuild/tsx do not emit it).
class TenantMasterDataModule {}
Module({ imports: [CommandModule.register({ tableName: TENANT_MODULE })] })(TenantMasterDataModule);

const NEST_LOG_LEVELS: Record<TenantWriterEnv['LOG_LEVEL'], LogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

let context: Promise<INestApplicationContext> | undefined;
let users = 0;

const create = async (env: TenantWriterEnv): Promise<INestApplicationContext> => {
  // The framework's ConfigModule and DynamoDbService read process.env when the module is built.
  Object.assign(process.env, frameworkEnv(env));
  return NestFactory.createApplicationContext(AppModule.forRoot({ rootModule: TenantMasterDataModule }), {
    logger: NEST_LOG_LEVELS[env.LOG_LEVEL],
    // Nest's default would abort the process on a bootstrap error; a CLI or test wants the rejection.
    abortOnError: false,
  });
};

/**
 * Starts the framework without its HTTP server, once per process (the promise is cached, as a Lambda container
 * would; later callers share it and their env is not re-read), and hands out the tenant module's CommandService
 * and DataService. The context closes when its last user closes.
 */
export const openTenantCommandServices = async (env: TenantWriterEnv): Promise<TenantCommandServices> => {
  context ??= create(env).catch((error: unknown) => {
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
