import { App } from 'aws-cdk-lib';
import { addTsunagiStages, selectStages } from './stages/tsunagi-app.ts';

// The only place that reads context and the environment; stages and stacks get plain props.
const app = new App();
const context = (key: string): string | undefined => app.node.tryGetContext(key) ?? undefined;

addTsunagiStages(app, {
  stages: selectStages(context('stage')),
  account: context('account') ?? process.env.CDK_DEFAULT_ACCOUNT,
  region: context('region') ?? process.env.CDK_DEFAULT_REGION,
});
app.synth();
