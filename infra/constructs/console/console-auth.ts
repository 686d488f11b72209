import { CfnOutput, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES } from '../../../shared/console/principal.ts';

export interface ConsoleAuthProps {
  readonly stageName: string;
  /** prod: every operator signs in with a TOTP second factor. */
  readonly mfaRequired: boolean;
  readonly removalPolicy: RemovalPolicy;
  readonly deletionProtection: boolean;
}

/**
 * The stage's operator sign-in: a Cognito user pool of admin-created users only (no self sign-up), the
 * groups that are the console's roles, a `custom:tenant` attribute that scopes a user to one tenant (set by
 * an administrator, never writable by the user), the managed login domain, and the console's public app
 * client (authorization code with PKCE, no secret).
 */
export class ConsoleAuth extends Construct {
  public readonly userPool: UserPool;
  public readonly domain: UserPoolDomain;

  public constructor(scope: Construct, id: string, props: ConsoleAuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `tsunagi-${props.stageName}-operators`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: props.mfaRequired ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: { tenant: new StringAttribute({ minLen: 1, maxLen: 63, mutable: true }) },
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    for (const role of ROLES) {
      new CfnUserPoolGroup(this, `Group-${role}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: role,
        description: role === 'operator' ? 'Console: may look and change' : 'Console: may look only',
      });
    }
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: `tsunagi-${props.stageName}-console-${Stack.of(this).account}` },
    });
    if (!props.mfaRequired) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is required in prod; in dev and stg it is optional (TOTP offered) so that test operators can be created by scripts. Users are admin-created only and passwords need 14 characters of four kinds.',
      });
    }
    for (const id of ['AwsSolutions-COG3', 'AwsSolutions-COG8']) {
      Validations.of(this.userPool).acknowledge({
        id,
        reason:
          'Threat protection needs the Plus feature plan, billed per active user; the pool holds a few admin-created operators with strong passwords (MFA required in prod), and every change they make is audited.',
      });
    }
  }

  /** The console's app client, redirecting back to `consoleUrl` after sign-in and sign-out. */
  public addConsoleClient(consoleUrl: string): UserPoolClient {
    const client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [consoleUrl],
        logoutUrls: [consoleUrl],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes('tenant'),
      // Only the display name: a user must never be able to change their own tenant scope.
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'ConsoleClientId', { value: client.userPoolClientId });
    return client;
  }
}
