import { Stage, type StageProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { checkStageConfig, type StageConfig } from '../config/stages.ts';
import { ConsoleStack } from '../stacks/console-stack.ts';
import { StatefulStack } from '../stacks/stateful-stack.ts';
import { StatelessStack } from '../stacks/stateless-stack.ts';

export interface TsunagiStageProps extends StageProps {
  readonly config: StageConfig;
}

/** One deployable environment: its stateful stack, the stateless stack that uses it, and the console. */
export class TsunagiStage extends Stage {
  public readonly stateful: StatefulStack;
  public readonly stateless: StatelessStack;
  public readonly console: ConsoleStack;

  public constructor(scope: Construct, id: string, props: TsunagiStageProps) {
    const { config, ...stageProps } = props;
    super(scope, id, stageProps);
    const problems = checkStageConfig(config);
    if (problems.length > 0) {
      throw new Error(`Stage "${config.stageName}" is misconfigured:\n- ${problems.join('\n- ')}`);
    }

    const prefix = `tsunagi-${config.stageName}`;
    this.stateful = new StatefulStack(this, 'Stateful', {
      stackName: `${prefix}-stateful`,
      description: `tsunagi ${config.stageName}: queues, tables, buckets, email identity (data; termination-protected in prod)`,
      config,
    });
    this.stateless = new StatelessStack(this, 'Stateless', {
      stackName: `${prefix}-stateless`,
      description: `tsunagi ${config.stageName}: webhook API, functions and alarms`,
      config,
      stateful: this.stateful.exports,
    });
    // Named imports (Fn::ImportValue) carry no implicit dependency, so the deploy order is stated here.
    this.stateless.addStackDependency(this.stateful);
    this.console = new ConsoleStack(this, 'Console', {
      stackName: `${prefix}-console`,
      description: `tsunagi ${config.stageName}: operator console (sign-in, pages, API)`,
      config,
      stateful: this.stateful.exports,
    });
    this.console.addStackDependency(this.stateful);
  }
}
