import { describe, expect, it } from 'vitest';
import { frameworkEnv, parseTenantWriterEnv } from '../../../../shared/adapters/kernel/mbc-cqrs-env.ts';

describe('Function: parseTenantWriterEnv', () => {
  it('needs only the stage and fills what the framework demands but the writer never uses', () => {
    // Act
    const env = parseTenantWriterEnv({ NODE_ENV: 'dev' });

    // Assess
    expect(env).toMatchObject({
      NODE_ENV: 'dev',
      APP_NAME: 'tsunagi',
      EVENT_SOURCE_DISABLED: 'true',
      ATTRIBUTE_LIMIT_SIZE: 389_120,
    });
    expect(() => new URL(env.APPSYNC_ENDPOINT)).not.toThrow();
  });

  it('names every bad variable in one error', () => {
    expect(() =>
      parseTenantWriterEnv({
        NODE_ENV: 'test',
        EVENT_SOURCE_DISABLED: 'false',
        DYNAMODB_ENDPOINT: 'localhost',
      }),
    ).toThrowError(
      /NODE_ENV: must be one of local, dev, stg, prod.*EVENT_SOURCE_DISABLED.*DYNAMODB_ENDPOINT/,
    );
  });

  it('exports the parsed values as strings for process.env', () => {
    expect(frameworkEnv(parseTenantWriterEnv({ NODE_ENV: 'local' }))).toMatchObject({
      NODE_ENV: 'local',
      ATTRIBUTE_LIMIT_SIZE: '389120',
    });
  });
});
