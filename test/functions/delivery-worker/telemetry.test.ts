import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { metrics, tokenObserver } from '../../../functions/delivery-worker/telemetry.ts';
import { type CapturedOutput, captureOutput } from '../../support/capture-output.ts';
import { type EmittedMetric, recordSingleMetrics } from '../../support/single-metrics.ts';

const event = { tenantId: 'acme', system: 'TEAMS', secret: 'tsunagi/dev/acme/integrations/teams' } as const;

describe('Object: tokenObserver', () => {
  let output: CapturedOutput;
  let emitted: EmittedMetric[];

  beforeEach(() => {
    output = captureOutput();
    emitted = recordSingleMetrics(metrics);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('warns and counts a token refresh failure when a rotated refresh token was not stored', () => {
    // Act
    tokenObserver.rotationNotStored({ ...event, reason: 'AccessDeniedException: not authorized' });

    // Assess
    expect(output.jsonLines()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: expect.stringContaining('rotated refresh token not stored'),
        tenant_id: 'acme',
        system_type: 'TEAMS',
        secret_name: event.secret,
        error: 'AccessDeniedException: not authorized',
      }),
    ]);
    expect(emitted).toEqual([{ name: 'TokenRefreshFailures', dimensions: {} }]);
  });

  it('logs an error and counts a token refresh failure when the grant is refused', () => {
    // Act
    tokenObserver.grantRefused(event);

    // Assess
    expect(output.jsonLines()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: expect.stringContaining('invalid_grant'),
        tenant_id: 'acme',
        system_type: 'TEAMS',
      }),
    ]);
    expect(emitted).toEqual([{ name: 'TokenRefreshFailures', dimensions: {} }]);
  });
});
