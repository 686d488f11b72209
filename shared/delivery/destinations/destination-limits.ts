import type { TokenBucketLimits } from '../../kernel/rate-limiter.ts';

/** As many destinations as the rate limiter remembers buckets for. */
const MAX_ENTRIES = 1_000;

/**
 * Per-destination rate limits learned from the messages themselves (a route's `rate_limit_per_second`
 * travels in its destination snapshot). The rate limiter reads them through `limitsFor` when it creates a
 * destination's bucket, so a destination's limit must be noted before its first send.
 */
export class DestinationLimits {
  private readonly limits = new Map<string, TokenBucketLimits>();

  /** Records the limit of a destination; a limit changed later applies once its bucket is recreated. */
  public note(destinationId: string, ratePerSecond: number): void {
    // A burst of one second's worth lets a quiet destination take a short batch at once, never less than 1.
    this.limits.delete(destinationId);
    this.limits.set(destinationId, { ratePerSecond, burst: Math.max(1, Math.ceil(ratePerSecond)) });
    if (this.limits.size > MAX_ENTRIES) {
      const oldest = this.limits.keys().next();
      if (!oldest.done) this.limits.delete(oldest.value);
    }
  }

  /** The limit noted for a destination, or undefined for the limiter's default. */
  public readonly limitsFor = (destinationId: string): TokenBucketLimits | undefined =>
    this.limits.get(destinationId);
}
