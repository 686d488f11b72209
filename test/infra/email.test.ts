import { describe, expect, it } from 'vitest';
import { getStageConfig } from '../../infra/config/stages.ts';
import { resourceNamed, synthStage } from './helpers.ts';

describe('Class: DeliveryEmail', () => {
  it('verifies the stage domain in SES and outputs its three DKIM records', () => {
    const { stateful } = synthStage('dev');

    expect(resourceNamed(stateful, 'AWS::SES::EmailIdentity', 'EmailIdentity').Properties).toEqual({
      EmailIdentity: 'dev.tsunagi.example.com',
    });
    const outputs = Object.keys(stateful.toJSON().Outputs).filter((name) => name.startsWith('EmailDkim'));
    expect(outputs.sort()).toEqual(['EmailDkimRecord1', 'EmailDkimRecord2', 'EmailDkimRecord3']);
  });

  it('verifies the sender address alone when the stage has no domain, without DKIM outputs', () => {
    const config = getStageConfig('stg');
    const { stateful } = synthStage('stg', {
      email: { fromAddress: 'ops@example.org', secondaryProviderUrl: config.email.secondaryProviderUrl },
    });

    expect(resourceNamed(stateful, 'AWS::SES::EmailIdentity', 'EmailIdentity').Properties).toEqual({
      EmailIdentity: 'ops@example.org',
    });
    expect(Object.keys(stateful.toJSON().Outputs).filter((name) => name.startsWith('EmailDkim'))).toEqual([]);
  });

  it('creates the secondary provider key as a generated placeholder under the stage prefix', () => {
    const { stateful } = synthStage('dev');

    const secret = resourceNamed(
      stateful,
      'AWS::SecretsManager::Secret',
      'EmailSecondaryEmailKey',
    ).Properties;
    expect(secret).toMatchObject({
      Name: 'tsunagi/dev/delivery/secondary-email-key',
      GenerateSecretString: { PasswordLength: 40, ExcludePunctuation: true },
    });
    expect(secret.SecretString).toBeUndefined();
  });
});
