import { randomUUID } from 'node:crypto';
import { bearerToken, type FakeServer, notFound, parseJson, startFakeServer } from './fake-server.ts';

/**
 * The secondary email provider (SendGrid's `POST /v3/mail/send` shape) that takes over when SES fails with a
 * retryable error. It checks the API key and the fields SendGrid rejects without, answers 202 like SendGrid,
 * and records each mail (`GET /mails`).
 */

export interface SecondaryMail {
  readonly received_at: string;
  readonly message_id: string;
  readonly to: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly content: readonly { type: string; value: string }[];
}

export interface FakeSecondaryEmailOptions {
  readonly port: number;
  readonly host?: string;
  /** The API key the worker must present as `Authorization: Bearer <key>`. */
  readonly apiKey: string;
}

export interface FakeSecondaryEmail extends FakeServer {
  /** What `SECONDARY_EMAIL_URL` points at. */
  readonly sendUrl: string;
  mails(): readonly SecondaryMail[];
}

interface MailSendBody {
  personalizations?: { to?: { email?: string }[] }[];
  from?: { email?: string };
  subject?: string;
  content?: { type?: string; value?: string }[];
}

const sendGridError = (status: number, message: string, field: string | null = null) => ({
  status,
  body: { errors: [{ message, field, help: null }] },
});

/** The problems SendGrid would answer 400 for, first one only (it reports them one by one too). */
const problemOf = (mail: MailSendBody | undefined): { field: string; message: string } | null => {
  if (!mail) return { field: 'body', message: 'Bad Request' };
  const to = mail.personalizations?.flatMap((p) => p.to ?? []) ?? [];
  if (to.length === 0 || to.some((r) => !r.email))
    return {
      field: 'personalizations.0.to',
      message: 'The to array is required for all personalization objects.',
    };
  if (!mail.from?.email)
    return { field: 'from.email', message: 'The from object must be provided for every email send.' };
  if (!mail.subject) return { field: 'subject', message: 'The subject is required.' };
  if (!mail.content?.length || mail.content.some((c) => !c.type || !c.value))
    return {
      field: 'content',
      message: 'Unless a valid template_id is provided, the content parameter is required.',
    };
  return null;
};

export const startFakeSecondaryEmail = async (
  options: FakeSecondaryEmailOptions,
): Promise<FakeSecondaryEmail> => {
  const mails: SecondaryMail[] = [];
  const server = await startFakeServer({
    name: 'secondary-email',
    port: options.port,
    host: options.host,
    handler: (request) => {
      if (request.method === 'GET' && request.path === '/mails') return { status: 200, body: { mails } };
      if (request.method !== 'POST' || request.path !== '/v3/mail/send') return notFound;
      if (bearerToken(request.headers) !== options.apiKey)
        return sendGridError(401, 'The provided authorization grant is invalid, expired, or revoked');
      const mail = parseJson(request.body) as MailSendBody | undefined;
      const problem = problemOf(mail);
      if (problem || !mail) return sendGridError(400, problem?.message ?? 'Bad Request', problem?.field);
      const messageId = randomUUID().replaceAll('-', '').slice(0, 22);
      mails.push({
        received_at: new Date().toISOString(),
        message_id: messageId,
        to: mail.personalizations?.flatMap((p) => (p.to ?? []).map((r) => r.email ?? '')) ?? [],
        from: mail.from?.email ?? '',
        subject: mail.subject ?? '',
        content: (mail.content ?? []).map((c) => ({ type: c.type ?? '', value: c.value ?? '' })),
      });
      return { status: 202, headers: { 'x-message-id': messageId } };
    },
  });
  return { ...server, sendUrl: `${server.url}/v3/mail/send`, mails: () => [...mails] };
};
