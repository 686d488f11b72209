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
  readonly console: Template;
}

/** Synthesizes one stage (optionally with config overrides) and returns its stacks' templates. */
export const synthStage = (name: StageName, overrides: Partial<StageConfig> = {}): StageTemplates => {
  const app = new App({ context: testContext() });
  const stage = new TsunagiStage(app, name, { config: { ...getStageConfig(name), ...overrides } });
  return {
    stage,
    stateful: Template.fromStack(stage.stateful),
    stateless: Template.fromStack(stage.stateless),
    console: Template.fromStack(stage.console),
  };
};

/** The single resource of `type` whose logical id starts with `prefix` (construct path without separators). */
export const resourceNamed = (
  template: Template,
  type: string,
  prefix: string,
): { Properties: Record<string, unknown> } => {
  const matches = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`Expected one ${type} named ${prefix}*, found ${matches.length}`);
  return matches[0]![1] as { Properties: Record<string, unknown> };
};

export interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Effect: string;
}

export const actionsOf = (statement: Statement): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

export const resourcesOf = (statement: Statement): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

/** The statements of the default policy of the role of the function construct `prefix` (e.g. `Router`). */
export const policyStatements = (template: Template, prefix: string): Statement[] =>
  (
    resourceNamed(template, 'AWS::IAM::Policy', `${prefix}RoleDefaultPolicy`).Properties.PolicyDocument as {
      Statement: Statement[];
    }
  ).Statement;

/** Every action granted on `resource` (compared as CloudFormation JSON) by `statements`. */
export const actionsOn = (statements: readonly Statement[], resource: unknown): string[] =>
  statements
    .filter((s) => s.Effect === 'Allow')
    .filter((s) => resourcesOf(s).some((r) => JSON.stringify(r) === JSON.stringify(resource)))
    .flatMap(actionsOf)
    .sort();

/** `Fn::ImportValue` of one of the stateful stack's named exports. */
export const imported = (stage: StageName, name: string) => ({
  'Fn::ImportValue': `tsunagi-${stage}-stateful:${name}`,
});

/**
 * A CloudFormation resource value as readable text: imports as `import:<export>` (stack prefix dropped),
 * references as `<AWS::Region>`, joins concatenated, `Fn::GetAtt` as `<LogicalId.Attr>`.
 */
export const renderResource = (value: unknown): string => {
  if (typeof value === 'string') return value;
  const v = value as Record<string, unknown>;
  if ('Fn::ImportValue' in v) return `import:${String(v['Fn::ImportValue']).replace(/^[^:]+:/, '')}`;
  if ('Ref' in v) return `<${String(v.Ref)}>`;
  if ('Fn::GetAtt' in v) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::Join' in v) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return parts.map(renderResource).join(separator);
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
};

/** Every allowed action of a policy, by rendered resource, each list sorted. */
export const grantsByResource = (statements: readonly Statement[]): Record<string, string[]> => {
  const grants: Record<string, string[]> = {};
  for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
    for (const resource of resourcesOf(statement).map(renderResource)) {
      grants[resource] = [...(grants[resource] ?? []), ...actionsOf(statement)].sort();
    }
  }
  return grants;
};
