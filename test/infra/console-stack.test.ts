// biome-ignore-all lint/suspicious/noExplicitAny: CloudFormation templates are read as plain JSON here
import { describe, expect, it } from 'vitest';
import { synthStage } from './helpers.ts';

describe('Stack: ConsoleStack', () => {
  const dev = synthStage('dev').console;
  const prod = synthStage('prod').console;
  const one = (template: typeof dev, type: string) => {
    const found = Object.values(template.findResources(type)) as { Properties: Record<string, any> }[];
    expect(found).toHaveLength(1);
    return found[0]!.Properties;
  };

  it('lets only administrators create users, and requires MFA in prod only', () => {
    // Act
    const devPool = one(dev, 'AWS::Cognito::UserPool');
    const prodPool = one(prod, 'AWS::Cognito::UserPool');

    // Assess
    expect(devPool.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(prodPool.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(prodPool.MfaConfiguration).toBe('ON');
    expect(devPool.MfaConfiguration).toBe('OPTIONAL');
    expect(prodPool.DeletionProtection).toBe('ACTIVE');
  });

  it('has the two roles as groups and a public code-flow client that cannot write the tenant claim', () => {
    // Act
    const groups = Object.values(prod.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => (g as { Properties: { GroupName: string } }).Properties.GroupName,
    );
    const client = one(prod, 'AWS::Cognito::UserPoolClient');

    // Assess
    expect(groups.sort()).toEqual(['operator', 'viewer']);
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.ReadAttributes).toContain('custom:tenant');
    expect(client.WriteAttributes).toEqual(['name']);
  });

  it('serves the pages from a private bucket through CloudFront and never caches the API', () => {
    // Act
    const distribution = one(prod, 'AWS::CloudFront::Distribution').DistributionConfig;
    const api = distribution.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    const buckets = Object.values(prod.findResources('AWS::S3::Bucket')) as {
      Properties: Record<string, any>;
    }[];

    // Assess
    expect(
      distribution.Origins.some((o: { OriginAccessControlId?: unknown }) => o.OriginAccessControlId),
    ).toBe(true);
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    expect(api.ViewerProtocolPolicy).toBe('https-only');
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toMatchObject({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('checks a Cognito token at API Gateway on the console route', () => {
    // Act
    const route = one(prod, 'AWS::ApiGatewayV2::Route');
    const authorizer = one(prod, 'AWS::ApiGatewayV2::Authorizer');

    // Assess
    expect(route.RouteKey).toBe('ANY /api/{proxy+}');
    expect(route.AuthorizationType).toBe('JWT');
    expect(authorizer.AuthorizerType).toBe('JWT');
  });

  it('grants the console function no wildcard action, and SendMessage only on the source queues', () => {
    // Act
    const policies = Object.entries(prod.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('Api'),
    );
    const statements = policies.flatMap(
      ([, p]) => (p as { Properties: Record<string, any> }).Properties.PolicyDocument.Statement,
    );
    const actions = statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    const senders = statements.filter((s: { Action: string | string[] }) =>
      [s.Action].flat().includes('sqs:SendMessage'),
    );

    // Assess
    expect(actions.filter((a: string) => a.includes('*'))).toEqual([]);
    expect(JSON.stringify(senders)).not.toContain('DeadLetter');
    expect(JSON.stringify(senders)).toContain('InboundQueueArn');
  });

  it('lets the console function read the endpoints table and put health records, and nothing more there', () => {
    // Act
    const statements = Object.entries(prod.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('Api'))
      .flatMap(([, p]) => (p as { Properties: Record<string, any> }).Properties.PolicyDocument.Statement);
    const onEndpoints = statements.filter((s: { Resource: unknown }) =>
      JSON.stringify(s.Resource).includes('EndpointsTable'),
    );

    // Assess
    expect(onEndpoints.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:Scan',
    ]);
  });
});
