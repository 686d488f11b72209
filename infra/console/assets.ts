import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/**
 * The console's static assets, built from infra/console/web by esbuild (already the functions' bundler): one
 * minified ES module, the page and its stylesheet. `npm start` serves them from memory; CDK synth writes them
 * to a folder it uploads. Nobody runs a build step by hand.
 */

const WEB = fileURLToPath(new URL('./web/', import.meta.url));

export interface ConsoleAsset {
  readonly body: Buffer;
  readonly contentType: string;
}

/** `index.html`, `app.js`, `styles.css`, by path. Synchronous: CDK constructs cannot await. */
export const buildConsoleAssets = (): ReadonlyMap<string, ConsoleAsset> => {
  const result = buildSync({
    entryPoints: [`${WEB}app.ts`],
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2022',
    write: false,
    legalComments: 'none',
    outfile: 'app.js',
  });
  const script = result.outputFiles[0]!;
  return new Map([
    ['index.html', { body: readFileSync(`${WEB}index.html`), contentType: 'text/html; charset=utf-8' }],
    ['styles.css', { body: readFileSync(`${WEB}styles.css`), contentType: 'text/css; charset=utf-8' }],
    ['app.js', { body: Buffer.from(script.contents), contentType: 'text/javascript; charset=utf-8' }],
  ]);
};

/** The page's settings: where the API is and how to sign in (none locally). */
export interface ConsolePageConfig {
  readonly apiBase: string;
  readonly auth: { readonly domain: string; readonly clientId: string; readonly redirectUri: string } | null;
  readonly stage: string;
}

/** The Content-Security-Policy of the console's pages: its own scripts and styles only, no framing. */
export const pageCsp = (connectTo: readonly string[] = []): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${connectTo.join(' ')}`.trim(),
    "frame-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
