import type { FakeName } from '../local-ports.ts';
import { type FailingDestination, startFailingDestination } from './failing-destination.ts';
import type { FakeServer } from './fake-server.ts';
import { type FakeSecondaryEmail, startFakeSecondaryEmail } from './secondary-email.ts';
import { type FakeSlack, startFakeSlack } from './slack.ts';
import { type FakeTenantBackend, startFakeTenantBackend } from './tenant-backend.ts';

export type { FailedRequest } from './failing-destination.ts';
export type { SecondaryMail } from './secondary-email.ts';
export type { PostedMessage } from './slack.ts';
export type { ReceivedDelivery } from './tenant-backend.ts';

/** Every third party local mode fakes, started together. */
export interface LocalFakes {
  readonly tenantBackend: FakeTenantBackend;
  readonly always400: FailingDestination;
  readonly always503: FailingDestination;
  readonly secondaryEmail: FakeSecondaryEmail;
  readonly slack: FakeSlack;
  stop(): Promise<void>;
}

export interface LocalFakesOptions {
  readonly host?: string;
  readonly ports: Readonly<Record<FakeName, number>>;
  /** Attempts of each delivery the tenant backend fails before it accepts. */
  readonly failFirst?: number;
  /** Share (0..1) of the tenant backend's later attempts answered 503 anyway (seeded, reproducible). */
  readonly failRate?: number;
  readonly failSeed?: number;
  readonly backendSecretsFor: (path: string) => readonly string[];
  readonly slackTokens: readonly string[];
  readonly secondaryEmailKey: string;
}

export const startLocalFakes = async (options: LocalFakesOptions): Promise<LocalFakes> => {
  const { host, ports } = options;
  const started: FakeServer[] = [];
  const track = <T extends FakeServer>(server: T): T => {
    started.push(server);
    return server;
  };
  const stop = async () => {
    await Promise.all(started.splice(0).map((server) => server.stop()));
  };
  try {
    const tenantBackend = track(
      await startFakeTenantBackend({
        host,
        port: ports.tenantBackend,
        failFirst: options.failFirst,
        failRate: options.failRate,
        failSeed: options.failSeed,
        secretsFor: options.backendSecretsFor,
      }),
    );
    const always400 = track(await startFailingDestination({ host, port: ports.always400, status: 400 }));
    const always503 = track(await startFailingDestination({ host, port: ports.always503, status: 503 }));
    const secondaryEmail = track(
      await startFakeSecondaryEmail({ host, port: ports.secondaryEmail, apiKey: options.secondaryEmailKey }),
    );
    const slack = track(await startFakeSlack({ host, port: ports.slack, tokens: options.slackTokens }));
    return { tenantBackend, always400, always503, secondaryEmail, slack, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};
