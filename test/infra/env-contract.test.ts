import { describe, expect, it } from 'vitest';
import { CONSOLE_API_ENV } from '../../functions/console-api/env.ts';
import { DELIVERY_WORKER_ENV, parseDeliveryWorkerEnv } from '../../functions/delivery-worker/env.ts';
import { EVENT_ROUTER_ENV, parseEventRouterEnv } from '../../functions/event-router/env.ts';
import { parseSyncPlanEnv, SYNC_PLAN_ENV } from '../../functions/sync-plan/env.ts';
import { parseSyncReportEnv, SYNC_REPORT_ENV } from '../../functions/sync-report/env.ts';
import { parseSyncStepEnv, SYNC_STEP_ENV } from '../../functions/sync-step/env.ts';
import { parseReceiverEnv, RECEIVER_ENV } from '../../functions/webhook-receiver/env.ts';
import type { StageName } from '../../infra/config/stages.ts';
import { commonEnv, consumerEnvs, receiverEnv } from '../../infra/local/platform-env.ts';
import { localSyncEnv } from '../../infra/local/sync/local-sync.ts';
import { type EnvContract, isPlatformVariable } from '../../shared/kernel/env-contract.ts';
import { synthStage } from './helpers.ts';

const CONTRACTS: readonly EnvContract[] = [
  RECEIVER_ENV,
  EVENT_ROUTER_ENV,
  DELIVERY_WORKER_ENV,
  SYNC_PLAN_ENV,
  SYNC_STEP_ENV,
  SYNC_REPORT_ENV,
  CONSOLE_API_ENV,
];

type Variables = Record<string, unknown>;

/** Every way a function's variables break its contract: a missing required name, an unknown one, a bad value. */
const violations = (contract: EnvContract, variables: Variables, knownElsewhere: readonly string[] = []) => {
  const problems: string[] = [];
  for (const name of contract.required) {
    if (!contract.fromRuntime.includes(name) && !(name in variables)) problems.push(`${name}: missing`);
  }
  for (const [name, value] of Object.entries(variables)) {
    if (isPlatformVariable(name) && !contract.names.includes(name)) continue;
    if (!contract.names.includes(name)) {
      if (!knownElsewhere.includes(name)) problems.push(`${name}: not a variable of ${contract.service}`);
      continue;
    }
    // CloudFormation references (Ref, Fn::GetAtt, …) resolve at deploy time; literal values are checked now.
    if (typeof value === 'string') {
      const problem = contract.problemWith(name, value);
      if (problem !== null) problems.push(`${name}: ${problem}`);
    }
  }
  return problems;
};

interface LambdaResource {
  readonly Properties: { readonly Environment?: { readonly Variables?: Variables } };
}

/** The variables of each of the platform's functions in a stage's templates, by service name. */
const functionEnvironments = (stage: StageName): Map<string, Variables> => {
  const { stateless, console } = synthStage(stage);
  const found = new Map<string, Variables>();
  for (const resource of [
    ...Object.values(stateless.findResources('AWS::Lambda::Function')),
    ...Object.values(console.findResources('AWS::Lambda::Function')),
  ] as LambdaResource[]) {
    const variables = resource.Properties.Environment?.Variables ?? {};
    const service = variables.POWERTOOLS_SERVICE_NAME;
    // CDK's own helper functions (log retention, custom resources) carry no service name.
    if (typeof service === 'string') found.set(service, variables);
  }
  return found;
};

describe.each(['dev', 'stg', 'prod'] as const)('Contract: function environments of the %s stage', (stage) => {
  const environments = functionEnvironments(stage);

  it('has one function for every contract and no function without one', () => {
    // Assess
    expect([...environments.keys()].sort()).toEqual(CONTRACTS.map((contract) => contract.service).sort());
  });

  it.each(CONTRACTS.map((contract) => [contract.service, contract] as const))(
    'gives %s exactly the variables its env schema reads',
    (_service, contract) => {
      // Assess
      expect(violations(contract, environments.get(contract.service) ?? {})).toEqual([]);
    },
  );
});

describe('Contract: function environments of local mode', () => {
  const common = commonEnv({
    region: 'ap-northeast-1',
    secretsFile: '/tmp/secrets.json',
    secretPrefix: 'tsunagi/local',
    logLevel: 'WARN',
  });
  const receiver = receiverEnv(common, {
    inboundQueueUrl: 'http://127.0.0.1:9324/000000000000/tsunagi-local-inbound',
    publicBaseUrl: 'http://127.0.0.1:3000',
    sqsEndpoint: 'http://127.0.0.1:9324',
    objectStoreEndpoint: 'http://127.0.0.1:9325',
  });
  const { router, worker } = consumerEnvs(common, {
    deliveryQueueUrl: 'http://127.0.0.1:9324/000000000000/tsunagi-local-delivery',
    deliveryDlqUrl: 'http://127.0.0.1:9324/000000000000/tsunagi-local-delivery-dlq',
    sqsEndpoint: 'http://127.0.0.1:9324',
    objectStoreEndpoint: 'http://127.0.0.1:9325',
    dynamoEndpoint: 'http://127.0.0.1:8000',
    sesEndpoint: 'http://127.0.0.1:8005',
    slackApiBaseUrl: 'http://127.0.0.1:9331/api',
    secondaryEmailUrl: 'http://127.0.0.1:9332/v3/mail/send',
    unfakedApiBaseUrl: 'http://127.0.0.1:9333',
    perAttemptTimeoutMs: 2_000,
  });
  const sync = localSyncEnv({
    region: 'ap-northeast-1',
    dynamoEndpoint: 'http://127.0.0.1:8000',
    objectStoreEndpoint: 'http://127.0.0.1:9325',
    sesEndpoint: 'http://127.0.0.1:8005',
    secretsFile: '/tmp/credentials.json',
    secretPrefix: 'tsunagi/local',
    vendors: {
      slack: 'http://127.0.0.1:9340',
      msgraph: 'http://127.0.0.1:9341',
      lineworks: 'http://127.0.0.1:9342',
    },
  });

  it('gives the receiver, the router and the worker only their own variables, and each parses', () => {
    // Assess
    expect(violations(RECEIVER_ENV, receiver)).toEqual([]);
    expect(violations(EVENT_ROUTER_ENV, router)).toEqual([]);
    expect(violations(DELIVERY_WORKER_ENV, worker)).toEqual([]);
    expect(() => [
      parseReceiverEnv(receiver),
      parseEventRouterEnv(router),
      parseDeliveryWorkerEnv(worker),
    ]).not.toThrow();
  });

  it('gives the three sync functions one environment that each of them parses and none of them ignores', () => {
    // Prepare: local mode runs the three in one process, so a name may belong to any one of them.
    const syncContracts = [SYNC_PLAN_ENV, SYNC_STEP_ENV, SYNC_REPORT_ENV];
    const syncNames = syncContracts.flatMap((contract) => contract.names);

    // Assess
    for (const contract of syncContracts) expect(violations(contract, sync, syncNames)).toEqual([]);
    expect(() => [parseSyncPlanEnv(sync), parseSyncStepEnv(sync), parseSyncReportEnv(sync)]).not.toThrow();
  });

  it('points the receiver and the worker at the one secrets file, with the fake chat vendors too', () => {
    // Act
    const withVendors = consumerEnvs(common, {
      deliveryQueueUrl: 'http://127.0.0.1:9324/000000000000/tsunagi-local-delivery',
      deliveryDlqUrl: 'http://127.0.0.1:9324/000000000000/tsunagi-local-delivery-dlq',
      sqsEndpoint: 'http://127.0.0.1:9324',
      objectStoreEndpoint: 'http://127.0.0.1:9325',
      dynamoEndpoint: 'http://127.0.0.1:8000',
      sesEndpoint: 'http://127.0.0.1:8005',
      slackApiBaseUrl: 'http://127.0.0.1:9331/api',
      secondaryEmailUrl: 'http://127.0.0.1:9332/v3/mail/send',
      chatVendors: { msgraph: 'http://127.0.0.1:9341', lineworks: 'http://127.0.0.1:9342' },
      unfakedApiBaseUrl: 'http://127.0.0.1:9333',
      perAttemptTimeoutMs: 2_000,
    });

    // Assess: no reader works from a copy made at start.
    expect(receiver.LOCAL_SECRETS_FILE).toBe('/tmp/secrets.json');
    expect(worker.LOCAL_SECRETS_FILE).toBe('/tmp/secrets.json');
    expect(withVendors.worker.LOCAL_SECRETS_FILE).toBe('/tmp/secrets.json');
  });
});

describe('Function: violations', () => {
  it('reports a missing, an unknown and an invalid variable', () => {
    // Prepare
    const variables = { STAGE: 'qa', DELIVERY_QUEUE_URL: { Ref: 'Queue' }, TENANT_CACHE_SECOND: '5' };

    // Act
    const problems = violations(EVENT_ROUTER_ENV, variables);

    // Assess
    expect(problems).toContain('CLAIM_CHECK_BUCKET: missing');
    expect(problems).toContain('TENANT_CACHE_SECOND: not a variable of event-router');
    expect(problems.some((problem) => problem.startsWith('STAGE: '))).toBe(true);
    expect(problems.some((problem) => problem.startsWith('DELIVERY_QUEUE_URL'))).toBe(false);
  });
});
