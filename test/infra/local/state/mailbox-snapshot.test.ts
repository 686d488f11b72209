import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { readMailbox, startLocalSes } from '../../../../infra/local/ses/local-ses.ts';
import { restoreMailbox, saveMailbox } from '../../../../infra/local/state/mailbox-snapshot.ts';

describe('Functions: saveMailbox / restoreMailbox', () => {
  it('keeps the mail across a restart of the stand-in, without adding a mail twice', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'tsunagi-mailbox-'));
    const file = join(dir, 'mailbox.json');
    const ses = await startLocalSes({ port: 0 });
    const client = new SESv2Client({
      endpoint: ses.endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const subject = `kept-${Date.now()}`;
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: 'a@tsunagi.example',
          Destination: { ToAddresses: ['b@tsunagi.example'] },
          Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'hello' } } } },
        }),
      );

      // Act
      const saved = await saveMailbox(file);
      const again = await restoreMailbox(file);
      const mails = await readMailbox(ses.mailboxUrl);

      // Assess
      expect(saved).toBeGreaterThanOrEqual(1);
      expect(again).toBe(saved);
      expect(mails.filter((mail) => mail.subject === subject)).toHaveLength(1);
      expect(await restoreMailbox(join(dir, 'absent.json'))).toBe(0);
    } finally {
      client.destroy();
      await ses.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
