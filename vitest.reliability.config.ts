import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// `npm run test:reliability`: the platform on its local stand-ins under hostile input, faults and load.
// One file at a time: the load test wants both cores, and the fault tests time retries and redeliveries.
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/reliability/**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
