import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { EndpointNotification, EndpointNotifier } from '../../delivery/health/ports.ts';

/** The notification as operators (and whatever subscribes to the topic) read it: no URL, no secret. */
export const notificationDocument = (notification: EndpointNotification) => {
  const { health } = notification;
  return {
    type: notification.type,
    tenant_id: health.tenant_id,
    route_id: health.route_id,
    status: health.status,
    failing_since: health.failing_since,
    consecutive_failures: health.consecutive_failures,
    last_error: health.last_error,
    disabled_reason: health.disabled_reason,
    at: notification.at,
  };
};

/**
 * Publishes each endpoint state change to the stage's alert topic, with the type as a message attribute so a
 * subscription (an e-mail list, AWS Chatbot into the admins' Slack channel) can filter on it.
 */
export class SnsEndpointNotifier implements EndpointNotifier {
  public constructor(
    private readonly client: SNSClient,
    private readonly options: { readonly topicArn: string; readonly stage: string },
  ) {}

  public async notify(notification: EndpointNotification): Promise<void> {
    const { health } = notification;
    // SNS subjects are at most 100 ASCII characters.
    const subject =
      `tsunagi ${this.options.stage}: ${notification.type} ${health.tenant_id}/${health.route_id}`
        .replace(/[^\x20-\x7e]/g, '?')
        .slice(0, 100);
    await this.client.send(
      new PublishCommand({
        TopicArn: this.options.topicArn,
        Subject: subject,
        Message: JSON.stringify(notificationDocument(notification)),
        MessageAttributes: {
          type: { DataType: 'String', StringValue: notification.type },
          tenant_id: { DataType: 'String', StringValue: health.tenant_id },
        },
      }),
    );
  }
}
