import { describe, expect, it } from 'vitest';
import { parseSyncPlanEnv } from '../../../functions/sync-plan/env.ts';
import { parseSyncReportEnv } from '../../../functions/sync-report/env.ts';
import { parseSyncStepEnv } from '../../../functions/sync-step/env.ts';

const STEP = {
  STAGE: 'dev',
  AWS_REGION: 'ap-northeast-1',
  TENANT_TABLE: 'dev-tsunagi-tenant-data',
  SYNC_TABLE: 'dev-tsunagi-sync-data',
  SECRET_PREFIX: 'tsunagi/dev',
};

describe('Function: sync env parsers', () => {
  it('applies the real vendor URLs and a 20 s in-Lambda wait by default', () => {
    // Act
    const env = parseSyncStepEnv(STEP);

    // Assess
    expect(env).toMatchObject({
      SLACK_API_BASE_URL: 'https://slack.com/api',
      GRAPH_LOGIN_BASE_URL: 'https://login.microsoftonline.com',
      MAX_IN_LAMBDA_WAIT_SECONDS: 20,
    });
  });

  it('lists every bad variable in one message', () => {
    // Act
    const parse = () =>
      parseSyncStepEnv({
        ...STEP,
        STAGE: 'qa',
        SYNC_TABLE: '',
        SLACK_API_BASE_URL: 'ftp://x',
        MAX_IN_LAMBDA_WAIT_SECONDS: 'soon',
      });

    // Assess
    expect(parse).toThrow(
      /^sync-step configuration is invalid: STAGE: .*; SYNC_TABLE: .*; SLACK_API_BASE_URL: .*; MAX_IN_LAMBDA_WAIT_SECONDS: /,
    );
  });

  it('parses sync-plan and sync-report, splitting the report recipients', () => {
    // Act
    const plan = parseSyncPlanEnv({
      STAGE: 'prod',
      AWS_REGION: 'ap-northeast-1',
      TENANT_TABLE: 'prod-tsunagi-tenant-data',
      SYNC_BUCKET: 'tsunagi-prod-sync',
    });
    const report = parseSyncReportEnv({
      STAGE: 'prod',
      AWS_REGION: 'ap-northeast-1',
      SYNC_TABLE: 'prod-tsunagi-sync-data',
      SYNC_BUCKET: 'tsunagi-prod-sync',
      EMAIL_FROM: 'sync@example.com',
      REPORT_EMAIL_TO: 'a@example.com, b@example.com',
    });

    // Assess
    expect(plan.SYNC_BUCKET).toBe('tsunagi-prod-sync');
    expect(report.REPORT_EMAIL_TO).toEqual(['a@example.com', 'b@example.com']);
    expect(() => parseSyncReportEnv({ STAGE: 'prod' })).toThrow(
      /AWS_REGION.*SYNC_TABLE.*SYNC_BUCKET.*EMAIL_FROM/,
    );
  });
});
