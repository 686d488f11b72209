import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

export interface LocalDynamoOptions {
  /** 0 picks a free port (tests); local mode uses 8000, the port DynamoDB stand-ins traditionally use. */
  readonly port?: number;
  readonly host?: string;
  /** LevelDB directory to keep data between runs; in memory when unset. */
  readonly path?: string;
}

export interface LocalDynamo {
  /** What `AWS_ENDPOINT_URL_DYNAMODB` (and the framework's `DYNAMODB_ENDPOINT`) point at. */
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

const DEFAULTS = { port: 8000, host: '127.0.0.1' } as const;

const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });

/** Starts dynalite in this process; tables are ACTIVE as soon as they are created. */
export const startLocalDynamo = async (options: LocalDynamoOptions = {}): Promise<LocalDynamo> => {
  const { port, host, path } = { ...DEFAULTS, ...options };
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(path ? { path } : {}),
  });
  const bound = await listen(server, port, host);
  return {
    endpoint: `http://${host}:${bound}`,
    port: bound,
    stop: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // SDK clients keep sockets alive; without this `close` would wait for them.
        server.closeAllConnections();
      }),
  };
};
