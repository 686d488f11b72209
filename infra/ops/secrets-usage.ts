import { MAX_SIGNING_SECRETS, PROVIDER_ISSUED } from '../../shared/ops/secrets/signing-secret-list.ts';
import { CHAT_SYSTEMS } from '../../shared/tenants/destinations.ts';
import { PROVIDER_IDS } from '../../shared/webhooks/provider-ids.ts';
import { LOCAL_SECRET_PREFIX } from '../local/local-secrets.ts';
import { COMMON_HELP, COMMON_OPTIONS } from './cli.ts';

/** The options and help of `ops secrets put|rotate|retire|show`; the commands themselves are in secrets.ts. */

export const SECRETS_OPTIONS = {
  ...COMMON_OPTIONS,
  local: { type: 'boolean' },
  stage: { type: 'string' },
  region: { type: 'string' },
  'secrets-file': { type: 'string' },
  reveal: { type: 'boolean' },
  name: { type: 'string' },
} as const;

export const VALUE_OPTIONS = {
  'from-stdin': { type: 'boolean' },
  generate: { type: 'boolean' },
} as const;

const TARGET_TEXT = `  --local                   the local secrets file of the running \`npm start\` ($LOCAL_SECRETS_FILE, else
                            secrets.json in $LOCAL_STATE_DIR, else .local/instance-\${PORT:-3000}/; prefix
                            $SECRET_PREFIX or ${LOCAL_SECRET_PREFIX}); its receiver, worker and sync all read this
                            one file and see a change within a second
  --stage <dev|stg|prod>    Secrets Manager of a deployed stage (standard AWS credential and region resolution;
                            readers see a change within their 60 s cache)
  --region <region>         AWS region (default $AWS_REGION, else ap-northeast-1)
  --secrets-file <path>     with --local: the secrets file to use
  --name <secret name>      route and integration secrets: the name the tenant file gives the secret, when it is
                            not the conventional one (it must lie in <prefix>/<tenant>/)`;

const VALUE_TEXT = `  --from-stdin              read the new secret from standard input (one value; surrounding whitespace removed);
                            integration credentials are always read from standard input (one JSON object)
  --generate                generate it: routes and standard → whsec_<base64>, msgraph → a random clientState,
                            generic/github → 32 random bytes as hex. Refused for providers that issue their own
                            secret (${[...PROVIDER_ISSUED].join(', ')}): copy theirs and use --from-stdin`;

const CHANGE_TEXT = `  --dry-run                 show what would change (counts and fingerprints) and write nothing
  -y, --yes                 change without asking (required when standard input is not a terminal, which
                            is always the case with --from-stdin)`;

const REVEAL_TEXT = `  --reveal                  also print the secret value(s); only to a terminal, or with --yes`;

const SHOW_YES_TEXT = `  -y, --yes                 with --reveal: print values even when standard output is not a terminal`;

const TARGETS = `Targets (<tenant> then one of):
  [webhook] <provider>      the provider's webhook signing secrets, which the receiver verifies with
                            (<prefix>/<tenant>/webhooks/<provider>). Providers: ${PROVIDER_IDS.join(', ')}
  route <route id>          an http route's Standard Webhooks signing secrets, which the delivery worker signs
                            with and the receiving server verifies with (<prefix>/<tenant>/routes/<route id>)
  integration <SYSTEM>      a chat system's credentials, JSON on standard input, checked against what the daily
                            sync and chat routes need (<prefix>/<tenant>/integrations/slack|teams|line-works).
                            Systems: ${CHAT_SYSTEMS.join(', ')}
Secret values are never taken as arguments, never logged, and printed only with --reveal.`;

const usage = (synopsis: string, text: string, options: string[]) =>
  `Usage: npm run ops -- secrets ${synopsis} (--local | --stage <s>) [options]

${text}
${TARGETS}

Options:
${[TARGET_TEXT, ...options, COMMON_HELP].join('\n')}`;

const TARGET_SYNOPSIS = '<tenant> ([webhook] <provider> | route <route id> | integration <SYSTEM>)';

export const SECRETS_USAGE = {
  put: usage(`put ${TARGET_SYNOPSIS}`, 'Creates the secret. Fails if one exists: use rotate.\n', [
    VALUE_TEXT,
    CHANGE_TEXT,
    REVEAL_TEXT,
  ]),
  rotate: usage(
    `rotate ${TARGET_SYNOPSIS}`,
    `Signing secrets: adds a new current secret in front; the previous one(s) keep verifying until "secrets
retire". At most ${MAX_SIGNING_SECRETS} are kept: a rotation beyond that drops the oldest, with a warning.
Order: rotate here, switch the provider (or the receiving server) to the new secret, then retire.
Integration credentials: replaces them with the JSON on standard input.
`,
    [VALUE_TEXT, CHANGE_TEXT, REVEAL_TEXT],
  ),
  retire: usage(
    `retire <tenant> ([webhook] <provider> | route <route id>)`,
    `Drops every signing secret but the current one, once the sender (or receiving server) uses it. Refused when
only one is listed, and for integration credentials (one value: rotate replaces it).
`,
    [CHANGE_TEXT],
  ),
  show: usage(
    `show ${TARGET_SYNOPSIS}`,
    `Shows the secret without its values: signing secrets as a count and fingerprints (current first: the first
8 hex of each one's SHA-256); integration credentials as their fields with fingerprints, and what a consumer
would miss. Also when it last changed (Secrets Manager: the current version's date; --local: the file's
modification time, as the file keeps no time per secret).
`,
    [REVEAL_TEXT, SHOW_YES_TEXT],
  ),
} as const;

export type SecretsAction = keyof typeof SECRETS_USAGE;

/** `ops secrets --help`: the group's commands. */
export const SECRETS_GROUP_USAGE = `Usage: npm run ops -- secrets <put|rotate|retire|show> <tenant> <target> (--local | --stage <s>) [options]

Every secret the platform uses, in local mode or a stage:
  secrets put <tenant> <target>       create it (--generate or standard input)
  secrets rotate <tenant> <target>    a new current signing secret (previous ones stay valid), or new credentials
  secrets retire <tenant> <target>    drop every signing secret but the current one
  secrets show <tenant> <target>      fingerprints, fields and last change; never values without --reveal

${TARGETS}

Examples:
  npm run ops -- secrets put acme route orders --generate --local --yes
  npm run ops -- secrets put acme integration SLACK --local --yes < slack-creds.json
  npm run ops -- secrets show acme webhook generic --local

Run "npm run ops -- secrets <put|rotate|retire|show> --help" for a command's options.`;
