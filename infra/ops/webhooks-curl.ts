import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isProviderId, isTenantId, PROVIDER_IDS } from '../../shared/webhooks/provider-ids.ts';
import { shellQuote } from '../local/curl-example.ts';
import { LOCAL_SECRET_PREFIX, LocalSecrets, readableLocalSecretsFile } from '../local/local-secrets.ts';
import { signRequest } from '../local/signed-request.ts';
import { UsageError } from './cli.ts';

/** `ops webhooks curl`: a signed request, ready to paste, exactly as a provider would send it. */

const CURL_USAGE = `Usage: npm run ops -- webhooks curl <provider> <tenantId> [options]

Signs a request exactly as <provider> would and prints it as curl (or JSON with --json). Nothing is sent.
Providers: ${PROVIDER_IDS.join(', ')}.

The signing secret is never taken as an argument: it is read from the local secrets file (the current secret
of <tenantId> × <provider>), or from standard input with --secret-stdin (for a deployed stage).

Options:
  --base-url <url>       public base URL (default http://127.0.0.1:\${PORT:-3000})
  --body-file <path>     request body (default: a small JSON test event)
  --content-type <type>  default application/json
  --event-type <type>    generic: the x-event-type header, the event type routes match (default ops.test)
  --event-id <id>        generic: the x-event-id header, the sender's id of the event (default: a new one)
  --secrets-file <path>  local secrets file (default $LOCAL_SECRETS_FILE, else the instance's
                         .local/instance-\${PORT:-3000}/secrets.json, else the demo secrets)
  --secret-stdin         read the signing secret from standard input instead
  --json                 print {"url","headers","body"} instead of curl
  -h, --help             print this help`;

const readSecret = (
  values: { 'secret-stdin'?: boolean; 'secrets-file'?: string },
  tenant: string,
  provider: string,
) => {
  if (values['secret-stdin']) {
    const secret = readFileSync(0, 'utf8').trim();
    if (!secret) throw new UsageError('--secret-stdin: standard input was empty');
    return secret;
  }
  const file = values['secrets-file'] ?? readableLocalSecretsFile();
  const secrets = LocalSecrets.load(file, process.env.SECRET_PREFIX ?? LOCAL_SECRET_PREFIX);
  const [current] = secrets.secretsFor(tenant, provider as (typeof PROVIDER_IDS)[number]);
  if (!current) throw new UsageError(`no ${provider} secret for tenant "${tenant}" in ${file}`);
  return current;
};

export const webhooksCurl = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'base-url': { type: 'string' },
      'body-file': { type: 'string' },
      'content-type': { type: 'string' },
      'event-type': { type: 'string' },
      'event-id': { type: 'string' },
      'secrets-file': { type: 'string' },
      'secret-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(CURL_USAGE);
    return;
  }
  const [provider, tenant] = positionals;
  if (!provider || !tenant) throw new UsageError(`expected <provider> <tenantId>\n\n${CURL_USAGE}`);
  if (!isProviderId(provider))
    throw new UsageError(`unknown provider "${provider}"; one of ${PROVIDER_IDS.join(', ')}`);
  if (!isTenantId(tenant)) throw new UsageError(`"${tenant}" is not a tenant id ([a-z0-9][a-z0-9-]{0,62})`);
  if ((values['event-type'] !== undefined || values['event-id'] !== undefined) && provider !== 'generic') {
    throw new UsageError(`--event-type and --event-id are for generic; ${provider} carries them in its body`);
  }
  const eventType = values['event-type'] ?? 'ops.test';
  const eventId = values['event-id'] ?? `evt_ops_${randomBytes(6).toString('hex')}`;
  const body = values['body-file']
    ? readFileSync(values['body-file'])
    : Buffer.from(JSON.stringify({ id: eventId, type: eventType, created_at: new Date().toISOString() }));
  const request = signRequest({
    baseUrl: values['base-url'] ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`,
    provider,
    tenantId: tenant,
    body,
    contentType: values['content-type'] ?? 'application/json',
    // The generic scheme takes the event's id and type from these headers, never from the body.
    ...(provider === 'generic' ? { headers: { 'x-event-id': eventId, 'x-event-type': eventType } } : {}),
    secret: readSecret(values, tenant, provider),
  });
  if (values.json) {
    console.log(JSON.stringify({ url: request.url, headers: request.headers, body: body.toString('utf8') }));
    return;
  }
  const parts = [`curl -i -X POST ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers))
    parts.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  parts.push(
    values['body-file']
      ? `--data-binary @${shellQuote(values['body-file'])}`
      : `--data-binary ${shellQuote(body.toString())}`,
  );
  console.log(parts.join(' \\\n  '));
};
