import { ArnFormat, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/**
 * Tenant secrets are named `<secret prefix>/<tenantId>/<kind>/<name>`, and each function may read only the
 * kinds it uses:
 * - `webhooks/<provider>`: inbound signing secrets (receiver);
 * - `routes/<routeId>`: Standard Webhooks secrets that outbound HTTP deliveries are signed with (worker);
 * - `integrations/<system>`: chat-system credentials of a tenant's integration (worker, and the sync).
 * The tenant file names the route and integration secrets, so they must follow this scheme to be readable.
 */
export type TenantSecretKind = 'webhooks' | 'routes' | 'integrations';

/** ARN pattern of one kind of tenant secret of the stage; `*` also covers the random suffix of the ARN. */
export const tenantSecretArnPattern = (
  scope: Construct,
  secretPrefix: string,
  kind: TenantSecretKind,
): string =>
  Stack.of(scope).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${secretPrefix}/*/${kind}/*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
