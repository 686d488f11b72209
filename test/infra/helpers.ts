import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { getStageConfig, type StageConfig, type StageName } from '../../infra/config/stages.ts';
import { cdkJsonContext, DEFER_VALIDATION_FAILURES } from '../../infra/stages/synth-report.ts';
import { TsunagiStage } from '../../infra/stages/tsunagi-stage.ts';

/** cdk.json's feature flags (as the CLI would pass them), with bundling skipped so tests stay fast. */
export const testContext = (): Record<string, unknown> => ({
  ...cdkJsonContext(),
  ...DEFER_VALIDATION_FAILURES,
  'aws:cdk:bundling-stacks': [],
});

export interface StageTemplates {
  readonly stage: TsunagiStage;
  readonly stateful: Template;
  readonly stateless: Template;
}

/** Synthesizes one stage (optionally with config overrides) and returns both stacks' templates. */
export const synthStage = (name: StageName, overrides: Partial<StageConfig> = {}): StageTemplates => {
  const app = new App({ context: testContext() });
  const stage = new TsunagiStage(app, name, { config: { ...getStageConfig(name), ...overrides } });
  return {
    stage,
    stateful: Template.fromStack(stage.stateful),
    stateless: Template.fromStack(stage.stateless),
  };
};

/** The single resource of `type` in `template`, failing loudly when there is not exactly one. */
export const onlyResource = (template: Template, type: string): { Properties: Record<string, unknown> } => {
  const resources = Object.values(template.findResources(type));
  if (resources.length !== 1) throw new Error(`Expected one ${type}, found ${resources.length}`);
  return resources[0] as { Properties: Record<string, unknown> };
};
