import { execFileSync } from 'node:child_process';

/**
 * Debian's Chromium for the browser tests (driven by playwright-core; nothing is downloaded). `.ci/run`
 * installs it when missing; on a laptop: `sudo apt-get install -y chromium` (or set CHROMIUM_PATH).
 */
export const chromiumPath = (): string | null => {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
    } catch {
      // not this one
    }
  }
  return null;
};

export const CHROMIUM_MISSING =
  'skipped: no Chromium found. Install Debian’s package (`apt-get install -y chromium`) or set CHROMIUM_PATH.';
