import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { EmailConfig } from '../config/stage-config.ts';

export interface DeliveryEmailProps {
  readonly config: EmailConfig;
  /** Name of the secondary provider's API key secret, `<secret prefix>/delivery/secondary-email-key`. */
  readonly secondaryKeySecretName: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * What email delivery sends with: the stage's SES identity (the worker may send only as it) and the
 * secondary provider's API key. Both live in the stateful stack: recreating the identity means verifying the
 * domain again, and the key's value is entered by an operator, not by the stack.
 */
export class DeliveryEmail extends Construct {
  public readonly identity: EmailIdentity;
  public readonly secondaryKey: Secret;

  public constructor(scope: Construct, id: string, props: DeliveryEmailProps) {
    super(scope, id);
    const { config } = props;

    // A domain identity signs with Easy DKIM; its three CNAME records are stack outputs for the DNS owner.
    // Until they resolve, the identity stays pending and SES refuses to send from it.
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: config.domain ? Identity.domain(config.domain) : Identity.email(config.fromAddress),
    });
    this.identity.applyRemovalPolicy(props.removalPolicy);

    // A generated placeholder, so the stack never holds the real key: the operator replaces the value with
    // `aws secretsmanager put-secret-value --secret-id <name>`; until then the secondary provider rejects it.
    // Never change `generateSecretString`: CloudFormation would generate a new value over the operator's key.
    // A deleted secret waits out a recovery window, during which a stack recreating its name fails.
    this.secondaryKey = new Secret(this, 'SecondaryEmailKey', {
      secretName: props.secondaryKeySecretName,
      description:
        'API key of the secondary email provider (SECONDARY_EMAIL_URL); replace the generated value',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.secondaryKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        "A third-party provider's API key cannot be rotated by a Secrets Manager rotation Lambda (the provider issues it); operators rotate it at the provider and put the new value into this secret (a new version, same name).",
    });
  }
}
