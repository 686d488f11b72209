import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { getStageConfig, STAGE_NAMES } from '../../infra/config/stages.ts';
import { selectStages } from '../../infra/stages/tsunagi-app.ts';

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
    }
  });

  it('keeps claim-checked bodies at least as long as a message can wait in the DLQ', () => {
    for (const name of STAGE_NAMES) {
      const { claimCheck, inboundQueue } = getStageConfig(name);
      expect(claimCheck.expiration.toDays()).toBeGreaterThanOrEqual(inboundQueue.dlqRetentionPeriod.toDays());
    }
  });

  it('retains and protects prod only', () => {
    expect(getStageConfig('prod')).toMatchObject({
      removalPolicy: RemovalPolicy.RETAIN,
      terminationProtection: true,
    });
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
