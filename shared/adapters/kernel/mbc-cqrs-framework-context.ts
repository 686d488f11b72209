import 'reflect-metadata';
import { AppModule, CommandModule } from '@mbc-cqrs-serverless/core';
import { type INestApplicationContext, type LogLevel, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { frameworkEnv, type TenantWriterEnv } from './mbc-cqrs-env.ts';

const NEST_LOG_LEVELS: Record<TenantWriterEnv['LOG_LEVEL'], LogLevel[]> = {
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  info: ['fatal', 'error', 'warn', 'log'],
  warn: ['fatal', 'error', 'warn'],
  error: ['fatal', 'error'],
};

/**
 * Starts @mbc-cqrs-serverless/core without its HTTP server, with one CommandModule for `tableName` (the
 * framework's `${NODE_ENV}-${APP_NAME}-${tableName}-{command|data|history}` tables). Callers cache the result.
 */
export const startFrameworkContext = async (
  tableName: string,
  env: TenantWriterEnv,
): Promise<INestApplicationContext> => {
  // Applied as a function, not `@Module`: the project compiles without legacy decorators, and the module has no
  // providers of its own, so nothing depends on decorator metadata (esbuild/tsx do not emit it).
  class FrameworkRootModule {}
  Module({ imports: [CommandModule.register({ tableName })] })(FrameworkRootModule);
  // The framework's ConfigModule and DynamoDbService read process.env when the module is built.
  Object.assign(process.env, frameworkEnv(env));
  return NestFactory.createApplicationContext(AppModule.forRoot({ rootModule: FrameworkRootModule }), {
    logger: NEST_LOG_LEVELS[env.LOG_LEVEL],
    // Nest's default would abort the process on a bootstrap error; a CLI or test wants the rejection.
    abortOnError: false,
  });
};
