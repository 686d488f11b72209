import { redriveMatching } from '../../infra/ops/dlq-redrive.ts';
import { sourceOf } from '../../infra/ops/dlq-shared.ts';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { filteredMoveBurst } from '../../shared/ops/dlq-operations.ts';
import type { Metrics } from '../lib/report.ts';
import { median, round } from '../lib/stats.ts';
import { fillDeadLetters, MATCHING_TENANT } from './fill.ts';
import { startOpsWorld } from './world.ts';

/** The rate the issue names: `dlq redrive <queue> --tenant-id X --rate 50`. */
const REQUESTED_PER_SECOND = 50;

interface RedriveRound {
  readonly moved: number;
  readonly stayed: number;
  /** From the call to the last message moved. */
  readonly wallMs: number;
  /** The most messages moved within any one second of the run. */
  readonly peakPerSecond: number;
}

/** The most timestamps (ms, ascending) that fall within any window of `windowMs`. */
const peakInWindow = (times: readonly number[], windowMs: number): number => {
  let peak = 0;
  for (let first = 0, last = 0; last < times.length; last += 1) {
    while (times[last]! - times[first]! >= windowMs) first += 1;
    peak = Math.max(peak, last - first + 1);
  }
  return peak;
};

const check = (ok: boolean, what: string): void => {
  if (!ok) throw new Error(`ops.redrive_rate_ratio: ${what}; the benchmark measured the wrong thing`);
};

/**
 * One round on fresh stand-ins: fill the delivery DLQ with `total` dead letters (three in five of the matching
 * tenant), redrive that tenant's at the requested rate through the CLI's own code path, and check that exactly
 * those moved and every other one stayed.
 */
const redriveRound = async (total: number): Promise<RedriveRound> => {
  const world = await startOpsWorld();
  try {
    const { ctx } = world;
    const dlq = await ctx.resolveQueue('delivery-dlq');
    const destination = await sourceOf(ctx, dlq, undefined);
    const dynamo = ctx.target.dynamo();
    const log = new DynamoDbDeliveryLog(dynamo, {
      tableName: ctx.target.tables.deliveryLog,
      retentionDays: 1,
    });
    const mix = await fillDeadLetters(world.sqs, dlq.url, log, total).finally(() => dynamo.destroy());
    const filled = await world.settledTotal(dlq.url, total);
    check(filled === total, `the DLQ holds ${filled} messages, not ${total}`);

    const moves: number[] = [];
    const started = performance.now();
    const result = await redriveMatching(ctx, dlq, destination, {
      filter: { tenantId: MATCHING_TENANT },
      ratePerSecond: REQUESTED_PER_SECOND,
      dryRun: false,
      onProgress: ({ counts }) => {
        if (counts.moved > moves.length) moves.push(performance.now());
      },
    });
    const { counts } = result;
    check(result.errors.length === 0, `redrive errors: ${result.errors.slice(0, 3).join('; ')}`);
    check(
      counts.matched === mix.matching && counts.moved === mix.matching && counts.failed === 0,
      `counts ${JSON.stringify(counts)} for ${mix.matching} matching`,
    );
    check(counts.skipped === total - mix.matching, `skipped ${counts.skipped}, not ${total - mix.matching}`);
    const arrived = (await world.drain(destination.url)).map(
      (body) => (JSON.parse(body) as { event: { event_id: string } }).event.event_id,
    );
    check(
      arrived.length === mix.matching && arrived.every((id) => mix.matchingEventIds.has(id)),
      `the destination holds ${arrived.length} messages, not exactly the ${mix.matching} matching ones`,
    );
    check(new Set(arrived).size === arrived.length, 'a message arrived twice');
    const stayed = await world.settledTotal(dlq.url, total - mix.matching);
    check(
      stayed === total - mix.matching,
      `${stayed} messages stayed in the DLQ, not ${total - mix.matching}`,
    );
    const peakPerSecond = peakInWindow(moves, 1_000);
    // Times are taken when a move ends, so one move started before a window may end inside it: hence + 1.
    const allowed = REQUESTED_PER_SECOND + filteredMoveBurst(REQUESTED_PER_SECOND) + 1;
    check(peakPerSecond <= allowed, `${peakPerSecond} moves within one second, above the ${allowed} allowed`);
    return { moved: counts.moved, stayed, wallMs: moves.at(-1)! - started, peakPerSecond };
  } finally {
    await world.stop();
  }
};

/** `ops.redrive_rate_ratio`: achieved filtered-redrive rate ÷ requested rate, median of fresh rounds. */
export const measureOps = async (quick: boolean): Promise<Metrics> => {
  const total = quick ? 250 : 500;
  const rounds: RedriveRound[] = [];
  for (let r = 0; r < (quick ? 1 : 3); r += 1) rounds.push(await redriveRound(total));
  const rates = rounds.map((r) => r.moved / (r.wallMs / 1_000));
  const achieved = median(rates);
  const last = rounds.at(-1)!;
  return {
    'ops.redrive_rate_ratio': {
      value: round(achieved / REQUESTED_PER_SECOND),
      unit: 'x',
      goal: { op: '>=', value: 0.9 },
      detail:
        `median of ${rounds.length} round(s): ${last.moved} messages moved ÷ wall time from the call to the last ` +
        `move, at --rate ${REQUESTED_PER_SECOND}: ${rates.map((rate) => rate.toFixed(1)).join(', ')} msg/s; ` +
        `peak ${Math.max(...rounds.map((r) => r.peakPerSecond))} in any 1 s (burst ` +
        `${filteredMoveBurst(REQUESTED_PER_SECOND)}). Delivery DLQ of ${total} dead ` +
        `letters, --tenant-id ${MATCHING_TENANT} matching ${last.moved}; ${last.stayed} of other tenants stayed ` +
        '(checked). The CLI\u2019s filtered path (redriveMatching) against local-aws-sqs + dynalite in a child process',
    },
  };
};
