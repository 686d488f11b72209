import { Stack, Validations } from 'aws-cdk-lib';
// cdk-nag's own formatter, so the acknowledged id is the one its IAM5 rule reports (its format is not API).
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's AwsSolutions-IAM5 finding for one wildcard resource of the policy `scope`.
 * The resource is resolved now, so pass values that are final at construction time (pseudo parameters,
 * same-stack attributes, explicit imports), not implicit cross-stack references.
 */
export const acknowledgeWildcardResource = (scope: IConstruct, resource: string, reason: string): void => {
  const flat = flattenCfnReference(Stack.of(scope).resolve(resource));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${flat}]`, reason });
};
