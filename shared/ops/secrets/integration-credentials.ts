import type * as z from 'zod';
import type { ChatSystem } from '../../tenants/destinations.ts';
import { LineWorksIntegrationSecretSchema, serviceAccountAssertion } from '../../vendors/lineworks/index.ts';
import { TEAMS_MESSAGING_REFRESH_TOKEN, TeamsIntegrationSecretSchema } from '../../vendors/msgraph/index.ts';
import { SLACK_CHAT_TOKEN_FIELDS, SlackIntegrationSecretSchema } from '../../vendors/slack/index.ts';
import { fingerprint } from './signing-secret-list.ts';

/**
 * A chat system's integration credentials checked against what their consumers need, before anything is
 * written: the daily sync's schema for the system (the vendor folder's, which the sync itself parses with),
 * then what chat routes need on top. Problems refuse the value; warnings name a consumer that will not work
 * yet. Messages name fields, never values.
 */

export interface CredentialsCheck {
  /** Refusals: the daily sync could not use these credentials. */
  readonly problems: readonly string[];
  /** Chat routes of the system would fail with these credentials, for the stated reason. */
  readonly warnings: readonly string[];
  /** Each top-level field with the fingerprint of its value (strings) or its type. */
  readonly fields: readonly { readonly name: string; readonly fingerprint: string }[];
}

const SCHEMAS: Readonly<Record<ChatSystem, z.ZodType<Record<string, unknown>>>> = {
  SLACK: SlackIntegrationSecretSchema,
  TEAMS: TeamsIntegrationSecretSchema,
  LINE_WORKS: LineWorksIntegrationSecretSchema,
};

const textField = (fields: Record<string, unknown>, name: string): string | null =>
  typeof fields[name] === 'string' && fields[name] !== '' ? (fields[name] as string) : null;

/** What chat routes need beyond the sync's fields. */
const chatWarnings = (system: ChatSystem, fields: Record<string, unknown>): string[] => {
  switch (system) {
    case 'SLACK':
      return SLACK_CHAT_TOKEN_FIELDS.some((name) => textField(fields, name) !== null)
        ? []
        : ['no bot_token: Slack chat routes post only once the daily sync has stored an access_token'];
    case 'TEAMS':
      return textField(fields, TEAMS_MESSAGING_REFRESH_TOKEN) !== null
        ? []
        : [
            `no ${TEAMS_MESSAGING_REFRESH_TOKEN}: Teams chat routes fail (teams_messaging_not_connected) until ` +
              'the notifying account has consented and its refresh token is added',
          ];
    case 'LINE_WORKS':
      return [];
  }
};

/** LINE WORKS signs an RS256 assertion with the key; a key that cannot sign is refused. */
const keyProblems = (system: ChatSystem, fields: Record<string, unknown>): string[] => {
  if (system !== 'LINE_WORKS') return [];
  try {
    serviceAccountAssertion({
      clientId: textField(fields, 'client_id') ?? '',
      serviceAccount: textField(fields, 'service_account') ?? '',
      privateKey: textField(fields, 'private_key') ?? '',
      now: 0,
    });
    return [];
  } catch {
    return ['private_key: is not a PEM RSA private key that can sign the service-account assertion'];
  }
};

const describeFields = (fields: Record<string, unknown>) =>
  Object.entries(fields).map(([name, value]) => ({
    name,
    fingerprint:
      typeof value === 'string' ? fingerprint(value) : `(${value === null ? 'null' : typeof value})`,
  }));

/** Checks a SecretString for `system`; never throws, never quotes a value. */
export const checkIntegrationCredentials = (system: ChatSystem, value: string): CredentialsCheck => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { problems: ['is not JSON: give the credentials as one JSON object'], warnings: [], fields: [] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { problems: ['must be a JSON object of the credentials fields'], warnings: [], fields: [] };
  }
  const fields = parsed as Record<string, unknown>;
  const result = SCHEMAS[system].safeParse(fields);
  const schemaProblems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const path = issue.path.join('.') || '(secret)';
        return issue.code === 'invalid_type' && fields[String(issue.path[0])] === undefined
          ? `${path}: is required`
          : `${path}: must be a non-empty string`;
      });
  const problems = [...schemaProblems, ...(result.success ? keyProblems(system, fields) : [])];
  return { problems, warnings: chatWarnings(system, fields), fields: describeFields(fields) };
};
