export * from './circuit-breaker.ts';
export * from './clock.ts';
export * from './errors.ts';
export * from './http/failure.ts';
export * from './http/outbound-client.ts';
export * from './http/response-body.ts';
export * from './rate-limiter.ts';
export * from './retry-policy.ts';
