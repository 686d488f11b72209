import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { showEventJourney } from '../../shared/ops/event-journey.ts';
import {
  COMMON_HELP,
  COMMON_OPTIONS,
  parseCommand,
  printJson,
  TARGET_HELP,
  TARGET_OPTIONS,
  UsageError,
} from './cli.ts';
import { renderJourney } from './journey.ts';
import { explainUnreachable, resolveTarget } from './target.ts';

export const EVENTS_SHOW_USAGE = `Usage: npm run ops -- events show <event id> (--local | --stage <s>) [options]

Prints an event's journey from the delivery log: its receipt, its routing (which routes matched, which did not
and why, whether it was filtered out, or that it was a provider redelivery), and each delivery with its
status, attempts, latencies and last error.
<event id> is the platform's id (evt_…), as the receiver answered it and as DLQ messages carry it.

Options:
${TARGET_HELP}
${COMMON_HELP}`;

export const eventsShow = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, { ...COMMON_OPTIONS, ...TARGET_OPTIONS });
  if (values.help) return console.log(EVENTS_SHOW_USAGE);
  const [eventId, ...extra] = positionals;
  if (!eventId || extra.length > 0) throw new UsageError(`expected one <event id>\n\n${EVENTS_SHOW_USAGE}`);
  const target = resolveTarget(values);
  const client = target.dynamo();
  try {
    // Retention only matters for writes; reading needs none.
    const log = new DynamoDbDeliveryLog(client, { tableName: target.tables.deliveryLog, retentionDays: 1 });
    const output = await showEventJourney({ target, log }, { eventId }).catch((error: unknown) => {
      throw explainUnreachable(error, target);
    });
    if (values.json) return printJson(output);
    console.log(renderJourney(eventId, output));
  } finally {
    client.destroy();
  }
};
