import { Logger } from '@aws-lambda-powertools/logger';

/** console-api's only logger: one line per request (method, route, status, who), never bodies or tokens. */
export const logger = new Logger({ serviceName: 'console-api' });

export const logRequest = (fields: {
  method: string;
  path: string;
  status: number;
  user: string | null;
  tenant: string | null;
  duration_ms: number;
}): void => {
  if (fields.status >= 500) logger.error('console request failed', fields);
  else logger.info('console request', fields);
};
