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
