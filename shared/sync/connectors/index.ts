import type { ChatSystem } from '../../tenants/destinations.ts';
import {
  createLineWorksConnector,
  type LineWorksConnector,
  type LineWorksConnectorOptions,
} from './lineworks.ts';
import { createTeamsConnector, type TeamsConnector, type TeamsConnectorOptions } from './msgraph.ts';
import { createSlackConnector, type SlackConnector, type SlackConnectorOptions } from './slack.ts';

export * from './errors.ts';
export * from './lineworks.ts';
export * from './msgraph.ts';
export type { FetchedPage } from './paginate.ts';
export * from './rate-limits.ts';
export * from './slack.ts';
export { DEFAULT_MAX_IN_LAMBDA_WAIT_MS, DEFAULT_SYNC_RETRIES, DEFAULT_SYNC_TIMEOUT_MS } from './sync-http.ts';
export * from './types.ts';

/** Each system's connector and its options, so the registry below is checked system by system. */
export interface SyncConnectorsBySystem {
  readonly SLACK: { readonly connector: SlackConnector; readonly options: SlackConnectorOptions };
  readonly TEAMS: { readonly connector: TeamsConnector; readonly options: TeamsConnectorOptions };
  readonly LINE_WORKS: {
    readonly connector: LineWorksConnector;
    readonly options: LineWorksConnectorOptions;
  };
}

/** Builds one system's connector. */
export type SyncConnectorFactory<S extends ChatSystem> = (
  options?: SyncConnectorsBySystem[S]['options'],
) => SyncConnectorsBySystem[S]['connector'];

/** One connector factory per chat system; a system without one is a compile error, never a cast. */
export const SYNC_CONNECTORS = {
  SLACK: createSlackConnector,
  TEAMS: createTeamsConnector,
  LINE_WORKS: createLineWorksConnector,
} as const satisfies { readonly [S in ChatSystem]: SyncConnectorFactory<S> };

/** Options of every connector at once (base URLs per system; share one `pacer` for one Lambda instance). */
export type SyncConnectorsOptions = { readonly [S in ChatSystem]?: SyncConnectorsBySystem[S]['options'] };

/** Every system's connector, built with its options. */
export const createSyncConnectors = (
  options: SyncConnectorsOptions = {},
): { readonly [S in ChatSystem]: SyncConnectorsBySystem[S]['connector'] } => ({
  SLACK: SYNC_CONNECTORS.SLACK(options.SLACK),
  TEAMS: SYNC_CONNECTORS.TEAMS(options.TEAMS),
  LINE_WORKS: SYNC_CONNECTORS.LINE_WORKS(options.LINE_WORKS),
});
