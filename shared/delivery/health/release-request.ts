import * as z from 'zod';
import type { EndpointRef } from './ports.ts';

/** The first batch a release sends; each next one, a ramp step later, is twice as large up to the largest. */
export const FIRST_RELEASE_BATCH = 10;
export const LARGEST_RELEASE_BATCH = 200;
/** The ramp's step: a released backlog doubles its pace each minute (scaled by the delivery time scale). */
export const RELEASE_STEP_MS = 60_000;

/**
 * A message on the delivery queue that releases a destination's held deliveries, oldest first: the worker
 * delivers up to `batch` of them in order of receipt, then re-enqueues the request for the next, larger batch.
 * Sent by `ops endpoints enable` and `recover`.
 */
export const ReleaseRequestSchema = z.strictObject({
  release_held: z.strictObject({
    tenant_id: z.string().min(1),
    route_id: z.string().min(1),
    batch: z.number().int().min(1).max(LARGEST_RELEASE_BATCH),
    /** Release only what was received from this time on (ISO-8601); all when absent. */
    since: z.string().optional(),
  }),
});
export type ReleaseRequest = z.infer<typeof ReleaseRequestSchema>['release_held'];

export const releaseRequestBody = (ref: EndpointRef, batch: number, since?: string): string =>
  JSON.stringify({
    release_held: {
      tenant_id: ref.tenantId,
      route_id: ref.routeId,
      batch,
      ...(since === undefined ? {} : { since }),
    },
  });

/** The request a delivery-queue body carries, or null when it is a delivery message (or anything else). */
export const parseReleaseRequest = (body: string): ReleaseRequest | null => {
  if (!body.startsWith('{"release_held"')) return null;
  try {
    const parsed = ReleaseRequestSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.release_held : null;
  } catch {
    return null;
  }
};
