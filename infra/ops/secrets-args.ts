import {
  isChatSystem,
  isSecretKind,
  SECRET_KINDS,
  type SecretTarget,
} from '../../shared/ops/secrets/secret-targets.ts';
import { CHAT_SYSTEMS } from '../../shared/tenants/destinations.ts';
import { ROUTE_ID_PATTERN } from '../../shared/tenants/tenant-file.ts';
import { isProviderId, isTenantId, PROVIDER_IDS } from '../../shared/webhooks/provider-ids.ts';
import { UsageError } from './cli.ts';

/**
 * The positionals of `ops secrets <action>`: `<tenant> <provider>` (a webhook provider's signing secrets, as
 * before), or `<tenant> <kind> <what>`: `webhook <provider>`, `route <route id>`, `integration <SYSTEM>`.
 */
export const parseSecretTarget = (
  positionals: readonly string[],
  usage: string,
): { tenant: string; target: SecretTarget } => {
  const [tenant, first, second, ...extra] = positionals;
  if (!tenant || !first || extra.length > 0) {
    throw new UsageError(`expected <tenant> <provider>, or <tenant> <kind> <what>\n\n${usage}`);
  }
  if (!isTenantId(tenant)) throw new UsageError(`"${tenant}" is not a tenant id ([a-z0-9][a-z0-9-]{0,62})`);
  if (second === undefined) {
    if (isSecretKind(first))
      throw new UsageError(`expected <tenant> ${first} <${whatOf(first)}>\n\n${usage}`);
    return { tenant, target: webhookTarget(first) };
  }
  if (!isSecretKind(first)) {
    throw new UsageError(`unknown kind "${first}"; one of ${SECRET_KINDS.join(', ')}\n\n${usage}`);
  }
  switch (first) {
    case 'webhook':
      return { tenant, target: webhookTarget(second) };
    case 'route':
      if (!ROUTE_ID_PATTERN.test(second)) {
        throw new UsageError(
          `"${second}" is not a route id (1-64 of a-z 0-9 _ -, starting with a letter or digit)`,
        );
      }
      return { tenant, target: { kind: 'route', routeId: second } };
    case 'integration': {
      const system = second.toUpperCase().replace(/-/g, '_');
      if (!isChatSystem(system)) {
        throw new UsageError(`unknown system "${second}"; one of ${CHAT_SYSTEMS.join(', ')}`);
      }
      return { tenant, target: { kind: 'integration', system } };
    }
  }
};

const whatOf = (kind: string): string =>
  ({ webhook: 'provider', route: 'route id', integration: 'SLACK|TEAMS|LINE_WORKS' })[kind] ?? 'what';

const webhookTarget = (provider: string): SecretTarget => {
  if (!isProviderId(provider)) {
    throw new UsageError(`unknown provider "${provider}"; one of ${PROVIDER_IDS.join(', ')}`);
  }
  return { kind: 'webhook', provider };
};
