import type { Clock } from '../../../kernel/clock.ts';
import type { ChatDestination, ChatSystem } from '../../../tenants/destinations.ts';
import { LINE_WORKS_MAX_TEXT_LENGTH } from '../../../vendors/lineworks/works-api.ts';
import { TEAMS_MAX_TEXT_LENGTH } from '../../../vendors/msgraph/graph-api.ts';
import { SLACK_MAX_TEXT_LENGTH } from '../../../vendors/slack/web-api.ts';
import { type TransformOutput, withTransformVariables } from '../delivery-transforms.ts';
import { templateContext } from '../event-payload.ts';
import { type Escaping, renderTemplate, truncate } from '../template.ts';
import type { DeliveryContext } from '../types.ts';

/** How each system's text is escaped and how long it may be (its sender holds the same values). */
export const CHAT_TEXT_RULES: Record<
  ChatSystem,
  { readonly escaping: Escaping; readonly maxTextLength: number }
> = {
  SLACK: { escaping: 'slack', maxTextLength: SLACK_MAX_TEXT_LENGTH },
  TEAMS: { escaping: 'none', maxTextLength: TEAMS_MAX_TEXT_LENGTH },
  LINE_WORKS: { escaping: 'none', maxTextLength: LINE_WORKS_MAX_TEXT_LENGTH },
};

/**
 * A chat message's text: the template over the event; or a transform's text result itself, escaped for the
 * system's markup like any inserted value (so a payload can never mention or link); or the template over the
 * fields of a transform's object result. Cut to the system's limit.
 */
export const chatText = (
  destination: ChatDestination,
  context: DeliveryContext,
  output: TransformOutput,
  rules: { readonly escaping: Escaping; readonly maxTextLength: number },
  clock: Clock,
): string => {
  if (output !== null && typeof output.value === 'string') {
    return truncate(renderTemplate('{{text}}', { text: output.value }, rules.escaping), rules.maxTextLength);
  }
  const base = templateContext(context.payload, context.routeId);
  const values = withTransformVariables(base, output, 'a chat route (text or an object)', clock);
  return truncate(renderTemplate(destination.message_template, values, rules.escaping), rules.maxTextLength);
};
