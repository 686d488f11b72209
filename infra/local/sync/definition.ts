import { App, Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { StateGraph } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { SyncConfig } from '../../config/stage-config.ts';
import { STAGES } from '../../config/stages.ts';
import { buildTenantSyncDefinition } from '../../constructs/sync/tenant-sync-definition.ts';
import type { AslMachine } from './asl.ts';

/**
 * The tenant-sync definition exactly as the stacks deploy it, rendered to ASL JSON in-process: the same
 * `buildTenantSyncDefinition` on three functions imported by fixed local ARNs, in a throwaway stack. Local
 * mode and `ops sync run --local` run this, so a change to the state machine is what runs locally too.
 */

const ACCOUNT = '000000000000';
const REGION = 'ap-northeast-1';
// local-sync.ts registers the handlers under these function names (tsunagi-local-sync-*).
const arn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:tsunagi-local-${name}`;

/** The functions as the local definition names them; the runner routes their Tasks to local handlers. */
export const LOCAL_SYNC_FUNCTION_ARNS = {
  plan: arn('sync-plan'),
  step: arn('sync-step'),
  report: arn('sync-report'),
} as const;

/** Local mode's sync settings: the deployed schedule (06:00 Asia/Tokyo) and dev's fan-out. */
export const localSyncConfig = (): SyncConfig => STAGES.dev.sync;

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

/** Resolved tokens are CloudFormation intrinsics: only pseudo-parameter Refs and Fn::Join are expected. */
const resolveTokens = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(resolveTokens);
  if (typeof value !== 'object' || value === null) return value;
  const { Ref: ref, 'Fn::Join': join } = value as { Ref?: string; 'Fn::Join'?: [string, unknown[]] };
  if (typeof ref === 'string') {
    if (!PSEUDO[ref]) throw new Error(`unexpected Ref in the rendered definition: ${ref}`);
    return PSEUDO[ref];
  }
  if (join) return join[1].map(resolveTokens).join(join[0]);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('Fn::')) throw new Error(`unexpected ${key} in the rendered definition`);
    out[key] = resolveTokens(inner);
  }
  return out;
};

let cached: AslMachine | undefined;

/** Renders once per process (loading aws-cdk-lib takes most of a second). */
export const renderTenantSyncDefinition = (config: SyncConfig = localSyncConfig()): AslMachine => {
  if (cached && config === localSyncConfig()) return cached;
  // No bundling, no asset staging: the stack only exists to turn the chain into JSON.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'TsunagiLocalSyncDefinition', { env: { account: ACCOUNT, region: REGION } });
  const fn = (id: keyof typeof LOCAL_SYNC_FUNCTION_ARNS) =>
    LambdaFunction.fromFunctionArn(stack, `${id}Function`, LOCAL_SYNC_FUNCTION_ARNS[id]);
  const scope = new Construct(stack, 'Definition');
  const chain = buildTenantSyncDefinition(
    scope,
    { plan: fn('plan'), step: fn('step'), report: fn('report') },
    config,
  );
  // A StateGraph renders the same JSON a StateMachine would, without a (seconds-long) app synth.
  const graph = new StateGraph(chain.startState, 'tenant sync');
  const rendered = stack.resolve(graph.toGraphJson());
  const definition = JSON.parse(JSON.stringify(resolveTokens(rendered))) as AslMachine;
  if (config === localSyncConfig()) cached = definition;
  return definition;
};
