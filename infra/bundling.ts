/**
 * esbuild settings for every Lambda bundle. The CDK functions and the bundle benchmarks both read these, so
 * what is measured is what ships.
 */
export const LAMBDA_BUNDLING = {
  // Must match the Lambda runtime (infra/constructs/webhook-receiver.ts): nodejs24.x.
  target: 'node24',
  format: 'esm',
  platform: 'node',
  minify: true,
  // Prefer ESM entry points: the SDK's ESM builds tree-shake far better than its CommonJS ones.
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); give ESM bundles a working one.
  banner:
    "import { createRequire as __tsunagiRequire } from 'node:module';const require = __tsunagiRequire(import.meta.url);",
} as const;
