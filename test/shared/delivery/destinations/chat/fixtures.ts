import { ChatDestinationAdapter } from '../../../../../shared/delivery/destinations/chat/chat.ts';
import { buildChatSenders } from '../../../../../shared/delivery/destinations/chat/registry.ts';
import type { DeliveryTransforms } from '../../../../../shared/delivery/destinations/delivery-transforms.ts';
import { SecretUpdater, TenantSecrets } from '../../../../../shared/delivery/destinations/secrets.ts';
import type { ChatDestination } from '../../../../../shared/tenants/destinations.ts';
import type { Integration } from '../../../../../shared/tenants/tenant-file.ts';
import { type Behaviour, reply } from '../../../kernel/http/fake-destination.ts';
import {
  deliveryContext,
  directoryOf,
  fastRuntime,
  MemorySecrets,
  RecordingTokenObserver,
  SECRET_PREFIX,
} from '../fixtures.ts';

/** Base URLs of the fake chat APIs a test started; unset ones point nowhere. */
export interface ChatFakes {
  readonly slack?: string;
  readonly graph?: string;
  readonly graphLogin?: string;
  readonly lineWorks?: string;
  readonly lineWorksAuth?: string;
}

const NOWHERE = 'http://127.0.0.1:9';

/** A JSON answer. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  reply(status, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));

/** A chat destination adapter for tenant `acme` with the given integrations and secrets, on a fake clock. */
export const chatSetup = (
  fakes: ChatFakes,
  integrations: Integration[],
  secretValues: Record<string, string>,
  transforms?: DeliveryTransforms,
) => {
  const { time, runtime } = fastRuntime();
  const secrets = new MemorySecrets(new Map(Object.entries(secretValues)));
  const observer = new RecordingTokenObserver();
  const senders = buildChatSenders(
    {
      client: runtime.client,
      secrets: new TenantSecrets(secrets, SECRET_PREFIX, time.clock),
      secretUpdater: new SecretUpdater(secrets),
      tokenObserver: observer,
      clock: time.clock,
      perAttemptTimeoutMs: 2_000,
    },
    {
      slackApiBaseUrl: fakes.slack ?? NOWHERE,
      graphApiBaseUrl: fakes.graph ?? NOWHERE,
      graphLoginBaseUrl: fakes.graphLogin ?? NOWHERE,
      lineWorksApiBaseUrl: fakes.lineWorks ?? NOWHERE,
      lineWorksAuthBaseUrl: fakes.lineWorksAuth ?? NOWHERE,
    },
  );
  const tenants = directoryOf({ tenant_id: 'acme', name: 'Acme', status: 'active', integrations });
  const adapter = new ChatDestinationAdapter({ tenants, senders, clock: time.clock, transforms });
  return { adapter, secrets, observer, time, context: deliveryContext(time.clock()) };
};

/** A chat destination of `system`. */
export const chatDestination = (
  system: ChatDestination['system'],
  channelId: string,
  messageTemplate = 'Paid: {{data.id}} {{data.note}}',
): ChatDestination => ({ type: 'chat', system, channel_id: channelId, message_template: messageTemplate });

/** The fake's base URL (the fake destination serves every path). */
export const baseOf = (url: string): string => new URL(url).origin;

/** Wraps a behaviour so the request's path is recorded (the fake destination keeps no URLs). */
export const recordingPaths =
  (paths: string[], behaviour: Behaviour): Behaviour =>
  (request, response) => {
    paths.push(request.url ?? '');
    behaviour(request, response);
  };
