import * as z from 'zod';
import { nonSecretString, SecretReferenceSchema } from './secret-reference.ts';

/** The chat systems a tenant can integrate; also the systems the daily sync covers. */
export const CHAT_SYSTEMS = ['SLACK', 'TEAMS', 'LINE_WORKS'] as const;
export const ChatSystemSchema = z.enum(CHAT_SYSTEMS);
export type ChatSystem = z.infer<typeof ChatSystemSchema>;

const LOCAL_HTTP_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A tenant endpoint: https anywhere, plain http only on this machine (local mode), never with credentials. */
export const DestinationUrlSchema = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute https URL' });
      return;
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'must not embed credentials (user:password@)' });
    }
    const local = url.protocol === 'http:' && LOCAL_HTTP_HOSTS.has(url.hostname);
    if (url.protocol !== 'https:' && !local) {
      ctx.addIssue({ code: 'custom', message: 'must be https (plain http only for 127.0.0.1 or localhost)' });
    }
  });

// The platform sets these on every delivery, and credentials belong in Secrets Manager, not in this file.
const RESERVED_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'host',
  'content-type',
  'content-length',
  'idempotency-key',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'traceparent',
]);
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/;

const HeadersSchema = z
  .record(
    z.string(),
    nonSecretString(1024).refine((v) => !/[\r\n]/.test(v), 'must not contain line breaks'),
  )
  .superRefine((headers, ctx) => {
    for (const name of Object.keys(headers)) {
      if (!HEADER_NAME.test(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'is not a valid HTTP header name' });
      } else if (RESERVED_HEADERS.has(name.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'is set by the platform and cannot be configured',
        });
      }
    }
  });

/** Re-signed delivery to a tenant's own backend (Standard Webhooks, `webhook-id` = platform event id). */
export const HttpDestinationSchema = z.strictObject({
  type: z.literal('http'),
  url: DestinationUrlSchema,
  /** Secrets Manager name of the Standard Webhooks secret the delivery is signed with. */
  signing_secret_name: SecretReferenceSchema,
  timeout_ms: z.int().min(100).max(30_000).optional(),
  rate_limit_per_second: z.number().positive().max(10_000).optional(),
  headers: HeadersSchema.optional(),
});

const TemplateSchema = (maxLength: number) =>
  z.string().min(1, 'must not be empty').max(maxLength, `must be at most ${maxLength} characters`);

/** An email through SES (secondary provider on failure), rendered from the route's templates. */
export const EmailDestinationSchema = z.strictObject({
  type: z.literal('email'),
  to: z.array(z.email('must be an email address')).min(1, 'needs at least one recipient').max(50),
  from: z.email('must be an email address').optional(),
  subject_template: TemplateSchema(998).refine((v) => !/[\r\n]/.test(v), 'must be a single line'),
  template: TemplateSchema(100_000),
  html_template: TemplateSchema(500_000).optional(),
});

// Slack conversation ids (public/private channel, DM), Teams `<team GUID>/<19:…@thread.…>`, LINE WORKS ids.
const CHANNEL_ID_FORMATS: Record<ChatSystem, { pattern: RegExp; message: string }> = {
  SLACK: { pattern: /^[CGD][A-Z0-9]{6,30}$/, message: 'must be a Slack channel id such as C0123456789' },
  TEAMS: {
    pattern: /^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\/19:[^/\s]+@thread\.[a-z0-9]+$/,
    message: 'must be "<team id>/<channel id>", e.g. 0f1e…/19:abc@thread.tacv2',
  },
  LINE_WORKS: { pattern: /^[A-Za-z0-9_-]{1,128}$/, message: 'must be a LINE WORKS channel id' },
};

/** A message to a chat channel through the tenant's integration for that system. */
export const ChatDestinationSchema = z
  .strictObject({
    type: z.literal('chat'),
    system: ChatSystemSchema,
    channel_id: z.string(),
    message_template: TemplateSchema(40_000),
  })
  .superRefine((chat, ctx) => {
    const format = CHANNEL_ID_FORMATS[chat.system];
    if (!format.pattern.test(chat.channel_id)) {
      ctx.addIssue({ code: 'custom', path: ['channel_id'], message: format.message });
    }
  });

/** Where a matched event goes. */
export const DestinationSchema = z.discriminatedUnion('type', [
  HttpDestinationSchema,
  EmailDestinationSchema,
  ChatDestinationSchema,
]);

export type HttpDestination = z.infer<typeof HttpDestinationSchema>;
export type EmailDestination = z.infer<typeof EmailDestinationSchema>;
export type ChatDestination = z.infer<typeof ChatDestinationSchema>;
export type Destination = z.infer<typeof DestinationSchema>;
export type DestinationType = Destination['type'];
