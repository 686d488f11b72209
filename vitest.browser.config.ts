import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

// `npm run test:browser`: the operator console in Debian's headless Chromium, on local mode (about 40 s).
// Its own step, like the reliability suite, so `npm test` stays quick; `.ci/run` installs Chromium first.
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/browser/**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
