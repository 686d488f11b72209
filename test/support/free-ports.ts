import type { StartLocalOptions } from '../../infra/local/platform.ts';

/**
 * Every port of local mode picked free by the OS: suites run side by side (and next to a developer's
 * `npm start`), so none may take the fixed defaults.
 */
export const FREE_PORTS = {
  port: 0,
  sqsPort: 0,
  objectStorePort: 0,
  dynamoPort: 0,
  sesPort: 0,
  fakesPort: 0,
} as const satisfies StartLocalOptions;

/**
 * Ports the OS reports free right now, for an instance that must come back on the same ports after a restart
 * (its queue URLs and the receiver's settings name them). Held open together, so no two are the same.
 */
export const freePorts = async (count: number): Promise<number[]> => {
  const { createServer } = await import('node:net');
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<import('node:net').Server>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
};
