import type { DeliveryLog, DeliveryRecord, RoutingRecord } from '../../shared/delivery/delivery-log.ts';
import type { ChatSystem } from '../../shared/tenants/destinations.ts';
import type { DeadLetter } from './delivery-dlq.ts';

/**
 * After `npm run demo` has sent its webhooks: what became of each event, read from the delivery log (the
 * same records `ops events show` prints) and the delivery DLQ, waited for until every delivery is settled.
 */

export interface SentEvent {
  readonly label: string;
  readonly event_id: string;
}

export interface DeliveryOutcome {
  readonly route_id: string;
  readonly record: DeliveryRecord | null;
  /** The DLQ message of this delivery, when it is there. */
  readonly dead_letter: DeadLetter | null;
  readonly settled: boolean;
}

export interface EventOutcome extends SentEvent {
  readonly routing: RoutingRecord | null;
  readonly deliveries: readonly DeliveryOutcome[];
  readonly settled: boolean;
}

/**
 * Where a delivery's story ends: delivered, or in the DLQ (a permanent failure is sent there at once; a
 * retry-exhausted one is moved by SQS on the receive after its last).
 */
const isSettled = (record: DeliveryRecord | null, deadLetter: DeadLetter | null): boolean =>
  deadLetter !== null || record?.status === 'delivered';

export interface WaitForOutcomesInput {
  readonly events: readonly SentEvent[];
  readonly log: DeliveryLog;
  readonly deadLetters: () => Promise<readonly DeadLetter[]>;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
}

const outcomesNow = async (input: WaitForOutcomesInput): Promise<EventOutcome[]> => {
  const dlq = await input.deadLetters();
  return Promise.all(
    input.events.map(async (event): Promise<EventOutcome> => {
      const { routing, deliveries } = await input.log.getJourney(event.event_id);
      const outcomes = (routing?.route_ids ?? []).map((routeId): DeliveryOutcome => {
        const record = deliveries.find((d) => d.route_id === routeId) ?? null;
        const deadLetter = dlq.find((d) => d.event_id === event.event_id && d.route_id === routeId) ?? null;
        const settled = isSettled(record, deadLetter);
        return { route_id: routeId, record, dead_letter: deadLetter, settled };
      });
      return {
        ...event,
        routing,
        deliveries: outcomes,
        settled: routing !== null && outcomes.every((o) => o.settled),
      };
    }),
  );
};

/** Polls until every event is routed and each of its deliveries delivered or dead-lettered, or time runs out. */
export const waitForOutcomes = async (input: WaitForOutcomesInput): Promise<EventOutcome[]> => {
  const deadline = Date.now() + input.timeoutMs;
  for (;;) {
    const outcomes = await outcomesNow(input);
    if (outcomes.every((o) => o.settled) || Date.now() >= deadline) return outcomes;
    await new Promise((resolve) => setTimeout(resolve, input.intervalMs ?? 500));
  }
};

const describeDelivery = (outcome: DeliveryOutcome): string => {
  const { record, dead_letter: dead } = outcome;
  const attempts = record ? `${record.attempts} attempt(s) over ${record.receive_count} receive(s)` : '';
  const reason = record?.last_error
    ? `${record.last_error.code}: ${record.last_error.message}`
    : (dead?.attributes.failure_code ?? 'see the DLQ message');
  if (dead && record?.status === 'failed_permanent') {
    return `IN THE DLQ at once, a permanent failure (${attempts}); reason ${reason}`;
  }
  if (dead) return `IN THE DLQ, retries exhausted (${attempts || 'its receives'}); last error ${reason}`;
  if (!record) return 'queued, no attempt recorded yet';
  const via = record.via ? ` via ${record.via}` : '';
  if (record.status === 'delivered') return `DELIVERED${via} after ${attempts}`;
  if (record.status === 'dead_lettered') {
    return `DEAD-LETTERED after ${attempts} (on its way to the DLQ); last error ${reason}`;
  }
  if (record.status === 'retrying' && record.next_attempt !== undefined) {
    return `RETRYING on the schedule: attempt ${record.next_attempt} due ${record.next_attempt_at}; last error ${reason}`;
  }
  return `${record.status.toUpperCase().replace('_', ' ')} after ${attempts}; last error ${reason}`;
};

export interface OutcomeHints {
  /** Where the fakes and the mailbox list what they got. */
  readonly mailbox: string;
  readonly backend: string;
  readonly slack: string;
  readonly teams: string;
  readonly lineWorks: string;
}

const CHAT_HINTS: Record<ChatSystem, keyof OutcomeHints> = {
  SLACK: 'slack',
  TEAMS: 'teams',
  LINE_WORKS: 'lineWorks',
};

/** Where a delivered message can be read; a chat route's system comes from `chatSystems` (route id → system). */
const hintOf = (
  delivery: DeliveryOutcome,
  chatSystems: ReadonlyMap<string, ChatSystem>,
): keyof OutcomeHints | undefined => {
  if (delivery.dead_letter || delivery.record?.status !== 'delivered') return undefined;
  const type = delivery.record.destination_type;
  if (type === 'http') return 'backend';
  if (type === 'email') return 'mailbox';
  const system = chatSystems.get(delivery.route_id);
  return system && CHAT_HINTS[system];
};

/** The outcome table a newcomer reads; `chatSystems` names the system of each chat route. */
export const renderOutcomes = (
  outcomes: readonly EventOutcome[],
  hints: OutcomeHints,
  waitedMs: number,
  chatSystems: ReadonlyMap<string, ChatSystem> = new Map(),
): string => {
  const routed = outcomes.filter((o) => (o.routing?.route_ids.length ?? 0) > 0);
  const unrouted = outcomes.filter((o) => o.routing !== null && o.routing.route_ids.length === 0);
  const unseen = outcomes.filter((o) => o.routing === null);
  const lines = [
    `\nWhat became of the events (delivery log and delivery DLQ, after ${(waitedMs / 1000).toFixed(1)} s):\n`,
  ];
  for (const event of routed) {
    lines.push(`  ${event.label}  ${event.event_id}`);
    for (const delivery of event.deliveries) {
      const type = delivery.record?.destination_type ?? '';
      const hint = hintOf(delivery, chatSystems);
      lines.push(`    → ${delivery.route_id}${type ? ` (${type})` : ''}: ${describeDelivery(delivery)}`);
      if (hint) lines.push(`      see ${hints[hint]}`);
    }
  }
  if (unrouted.length > 0)
    lines.push(`  ${unrouted.length} event(s) matched no route of the tenant (counted, not errors).`);
  if (unseen.length > 0)
    lines.push(`  ${unseen.length} event(s) not routed yet: ${unseen.map((o) => o.label).join(', ')}`);
  const open = outcomes.filter((o) => !o.settled).length;
  if (open > 0) lines.push(`\n${open} event(s) still in progress; look again with the command below.`);
  lines.push('\nAny event in detail: npm run ops -- events show <event id> --local');
  return lines.join('\n');
};
