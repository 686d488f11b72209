import type { SQSClient } from '@aws-sdk/client-sqs';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * STS GetCallerIdentity as one signed Query request: the project has no STS client, and the SQS client's
 * resolved credentials and hash are exactly the identity that acts on the queues. Returns the caller's ARN.
 */
export const callerIdentityArn = async (sqs: SQSClient, region: string): Promise<string> => {
  const signer = new SignatureV4({
    service: 'sts',
    region,
    credentials: sqs.config.credentials,
    sha256: sqs.config.sha256,
  });
  const hostname = `sts.${region}.amazonaws.com`;
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'https:',
    hostname,
    path: '/',
    headers: { host: hostname, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const response = await fetch(`https://${hostname}/`, {
    method: 'POST',
    headers: signed.headers,
    body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!response.ok || !arn) throw new Error(`GetCallerIdentity answered HTTP ${response.status}`);
  return arn;
};
