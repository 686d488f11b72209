import { setTimeout as delay } from 'node:timers/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { signRequest } from '../../infra/local/signed-request.ts';
import { FREE_PORTS } from '../support/free-ports.ts';
import { createLoadFixture, LOAD_ROUTE, LOAD_TENANT, type LoadFixture } from './support/load-fixture.ts';
import { captureLogs, type LogCapture, leakedSecrets } from './support/load-log-capture.ts';
import { DeadLetterWatch, deliveryRecords, queuedMessages } from './support/load-observe.ts';
import { acceptedCalls, describeAnomalies, reconcile, summaryLine } from './support/load-reconcile.ts';
import { runSecretsBurst } from './support/load-secrets-burst.ts';
import { sendWebhooks } from './support/load-traffic.ts';

const WEBHOOKS = 10_000;
const CONCURRENCY = 50;
const BACKEND_FAIL_RATE = 0.2;
/**
 * Where the time goes on a 2-core machine (measured; local mode's consumer settings, not the deployed ones):
 * - sending: 10,000 webhooks in 22–36 s (280–460 accepted/s), the receiver sharing its cores with the rest;
 * - routing: ~80 events/s, the router's mapping running 2 batches of 10 at once (deployed: 5);
 * - delivering: ~40/s while the circuit is closed, the worker's mapping running 4 batches of 10 at once
 *   (deployed: 10); a failed attempt is retried once at once, then re-enqueued on the retry schedule;
 * - the circuit breaker: 5 consecutive failures open it about once per 4,000 calls at 20 %. What it sheds is
 *   re-enqueued for after the cool-down without counting as an attempt, so nothing is dead-lettered for it.
 *   The schedule runs 3,000 times faster here (http's 75.6 h in about 90 s, every wait at least a second),
 *   far longer than the 3 s cool-down, so every shed and transient failure ends in a delivery.
 * So the load takes 4–5 minutes here, not 3; 10,000 stays, the limit below is what it may take.
 */
/** The retry schedule's speed-up for this load: transient faults must all end delivered, none dead-lettered. */
const LOAD_TIME_SCALE = 3_000;
const SETTLE_TIMEOUT_MS = 420_000;
const LOAD_TEST_TIMEOUT_MS = 600_000;
/**
 * The functions log at INFO for the whole file, the 10,000-event load included: at INFO every accepted
 * webhook writes two lines (routed, delivered) plus a warning per retried record, so the secrets scan reads
 * the output of the load itself as well as of the hostile burst. (The receiver's record of an accepted
 * webhook is its EMF line, and local mode has no metrics; its own log line for it is DEBUG.)
 */
const LOG_LEVEL = 'INFO';

const occurrences = (text: string, needle: string) => text.split(needle).length - 1;

describe('Reliability: 10,000 webhooks over HTTP with a tenant backend failing 20 % of calls', () => {
  let capture: LogCapture;
  let fixture: LoadFixture;
  let platform: LocalPlatform;
  let sqs: SQSClient;
  let dynamo: DynamoDBClient;

  beforeAll(async () => {
    capture = captureLogs();
    fixture = await createLoadFixture();
    platform = await startLocal({
      ...FREE_PORTS,
      sync: false,
      tenantsFile: fixture.tenantsFile,
      secretsFile: fixture.secretsFile,
      logLevel: LOG_LEVEL,
      backendFailFirst: 0,
      backendFailRate: BACKEND_FAIL_RATE,
      backendFailSeed: 20_000,
      // Room for an event loop busy with 50 concurrent senders: an attempt cut off by its timeout after the
      // backend answered 200 would be repeated under the same Idempotency-Key, and this test counts repeats.
      workerTimeoutMs: 10_000,
      consumerEnv: { DELIVERY_PER_ATTEMPT_TIMEOUT_MS: '5000', DELIVERY_TIME_SCALE: String(LOAD_TIME_SCALE) },
    });
    const local = {
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    sqs = new SQSClient({ ...local, endpoint: platform.sqsEndpoint });
    dynamo = new DynamoDBClient({ ...local, endpoint: platform.dynamoEndpoint });
  });

  afterAll(async () => {
    sqs?.destroy();
    dynamo?.destroy();
    await platform?.stop();
    capture?.restore();
    await fixture?.cleanup();
  });

  it(
    'delivers every accepted webhook exactly once or dead-letters it with its reason, losing none',
    async () => {
      // Prepare
      const secret = fixture.webhookSecret[LOAD_TENANT];
      const started = performance.now();
      const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

      // Act: send, then wait until every accepted event has an outcome and the queues are empty.
      const traffic = await sendWebhooks({
        count: WEBHOOKS,
        concurrency: CONCURRENCY,
        build: (index) =>
          signRequest({
            baseUrl: platform.baseUrl,
            provider: 'generic',
            tenantId: LOAD_TENANT,
            secret,
            body: Buffer.from(JSON.stringify({ id: `load_${index}`, type: 'load.tick', data: { index } })),
            contentType: 'application/json',
            headers: { 'x-event-id': `load_${index}`, 'x-event-type': 'load.tick' },
          }),
        onProgress: (p) => capture.print(`load: sent=${p.sent} accepted=${p.accepted} t=${seconds()}s`),
      });
      const sentAt = seconds();
      const accepted = [...traffic.accepted.keys()];
      const watch = new DeadLetterWatch(sqs, platform);
      let lastPrint = 0;
      for (;;) {
        await watch.poll();
        const { okByEvent, statuses } = acceptedCalls(platform.fakes.tenantBackend.received(), LOAD_ROUTE);
        const dead = watch.eventIds();
        const pending = accepted.filter((id) => !okByEvent.has(id) && !dead.has(id)).length;
        const queued = await queuedMessages(sqs, platform);
        if (pending === 0 && queued.inbound + queued.delivery === 0) break;
        if (performance.now() - started > SETTLE_TIMEOUT_MS) break;
        if (performance.now() - lastPrint > 5_000) {
          lastPrint = performance.now();
          const calls = JSON.stringify(statuses);
          capture.print(
            `load: delivered=${okByEvent.size} dlq=${dead.size} pending=${pending} inbound_queue=${queued.inbound} delivery_queue=${queued.delivery} backend=${calls} t=${seconds()}s`,
          );
        }
        await delay(1_000);
      }
      const settledAt = seconds();
      const records = await deliveryRecords(dynamo, platform, LOAD_TENANT, LOAD_ROUTE);
      const received = platform.fakes.tenantBackend.received();
      const result = reconcile(accepted, received, LOAD_ROUTE, watch.letters(records));
      const elapsed = Number(settledAt);
      capture.print(
        summaryLine(result, {
          sent: WEBHOOKS,
          http_statuses: JSON.stringify(traffic.statuses),
          receiver_503_retried: traffic.retried,
          send_s: sentAt,
          settle_s: settledAt,
          accepted_per_s: (result.accepted / Number(sentAt)).toFixed(0),
          end_to_end_per_s: (result.delivered / elapsed).toFixed(0),
          // Both can turn one delivery into two calls that each reach the backend (see the report's notes).
          invocations_timed_out: occurrences(capture.text(), 'Task timed out'),
          logged_attempt_timeouts: occurrences(capture.text(), 'TimeoutError'),
        }),
      );

      const anomalies = [...result.examples.duplicates, ...result.examples.lost].slice(0, 5);
      if (anomalies.length > 0)
        capture.print(describeAnomalies(anomalies, received, records, capture.text()));

      // Assess: the counts reconcile, and the delivery log tells the same story as the outside world.
      expect(traffic.refused).toEqual([]);
      expect(result.accepted).toBe(WEBHOOKS);
      expect(result.examples).toEqual({ lost: [], duplicates: [], deliveredAndDlq: [] });
      expect(result).toMatchObject({ lost: 0, duplicates: 0, deliveredAndDlq: 0, dlqWithoutReason: 0 });
      expect(result.delivered + result.inDlq).toBe(result.accepted);
      // Transient faults and breaker sheds wait on the schedule; none of them may end in the DLQ.
      expect(result.inDlq).toBe(0);
      const { okByEvent } = acceptedCalls(received, LOAD_ROUTE);
      const disagreeing = accepted.filter((id) => {
        const status = records.get(id)?.status;
        return okByEvent.has(id)
          ? status !== 'delivered'
          : status !== 'dead_lettered' && status !== 'failed_permanent';
      });
      expect(disagreeing.slice(0, 10)).toEqual([]);
      expect(disagreeing).toHaveLength(0);
      // The secrets scan below reads this load's log lines too: one "event routed" line per 202.
      expect(occurrences(capture.text(), '"message":"event routed"')).toBeGreaterThanOrEqual(WEBHOOKS);
    },
    LOAD_TEST_TIMEOUT_MS,
  );

  it('writes none of its secrets to the log, through bad signatures, 503s, retries and dead letters', async () => {
    // Act
    const burst = await runSecretsBurst({ platform, fixture, sqs, print: capture.print });

    // Assess: the capture saw the functions' lines, and none of them (nor anything else) holds a secret.
    const output = capture.text();
    capture.print(
      `secrets scan: ${output.length} chars, ${output.split('\n').length} lines, ${fixture.secretValues.length} secrets`,
    );
    expect(burst).toMatchObject({
      rejected: [401, 401],
      unavailable: 503,
      deadLettered: true,
      delivered: true,
    });
    expect(output).toContain('"service":"webhook-receiver"');
    expect(output).toContain('"service":"event-router"');
    expect(output).toContain('"service":"delivery-worker"');
    expect(output).toContain('delivery failed; re-enqueued for its next attempt on the schedule');
    expect(leakedSecrets(output, fixture.secretValues)).toEqual([]);
  });
});
