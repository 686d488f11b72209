import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for SQS SendMessage and Secrets Manager GetSecretValue over their real JSON wire protocols, so
 * a fresh process pays for its real SDK code paths while the network round trip stays local and constant.
 */
export const startAwsStub = async (
  secretString: string,
): Promise<{ endpoint: string; close: () => Promise<void> }> => {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const input = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      const target = String(req.headers['x-amz-target'] ?? '');
      let output: unknown;
      if (target.endsWith('SendMessage')) {
        output = {
          MessageId: 'stub',
          MD5OfMessageBody: createHash('md5').update(input.MessageBody).digest('hex'),
        };
      } else if (target.endsWith('GetSecretValue')) {
        output = { Name: input.SecretId, SecretString: secretString, VersionId: 'v1' };
      } else {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(output));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
