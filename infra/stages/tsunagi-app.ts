import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { getStageConfig, STAGE_NAMES, type StageName } from '../config/stages.ts';
import { TsunagiStage } from './tsunagi-stage.ts';

export interface TsunagiAppOptions {
  /** Stages to build; all of them when unset. */
  readonly stages?: readonly StageName[];
  /** Fallback environment for stages whose config does not pin one (env-agnostic when undefined). */
  readonly account?: string;
  readonly region?: string;
}

/**
 * Adds one Stage per environment to `app` and registers cdk-nag's AWS Solutions checks on it.
 * Everything environment-specific arrives through `options`; nothing below reads process.env.
 */
export const addTsunagiStages = (app: App, options: TsunagiAppOptions = {}): TsunagiStage[] => {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return (options.stages ?? STAGE_NAMES).map((name) => {
    const config = getStageConfig(name);
    return new TsunagiStage(app, name, {
      config,
      env: { account: config.account ?? options.account, region: config.region ?? options.region },
    });
  });
};

/** Reads `-c stage=<name>`: that one stage, or every stage when the context is absent. */
export const selectStages = (contextValue: unknown): readonly StageName[] => {
  if (contextValue === undefined || contextValue === '') return STAGE_NAMES;
  return [getStageConfig(String(contextValue)).stageName];
};
