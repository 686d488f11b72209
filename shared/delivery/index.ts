export * from './circuit-breaker.ts';
export * from './errors.ts';
export * from './failure.ts';
export * from './outbound-client.ts';
export * from './rate-limiter.ts';
export * from './response-body.ts';
export * from './retry-policy.ts';
export * from './runtime.ts';
