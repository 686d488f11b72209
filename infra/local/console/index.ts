import { join } from 'node:path';
import type { Principal } from '../../../shared/console/principal.ts';
import type { LocalPlatform } from '../platform-options.ts';
import { type LocalConsole, startLocalConsole } from './console-server.ts';
import { localConsolePorts } from './local-console-ports.ts';

export { LOCAL_CONSOLE_PORT, type LocalConsole, localOperator } from './console-server.ts';

/** The operator console on a running local platform's stand-ins; archives go to `<stateDir>/archives`. */
export const startConsoleFor = async (
  platform: Pick<LocalPlatform, 'sqsEndpoint' | 'dynamoEndpoint' | 'objectStoreEndpoint'>,
  options: {
    readonly port: number;
    readonly stateDir: string;
    readonly region?: string;
    readonly authenticate?: (authorization: string | undefined) => Principal | null;
  },
): Promise<LocalConsole> => {
  let close: () => void = () => undefined;
  const server = await startLocalConsole({
    port: options.port,
    authenticate: options.authenticate,
    ports: (self) => {
      const built = localConsolePorts(
        {
          region: options.region ?? 'ap-northeast-1',
          sqsEndpoint: platform.sqsEndpoint,
          dynamoEndpoint: platform.dynamoEndpoint,
          objectStoreEndpoint: platform.objectStoreEndpoint,
          archiveDir: join(options.stateDir, 'archives'),
        },
        self,
      );
      close = built.close;
      return built.ports;
    },
  });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      close();
    },
  };
};
