import {
  MessageRejected,
  SESv2Client,
  SESv2ServiceException,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SesEmailSender } from '../../../../shared/adapters/delivery/ses-email-sender.ts';
import { EmailDestinationAdapter } from '../../../../shared/delivery/destinations/email.ts';
import { SecondaryEmailSender } from '../../../../shared/delivery/destinations/secondary-email.ts';
import { PermanentError, RetryableError } from '../../../../shared/kernel/errors.ts';
import type { EmailDestination } from '../../../../shared/tenants/destinations.ts';
import { reply, useDestinations } from '../../kernel/http/fake-destination.ts';
import { deliveryContext, EVENT_ID, fastRuntime, MemorySecrets, TRACE_ID } from './fixtures.ts';

const start = useDestinations();
const sesMock = mockClient(SESv2Client);
const KEY_SECRET = 'tsunagi/test/delivery/secondary-email-api-key';

afterEach(() => {
  sesMock.reset();
});

const destination: EmailDestination = {
  type: 'email',
  to: ['billing@acme.example', 'cfo@acme.example'],
  subject_template: 'Payment {{data.id}} for {{data.amount}}',
  template: 'Note: {{data.note}}',
  html_template: '<p>Note: {{data.note}}</p>',
};

const setup = (secondaryUrl: string | null) => {
  const { time, runtime } = fastRuntime();
  const secrets = new MemorySecrets(new Map([[KEY_SECRET, '{"api_key":"SG.test-key"}']]));
  const secondary =
    secondaryUrl === null
      ? null
      : new SecondaryEmailSender(
          runtime.client,
          secrets,
          { url: secondaryUrl, keySecretName: KEY_SECRET },
          time.clock,
        );
  const adapter = new EmailDestinationAdapter({
    ses: new SesEmailSender(new SESv2Client({ region: 'ap-northeast-1' })),
    secondary,
    breakers: runtime.breakers,
    clock: time.clock,
    defaultFrom: 'noreply@tsunagi.example',
    perAttemptTimeoutMs: 2_000,
  });
  return { adapter, context: deliveryContext(time.clock()), secrets };
};

const throttled = () =>
  new TooManyRequestsException({
    message: 'Maximum sending rate exceeded.',
    $metadata: { httpStatusCode: 429 },
  });

describe('Class: EmailDestinationAdapter', () => {
  it('sends through SES with rendered templates, HTML values escaped, and trace headers', async () => {
    // Prepare
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'm-1', $metadata: { httpStatusCode: 200 } });
    const { adapter, context } = setup(null);

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result).toMatchObject({ attempts: 1, last_status: 200, via: 'ses' });
    const input = sesMock.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'noreply@tsunagi.example',
      Destination: { ToAddresses: ['billing@acme.example', 'cfo@acme.example'] },
      Content: {
        Simple: {
          Subject: { Data: 'Payment pi_1 for 1200' },
          Body: { Text: { Data: 'Note: <b>hi</b>' }, Html: { Data: '<p>Note: &lt;b&gt;hi&lt;/b&gt;</p>' } },
          Headers: [
            { Name: 'X-Tsunagi-Trace-Id', Value: TRACE_ID },
            { Name: 'X-Tsunagi-Delivery-Id', Value: `${EVENT_ID}:payments-to-backend` },
          ],
        },
      },
    });
  });

  it('hands over to the secondary provider when SES is throttled, in the SendGrid shape', async () => {
    // Prepare
    sesMock.on(SendEmailCommand).rejects(throttled());
    const server = await start(reply(202));
    const { adapter, context } = setup(server.url);

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result).toMatchObject({ attempts: 2, last_status: 202, via: 'secondary' });
    const request = server.received[0]!;
    expect(request.headers).toMatchObject({
      authorization: 'Bearer SG.test-key',
      'content-type': 'application/json',
      'idempotency-key': `${EVENT_ID}:payments-to-backend`,
    });
    expect(JSON.parse(request.body)).toEqual({
      personalizations: [{ to: [{ email: 'billing@acme.example' }, { email: 'cfo@acme.example' }] }],
      from: { email: 'noreply@tsunagi.example' },
      subject: 'Payment pi_1 for 1200',
      content: [
        { type: 'text/plain', value: 'Note: <b>hi</b>' },
        { type: 'text/html', value: '<p>Note: &lt;b&gt;hi&lt;/b&gt;</p>' },
      ],
    });
  });

  it('hands over on an SES 5xx and on a network error too', async () => {
    // Prepare
    const server = await start(reply(202));
    const unavailable = new SESv2ServiceException({
      name: 'InternalFailure',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    sesMock.on(SendEmailCommand).rejectsOnce(unavailable).rejectsOnce(reset);
    const { adapter, context } = setup(server.url);

    // Act
    const first = await adapter.deliver(destination, context);
    const second = await adapter.deliver(destination, context);

    // Assess
    expect([first.via, second.via]).toEqual(['secondary', 'secondary']);
    expect(server.received).toHaveLength(2);
  });

  it('fails permanently on MessageRejected, without the secondary provider', async () => {
    // Prepare
    sesMock.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified: cfo@acme.example',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const server = await start(reply(202));
    const { adapter, context } = setup(server.url);

    // Act
    const failure = adapter.deliver(destination, context);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toMatchObject({
      reason: {
        code: 'client_error',
        message: 'SES rejected the message: MessageRejected',
        last_status: 400,
      },
    });
    expect(server.received).toHaveLength(0);
  });

  it('returns a throttled SES to the queue when no secondary provider is configured', async () => {
    // Prepare
    sesMock.on(SendEmailCommand).rejects(throttled());
    const { adapter, context } = setup(null);

    // Act & Assess
    await expect(adapter.deliver(destination, context)).rejects.toMatchObject({
      name: 'RetryableError',
      reason: { code: 'rate_limited', attempts: 1 },
    });
  });

  it('counts both providers in a failure of the secondary one', async () => {
    // Prepare
    sesMock.on(SendEmailCommand).rejects(throttled());
    const server = await start(reply(400));
    const { adapter, context } = setup(server.url);

    // Act
    const failure = adapter.deliver(destination, context);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toMatchObject({ reason: { attempts: 2, last_status: 400 } });
  });

  it('skips SES while its breaker is open and goes straight to the secondary provider', async () => {
    // Prepare
    sesMock.on(SendEmailCommand).rejects(throttled());
    const server = await start(reply(202));
    const { adapter, context } = setup(server.url);
    for (let i = 0; i < 5; i += 1) await adapter.deliver(destination, context);
    sesMock.resetHistory();

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result).toMatchObject({ via: 'secondary', attempts: 1 });
    expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('uses the route sender when it names one', async () => {
    // Prepare
    sesMock.on(SendEmailCommand).resolves({ $metadata: { httpStatusCode: 200 } });
    const { adapter, context } = setup(null);

    // Act
    await adapter.deliver(
      { ...destination, from: 'billing-bot@acme.example', html_template: undefined },
      context,
    );

    // Assess
    const input = sesMock.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.FromEmailAddress).toBe('billing-bot@acme.example');
    expect(input?.Content?.Simple?.Body?.Html).toBeUndefined();
  });

  it('classifies an unreadable secondary key as retryable', async () => {
    // Prepare
    sesMock.on(SendEmailCommand).rejects(throttled());
    const server = await start(reply(202));
    const { adapter, context, secrets } = setup(server.url);
    secrets.failing = true;

    // Act & Assess
    await expect(adapter.deliver(destination, context)).rejects.toBeInstanceOf(RetryableError);
    expect(server.received).toHaveLength(0);
  });
});
