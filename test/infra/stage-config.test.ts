import { App, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { checkStageConfig, getStageConfig, STAGE_NAMES } from '../../infra/config/stages.ts';
import { selectStages } from '../../infra/stages/tsunagi-app.ts';
import { TsunagiStage } from '../../infra/stages/tsunagi-stage.ts';
import { testContext } from './helpers.ts';

describe('Function: getStageConfig', () => {
  it('returns a config for every stage, named after it', () => {
    for (const name of STAGE_NAMES) {
      expect(getStageConfig(name).stageName).toBe(name);
      expect(getStageConfig(name).secretPrefix).toBe(`tsunagi/${name}`);
    }
  });

  it('rejects an unknown stage with a message listing the valid ones', () => {
    expect(() => getStageConfig('qa')).toThrow('Unknown stage "qa". Valid stages: dev, stg, prod.');
  });

  it('uses the contract defaults for body size, claim check and retries', () => {
    for (const name of STAGE_NAMES) {
      const config = getStageConfig(name);
      expect(config.receiver.maxBodyBytes).toBe(4_194_304);
      expect(config.receiver.claimCheckThresholdBytes).toBe(921_600);
      expect(config.inboundQueue.maxReceiveCount).toBe(3);
      expect(config.inboundQueue.dlqRetentionPeriod.toDays()).toBe(14);
      expect(config.deliveryQueue.maxReceiveCount).toBe(3);
      expect(config.deliveryQueue.dlqRetentionPeriod.toDays()).toBe(14);
      expect(config.worker.perAttemptTimeout.toMilliseconds()).toBe(10_000);
    }
  });

  it('keeps claim-checked bodies at least as long as a message can wait in the DLQ', () => {
    for (const name of STAGE_NAMES) {
      const { claimCheck, inboundQueue } = getStageConfig(name);
      expect(claimCheck.expiration.toDays()).toBeGreaterThanOrEqual(inboundQueue.dlqRetentionPeriod.toDays());
    }
  });

  it('passes its own consistency checks in every stage', () => {
    for (const name of STAGE_NAMES) {
      expect(checkStageConfig(getStageConfig(name))).toEqual([]);
    }
  });

  it('does not page for normal retries: the delivery age alarm outlasts maxReceiveCount visibility timeouts', () => {
    for (const name of STAGE_NAMES) {
      const { alarms, deliveryQueue } = getStageConfig(name);
      expect(alarms.deliveryOldestMessageAge.toSeconds()).toBeGreaterThan(
        deliveryQueue.maxReceiveCount * deliveryQueue.visibilityTimeout.toSeconds(),
      );
    }
  });

  it('retains and protects prod and stg, not dev', () => {
    for (const name of ['prod', 'stg'] as const) {
      expect(getStageConfig(name)).toMatchObject({
        removalPolicy: RemovalPolicy.RETAIN,
        terminationProtection: true,
      });
    }
    expect(getStageConfig('dev')).toMatchObject({
      removalPolicy: RemovalPolicy.DESTROY,
      terminationProtection: false,
    });
  });
});

describe('Function: selectStages', () => {
  it('selects every stage when no stage context is given', () => {
    expect(selectStages(undefined)).toEqual(['dev', 'stg', 'prod']);
  });

  it('selects the one stage named by -c stage=<name>', () => {
    expect(selectStages('stg')).toEqual(['stg']);
  });

  it('rejects an unknown stage name', () => {
    expect(() => selectStages('production')).toThrow(/Valid stages: dev, stg, prod/);
  });
});

describe('Function: checkStageConfig', () => {
  it('lists every violated rule in one result', () => {
    // Prepare
    const dev = getStageConfig('dev');
    const config = {
      ...dev,
      router: { ...dev.router, timeout: Duration.seconds(31) },
      worker: { ...dev.worker, timeout: Duration.seconds(61), perAttemptTimeout: Duration.seconds(61) },
      email: { ...dev.email, fromAddress: 'alerts@other.example.com' },
    };

    // Act
    const problems = checkStageConfig(config);

    // Assess
    expect(problems).toEqual([
      'inboundQueue.visibilityTimeout (180 s) must be at least 6x router.timeout (31 s)',
      'deliveryQueue.visibilityTimeout (360 s) must be at least 6x worker.timeout (61 s)',
      'worker.perAttemptTimeout must be shorter than worker.timeout',
      'email.fromAddress must be an address of email.domain (dev.tsunagi.example.com)',
    ]);
  });

  it('rejects a route throttle that API Gateway would refuse', () => {
    // Prepare
    const dev = getStageConfig('dev');
    const config = { ...dev, api: { ...dev.api, otherMethodsRoute: { rateLimit: 0, burstLimit: 0.5 } } };

    // Act
    const problems = checkStageConfig(config);

    // Assess
    expect(problems).toEqual([
      'api.otherMethodsRoute must be a rate above 0 and an integer burst of at least 1',
    ]);
  });

  it('makes the stage refuse to build with a misconfiguration', () => {
    const dev = getStageConfig('dev');
    const config = { ...dev, worker: { ...dev.worker, timeout: Duration.minutes(2) } };

    expect(() => new TsunagiStage(new App({ context: testContext() }), 'dev', { config })).toThrow(
      /Stage "dev" is misconfigured:\n- deliveryQueue\.visibilityTimeout \(360 s\) must be at least 6x worker\.timeout \(120 s\)/,
    );
  });
});
