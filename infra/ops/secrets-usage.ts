import { MAX_SIGNING_SECRETS, PROVIDER_ISSUED } from '../../shared/ops/secrets/signing-secret-list.ts';
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
} as const;

export const VALUE_OPTIONS = {
  'from-stdin': { type: 'boolean' },
  generate: { type: 'boolean' },
} as const;

const TARGET_TEXT = `  --local                   the local secrets file ($LOCAL_SECRETS_FILE, default .local/secrets.json, the
                            working copy of the demo secrets that \`npm start\` serves; prefix $SECRET_PREFIX or
                            ${LOCAL_SECRET_PREFIX}); a running \`npm start\` picks changes up within a second
  --stage <dev|stg|prod>    Secrets Manager of a deployed stage (standard AWS credential and region resolution;
                            names tsunagi/<stage>/<tenant>/webhooks/<provider>)
  --region <region>         AWS region (default $AWS_REGION, else ap-northeast-1)
  --secrets-file <path>     with --local: the secrets file to use`;

const VALUE_TEXT = `  --from-stdin              read the new secret from standard input (one value; surrounding whitespace removed)
  --generate                generate it: standard → whsec_<base64>, msgraph → a random clientState,
                            generic/github → 32 random bytes as hex. Refused for providers that issue their own
                            secret (${[...PROVIDER_ISSUED].join(', ')}): copy theirs and use --from-stdin`;

const CHANGE_TEXT = `  --dry-run                 show what would change (counts and fingerprints) and write nothing
  -y, --yes                 change without asking (required when standard input is not a terminal, which
                            is always the case with --from-stdin)`;

const REVEAL_TEXT = `  --reveal                  also print the secret value(s); only to a terminal, or with --yes`;

const SHOW_YES_TEXT = `  -y, --yes                 with --reveal: print values even when standard output is not a terminal`;

const usage = (synopsis: string, text: string, options: string[]) =>
  `Usage: npm run ops -- secrets ${synopsis} (--local | --stage <s>) [options]

${text}
Providers: ${PROVIDER_IDS.join(', ')}.
Secret values are never taken as arguments.

Options:
${[TARGET_TEXT, ...options, COMMON_HELP].join('\n')}`;

export const SECRETS_USAGE = {
  put: usage(
    'put <tenant> <provider>',
    'Creates the signing secret of <tenant> × <provider>. Fails if one exists: use rotate.\n',
    [VALUE_TEXT, CHANGE_TEXT, REVEAL_TEXT],
  ),
  rotate: usage(
    'rotate <tenant> <provider>',
    `Adds a new current secret in front; the previous one(s) keep verifying until "secrets retire". At most
${MAX_SIGNING_SECRETS} are kept: a rotation beyond that drops the oldest, with a warning.
Order: rotate here, switch the provider (or sender) to the new secret, then retire.
`,
    [VALUE_TEXT, CHANGE_TEXT, REVEAL_TEXT],
  ),
  retire: usage(
    'retire <tenant> <provider>',
    `Drops every secret but the current one, once the provider signs with it. Refused when only one is listed.
`,
    [CHANGE_TEXT],
  ),
  show: usage(
    'show <tenant> <provider>',
    `Shows how many secrets are listed, their fingerprints (current first: the first 8 hex of each one's SHA-256)
and when they last changed (Secrets Manager: the current version's date; --local: the file's modification
time, as the file keeps no time per secret).
`,
    [REVEAL_TEXT, SHOW_YES_TEXT],
  ),
} as const;

export type SecretsAction = keyof typeof SECRETS_USAGE;
