import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { ReportMailer } from '../../sync/usecases/report.ts';

/** Sends the operators' run summary through SES v2, HTML with a text alternative. */
export class SesReportMailer implements ReportMailer {
  public constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  public async send(mail: Parameters<ReportMailer['send']>[0]): Promise<void> {
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [...mail.to] },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: {
              Html: { Data: mail.html, Charset: 'UTF-8' },
              Text: { Data: mail.text, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
  }
}
