import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSes, readMailbox, startLocalSes } from '../../../infra/local/ses/local-ses.ts';

describe('Function: startLocalSes', () => {
  let ses: LocalSes;

  beforeAll(async () => {
    ses = await startLocalSes({ port: 0 });
  });

  afterAll(async () => {
    await ses?.stop();
  });

  it('accepts an SESv2 SendEmail and shows the mail in its mailbox', async () => {
    // Prepare
    const client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });

    // Act
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'tsunagi-local@tsunagi.example',
        Destination: { ToAddresses: ['ses-test@acme.example'] },
        Content: { Simple: { Subject: { Data: 'Hello' }, Body: { Text: { Data: 'From the test' } } } },
      }),
    );
    client.destroy();

    // Assess
    const mails = await readMailbox(ses.mailboxUrl);
    expect(mails.find((m) => m.destination.to.includes('ses-test@acme.example'))).toMatchObject({
      subject: 'Hello',
      body: { text: 'From the test' },
    });
    expect((await fetch(ses.viewerUrl)).status).toBe(200);
  });

  it('fails with EADDRINUSE when its port is taken', async () => {
    const port = Number(new URL(ses.endpoint).port);

    await expect(startLocalSes({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
