import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_BUNDLING } from '../../infra/bundling.ts';

export const OUT_DIR = join(import.meta.dirname, '..', 'out');

export interface Bundles {
  readonly receiver: string;
  readonly reference: string;
}

const bundle = async (entry: string, name: string): Promise<string> => {
  const outfile = join(OUT_DIR, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    logLevel: 'error',
    target: LAMBDA_BUNDLING.target,
    format: LAMBDA_BUNDLING.format,
    platform: LAMBDA_BUNDLING.platform,
    minify: LAMBDA_BUNDLING.minify,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
  });
  return outfile;
};

/** Bundles the receiver and the SQS-only reference with the production esbuild settings. */
export const buildBundles = async (): Promise<Bundles> => {
  mkdirSync(OUT_DIR, { recursive: true });
  const root = join(import.meta.dirname, '..', '..');
  return {
    receiver: await bundle(join(root, 'functions/webhook-receiver/handler.ts'), 'webhook-receiver'),
    reference: await bundle(join(import.meta.dirname, 'reference-handler.ts'), 'reference-sqs'),
  };
};

/** Size of a file in KiB. */
export const sizeKb = (path: string): number => statSync(path).size / 1024;
