import type { Clock } from '../../../kernel/clock.ts';
import { describeError } from '../../../kernel/errors.ts';
import type { ChatDestination, ChatSystem } from '../../../tenants/destinations.ts';
import type { TenantDirectory } from '../../../tenants/ports.ts';
import type { Integration } from '../../../tenants/tenant-file.ts';
import { type DeliveryTransforms, transformOutput } from '../delivery-transforms.ts';
import { permanent, retryable } from '../failures.ts';
import type { DeliveryContext, DeliveryResult, DestinationAdapter } from '../types.ts';
import { chatText } from './chat-text.ts';
import type { ChatSenderRegistry } from './types.ts';

/** What the chat destination is built from. */
export interface ChatDestinationDeps {
  readonly tenants: TenantDirectory;
  readonly senders: ChatSenderRegistry;
  readonly clock: Clock;
  /** Runs route transforms; without it a delivery with a transform fails permanently. */
  readonly transforms?: DeliveryTransforms;
}

/**
 * A message to a chat channel through the tenant's integration with that system: the route's template
 * rendered over the event (values escaped for the system's markup), posted by the system's sender.
 */
export class ChatDestinationAdapter implements DestinationAdapter<ChatDestination> {
  public constructor(private readonly deps: ChatDestinationDeps) {}

  public async deliver(destination: ChatDestination, context: DeliveryContext): Promise<DeliveryResult> {
    const integration = await this.integration(context.tenantId, destination.system);
    const sender = this.deps.senders[destination.system];
    const output = await transformOutput(this.deps.transforms, context, this.deps.clock);
    const text = chatText(destination, context, output, sender, this.deps.clock);
    return sender.post({ integration, channelId: destination.channel_id, text, context });
  }

  private async integration(tenantId: string, system: ChatSystem): Promise<Integration> {
    let tenant: Awaited<ReturnType<TenantDirectory['getTenant']>>;
    try {
      tenant = await this.deps.tenants.getTenant(tenantId);
    } catch (error) {
      const message = `tenant directory unavailable: ${describeError(error)}`;
      throw retryable('connection_error', message, this.deps.clock(), undefined, error);
    }
    if (tenant === null)
      throw permanent('invalid_request', `tenant ${tenantId} does not exist`, this.deps.clock());
    const integration = tenant.integrations.find((candidate) => candidate.system === system);
    if (integration === undefined) {
      throw permanent(
        'invalid_request',
        `tenant ${tenantId} has no ${system} integration`,
        this.deps.clock(),
      );
    }
    return integration;
  }
}
