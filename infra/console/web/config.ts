/** The page's settings (`config.json`, written by local mode or by the stage's deployment). */

export interface ConsoleConfig {
  /** Where the API is; '' for the same origin (local mode). */
  readonly apiBase: string;
  /** Cognito's managed sign-in on a stage; null in local mode (no sign-in). */
  readonly auth: { readonly domain: string; readonly clientId: string; readonly redirectUri: string } | null;
  readonly stage: string;
}

let config: ConsoleConfig | undefined;

export const loadConfig = async (): Promise<ConsoleConfig> => {
  const response = await fetch('config.json', { cache: 'no-store' });
  config = (await response.json()) as ConsoleConfig;
  return config;
};

export const currentConfig = (): ConsoleConfig => config!;
