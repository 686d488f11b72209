import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReceiveResult } from '../../../shared/webhooks/receive-webhook.ts';
import { type CapturedOutput, captureOutput } from '../../support/capture-output.ts';

type RecordOutcome = typeof import('../../../functions/webhook-receiver/telemetry.ts').recordOutcome;

const TRACE = { trace_id: '0af7651916cd43dd8448eb211c80319c', request_id: 'req-7' } as const;
const EVENT_ID = 'evt_0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const ACCEPTED: ReceiveResult = {
  outcome: { kind: 'accepted', eventId: EVENT_ID, claimChecked: false },
  provider: 'stripe',
  tenantId: 'acme',
  eventType: 'invoice.paid',
};
const REJECTED: ReceiveResult = {
  outcome: { kind: 'rejected', reason: 'signature_mismatch', detail: 'no signature matches any secret' },
  provider: 'stripe',
  tenantId: 'acme',
  eventType: null,
};

/** Loads the receiver's telemetry afresh under the given environment (Powertools reads it at construction). */
const load = async (env: Record<string, string>): Promise<RecordOutcome> => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  return (await import('../../../functions/webhook-receiver/telemetry.ts')).recordOutcome;
};

const emfRecords = (output: CapturedOutput) => output.jsonLines().filter((line) => '_aws' in line);
const logLines = (output: CapturedOutput) => output.jsonLines().filter((line) => !('_aws' in line));
const metricNames = (record: Record<string, unknown>): string[] =>
  (record._aws as { CloudWatchMetrics: { Metrics: { Name: string }[] }[] }).CloudWatchMetrics[0]!.Metrics.map(
    (metric) => metric.Name,
  );

describe('Function: recordOutcome (webhook receiver)', () => {
  let output: CapturedOutput;

  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('writes one line for an accepted webhook: its EMF record, carrying the ids to look it up by', async () => {
    // Prepare
    const recordOutcome = await load({ POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_LOG_LEVEL: 'INFO' });

    // Act
    recordOutcome(ACCEPTED, 202, 12.345, TRACE);

    // Assess
    expect(logLines(output)).toEqual([]);
    const records = emfRecords(output);
    expect(records).toHaveLength(1);
    expect(metricNames(records[0]!).sort()).toEqual(['WebhookAccepted', 'WebhookLatency']);
    expect(records[0]).toMatchObject({
      WebhookAccepted: 1,
      WebhookLatency: 12.345,
      trace_id: TRACE.trace_id,
      request_id: 'req-7',
      event_id: EVENT_ID,
      tenant_id: 'acme',
      provider: 'stripe',
      event_type: 'invoice.paid',
    });
  });

  it('also logs the accepted webhook at DEBUG', async () => {
    // Prepare
    const recordOutcome = await load({ POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_LOG_LEVEL: 'DEBUG' });

    // Act
    recordOutcome(ACCEPTED, 202, 3, TRACE);

    // Assess
    expect(logLines(output)).toEqual([
      expect.objectContaining({
        level: 'DEBUG',
        message: 'webhook accepted',
        trace_id: TRACE.trace_id,
        event_id: EVENT_ID,
        status: 202,
      }),
    ]);
    expect(emfRecords(output)).toHaveLength(1);
  });

  it('warns about a rejection and counts it by reason, with the latency beside it', async () => {
    // Prepare
    const recordOutcome = await load({ POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_LOG_LEVEL: 'INFO' });

    // Act
    recordOutcome(REJECTED, 401, 1.5, TRACE);

    // Assess
    expect(logLines(output)).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'webhook rejected',
        reason: 'signature_mismatch',
        trace_id: TRACE.trace_id,
        status: 401,
      }),
    ]);
    const records = emfRecords(output);
    expect(records.map(metricNames)).toEqual([['WebhookRejected'], ['WebhookLatency']]);
    expect(records[0]).toMatchObject({ reason: 'signature_mismatch', WebhookRejected: 1 });
  });

  it('stores no metrics at all when metrics are disabled, and still logs', async () => {
    // Prepare
    const recordOutcome = await load({ POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'INFO' });
    const { metrics } = await import('../../../functions/webhook-receiver/telemetry.ts');
    const addMetric = vi.spyOn(metrics, 'addMetric');

    // Act
    recordOutcome(ACCEPTED, 202, 3, TRACE);
    recordOutcome(REJECTED, 401, 1, TRACE);

    // Assess
    expect(addMetric).not.toHaveBeenCalled();
    expect(emfRecords(output)).toEqual([]);
    expect(logLines(output)).toEqual([
      expect.objectContaining({ level: 'WARN', reason: 'signature_mismatch' }),
    ]);
  });
});
