import type { SQSRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { envelope } from '../../shared/routing/fixtures.ts';
import { type CapturedOutput, captureOutput } from '../../support/capture-output.ts';

const RECORD = { messageId: 'm-1', attributes: { ApproximateReceiveCount: '1' } } as unknown as SQSRecord;

/** The EMF records written: each metric with its dimensions' values. */
const emfMetrics = (output: CapturedOutput) =>
  output
    .jsonLines()
    .filter((line) => line._aws !== undefined)
    .flatMap((line) => {
      const meta = line._aws as {
        CloudWatchMetrics: { Metrics: { Name: string }[]; Dimensions: string[][] }[];
      };
      return meta.CloudWatchMetrics.flatMap((directive) =>
        directive.Metrics.map((metric) => ({
          name: metric.Name,
          value: line[metric.Name],
          dimensions: Object.fromEntries(directive.Dimensions.flat().map((d) => [d, line[d]])),
        })),
      );
    });

type RecordOutcome = typeof import('../../../functions/event-router/telemetry.ts').recordOutcome;

describe('Function: recordOutcome (event router)', () => {
  let recordOutcome: RecordOutcome;

  beforeAll(async () => {
    // Powertools reads these when the metrics object is built; the suite's defaults turn metrics off.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'tsunagi');
    vi.resetModules();
    ({ recordOutcome } = await import('../../../functions/event-router/telemetry.ts'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('counts an unrouted event by tenant and reason, and the routes its filters kept out', () => {
    // Prepare
    const output = captureOutput();

    // Act
    recordOutcome(
      { kind: 'unrouted', event_id: 'evt_1', reason: 'filtered_out', filtered_out: ['big-jpy', 'main-only'] },
      envelope(),
      RECORD,
    );

    // Assess
    const metrics = emfMetrics(output);
    expect(metrics).toContainEqual(
      expect.objectContaining({
        name: 'EventsUnroutedByTenant',
        value: 1,
        dimensions: expect.objectContaining({ tenant_id: 'acme', reason: 'filtered_out' }),
      }),
    );
    expect(metrics).toContainEqual(
      expect.objectContaining({
        name: 'RoutesFilteredOut',
        value: 2,
        dimensions: expect.objectContaining({ tenant_id: 'acme' }),
      }),
    );
    expect(metrics).toContainEqual(
      expect.objectContaining({
        name: 'EventsUnrouted',
        dimensions: expect.objectContaining({ reason: 'filtered_out' }),
      }),
    );
  });

  it('counts the routes filtered out of a routed event by tenant', () => {
    const output = captureOutput();
    recordOutcome(
      { kind: 'routed', event_id: 'evt_1', route_ids: ['all'], filtered_out: ['big-jpy'] },
      envelope(),
      RECORD,
    );
    expect(emfMetrics(output)).toContainEqual(
      expect.objectContaining({
        name: 'RoutesFilteredOut',
        value: 1,
        dimensions: expect.objectContaining({ tenant_id: 'acme' }),
      }),
    );
  });
});
