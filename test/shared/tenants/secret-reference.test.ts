import { describe, expect, it } from 'vitest';
import { looksLikeSecretValue, SecretReferenceSchema } from '../../../shared/tenants/secret-reference.ts';

describe('Function: looksLikeSecretValue', () => {
  it.each([
    ['a Slack bot token', 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrSt'],
    ['a Slack user token', 'xoxp-1234-5678-90ab'],
    ['a Slack app token', 'xapp-1-A0123-4567-abcdef'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl'],
    ['a GitHub token', 'ghp_0123456789abcdefABCDEF0123456789abcd'],
    ['a Stripe key', 'sk_live_51H8abcdefghijkl'],
    ['a Standard Webhooks secret', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['an AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['a SendGrid key', 'SG.abc.def'],
    ['a PEM block', '-----BEGIN PRIVATE KEY-----'],
    ['an Authorization value', 'Bearer abc'],
    ['a LINE channel secret (32 hex)', '8f14e45fceea167a5a36dedd4bea2543'],
    ['a random key', 'q8Xz3LmN0pR7sT2vW9yB4cD6fG1hJ5kA'],
    ['a token after a path', 'tsunagi/acme/xoxb-1-2-abc'],
  ])('flags %s', (_label, value) => {
    expect(looksLikeSecretValue(value)).toBe(true);
  });

  it.each([
    ['a secret name', 'tsunagi/acme/slack'],
    ['a long descriptive name', 'prod-tsunagi-AcmeCorp-slack-credentials2'],
    ['a secret ARN', 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:tsunagi/acme/teams-AbCdEf'],
    ['a Slack team id', 'T0123ABCD'],
    ['a GUID', '19ab8c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b'],
    ['a plain word', 'tsunagi'],
  ])('accepts %s', (_label, value) => {
    expect(looksLikeSecretValue(value)).toBe(false);
  });
});

describe('Schema: SecretReferenceSchema', () => {
  it('accepts a name and an ARN', () => {
    expect(SecretReferenceSchema.safeParse('tsunagi/acme/slack').success).toBe(true);
    expect(
      SecretReferenceSchema.safeParse('arn:aws:secretsmanager:us-east-1:123456789012:secret:x/y-AbCdEf')
        .success,
    ).toBe(true);
  });

  it('rejects a token with a message that says to reference it instead', () => {
    // Act
    const result = SecretReferenceSchema.safeParse('xoxb-1-2-abc');

    // Assess
    expect(result.error?.issues[0]?.message).toMatch(/looks like a secret value.*name or ARN/);
  });

  it('rejects a non-Secrets-Manager ARN', () => {
    expect(SecretReferenceSchema.safeParse('arn:aws:ssm:us-east-1:123456789012:parameter/x').success).toBe(
      false,
    );
  });
});
