import type { CircuitBreakerRegistry } from '../../kernel/circuit-breaker.ts';
import type { Clock } from '../../kernel/clock.ts';
import { OperationError, RetryableError } from '../../kernel/errors.ts';
import type { EmailDestination } from '../../tenants/destinations.ts';
import {
  type DeliveryTransforms,
  type TransformOutput,
  transformOutput,
  withTransformVariables,
} from './delivery-transforms.ts';
import type { RenderedEmail, SesSender } from './email-message.ts';
import { templateContext } from './event-payload.ts';
import { retryable, withEarlierAttempts } from './failures.ts';
import type { SecondaryEmailSender } from './secondary-email.ts';
import { renderTemplate, truncate } from './template.ts';
import type { DeliveryContext, DeliveryResult, DestinationAdapter } from './types.ts';

/** What the email destination is built from. */
export interface EmailDestinationDeps {
  readonly ses: SesSender;
  /** Null when no secondary provider is configured: SES failures then go back to the queue. */
  readonly secondary: SecondaryEmailSender | null;
  /** Shared with the outbound client, so SES has a breaker like every other destination. */
  readonly breakers: CircuitBreakerRegistry;
  readonly clock: Clock;
  /** The sender when the route names none (`EMAIL_FROM`). */
  readonly defaultFrom: string;
  readonly perAttemptTimeoutMs: number;
  /** Runs route transforms; without it a delivery with a transform fails permanently. */
  readonly transforms?: DeliveryTransforms;
}

/** SES as one destination: while it is failing, mail goes straight to the secondary provider. */
export const SES_DESTINATION_ID = 'email:ses';

/** RFC 5322 caps a header line at 998 characters. */
const MAX_SUBJECT = 998;

/**
 * The route's templates rendered over the event (and the fields of its transform's result, when it has one):
 * values HTML-escaped in the HTML part, one-line subject.
 */
export const renderEmail = (
  destination: EmailDestination,
  context: DeliveryContext,
  defaultFrom: string,
  output: TransformOutput = null,
  clock: Clock = Date.now,
): RenderedEmail => {
  const values = withTransformVariables(
    templateContext(context.payload, context.routeId),
    output,
    'an email route',
    clock,
  );
  return {
    from: destination.from ?? defaultFrom,
    to: destination.to,
    subject: truncate(renderTemplate(destination.subject_template, values, 'header'), MAX_SUBJECT),
    text: renderTemplate(destination.template, values, 'none'),
    html: destination.html_template ? renderTemplate(destination.html_template, values, 'html') : null,
  };
};

/** An email through SES; on a retryable SES failure, through the secondary provider. Records `via`. */
export class EmailDestinationAdapter implements DestinationAdapter<EmailDestination> {
  public constructor(private readonly deps: EmailDestinationDeps) {}

  public async deliver(destination: EmailDestination, context: DeliveryContext): Promise<DeliveryResult> {
    const output = await transformOutput(this.deps.transforms, context, this.deps.clock);
    const email = renderEmail(destination, context, this.deps.defaultFrom, output, this.deps.clock);
    const started = this.deps.clock();
    try {
      const status = await this.viaSes(email, context);
      return { attempts: 1, latencies_ms: [this.deps.clock() - started], last_status: status, via: 'ses' };
    } catch (error) {
      const failure =
        error instanceof OperationError ? error : this.deps.ses.classify(error, this.deps.clock());
      const { secondary } = this.deps;
      if (!(failure instanceof RetryableError) || secondary === null) throw failure;
      // A shed call (breaker open) never reached SES, so it is no attempt and took no time worth recording.
      const ses = { attempts: failure.reason.attempts, latencies: [] as number[] };
      if (ses.attempts > 0) ses.latencies.push(this.deps.clock() - started);
      return this.viaSecondary(secondary, email, context, ses);
    }
  }

  private async viaSes(email: RenderedEmail, context: DeliveryContext): Promise<number> {
    const breaker = this.deps.breakers.get(SES_DESTINATION_ID);
    breaker.admit();
    const timeoutMs = Math.min(this.deps.perAttemptTimeoutMs, context.deadline - this.deps.clock());
    if (timeoutMs <= 0) {
      breaker.release();
      throw retryable('out_of_time', 'no time left to call SES', this.deps.clock());
    }
    try {
      const status = await this.deps.ses.send(email, context, timeoutMs);
      breaker.recordSuccess();
      return status;
    } catch (error) {
      const failure = this.deps.ses.classify(error, this.deps.clock());
      if (failure instanceof RetryableError) breaker.recordFailure(failure.reason);
      else breaker.release();
      throw failure;
    }
  }

  private async viaSecondary(
    secondary: SecondaryEmailSender,
    email: RenderedEmail,
    context: DeliveryContext,
    ses: { readonly attempts: number; readonly latencies: readonly number[] },
  ): Promise<DeliveryResult> {
    try {
      const sent = await secondary.send(email, context, this.deps.perAttemptTimeoutMs);
      return {
        attempts: ses.attempts + sent.attempts,
        latencies_ms: [...ses.latencies, ...sent.latencies_ms],
        last_status: sent.status,
        via: 'secondary',
      };
    } catch (error) {
      throw error instanceof OperationError ? withEarlierAttempts(error, ses.attempts) : error;
    }
  }
}
