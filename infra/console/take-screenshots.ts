import { chromium } from 'playwright-core';

/**
 * Refreshes the console screenshots in infra/console/screenshots/ (the README shows them), from a running
 * `npm start` after `npm run demo` and `npm run ops -- sync run --local`:
 *
 *   CONSOLE_URL=http://127.0.0.1:3001/ npx tsx infra/console/take-screenshots.ts
 *
 * It redrives the delivery DLQ through the page (preview, confirm), as an operator would. Needs Debian's
 * chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */

const base = process.env.CONSOLE_URL ?? 'http://127.0.0.1:3001/';
const out = new URL('./screenshots/', import.meta.url).pathname;

const main = async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const show = async (hash: string, name?: string) => {
    await page.goto('about:blank');
    await page.goto(`${base}${hash}`);
    await page.waitForSelector('body[data-ready]');
    if (name) await page.screenshot({ path: `${out}${name}.png` });
  };
  const api = async <T>(path: string): Promise<T> =>
    (await page.evaluate(`fetch(${JSON.stringify(path)}).then((r) => r.json())`)) as T;
  await show('#/', 'overview');
  await show('#/events', 'events');
  const failed = await api<{ items: { event_id: string }[] }>('/api/events?status=failed');
  if (failed.items[0]) await show(`#/events/${failed.items[0].event_id}`, 'journey');
  await show('#/dlqs?queue=delivery-dlq');
  await page.click('text=Redrive all matching…');
  await page.waitForSelector('section.preview, .notice');
  await page.screenshot({ path: `${out}dlqs-preview.png` });
  if ((await page.locator('section.preview button.danger').count()) > 0) {
    await page.click('section.preview button.danger');
    await page.waitForSelector('text=Finished:', { timeout: 60_000 });
    await page.screenshot({ path: `${out}dlqs-done.png` });
  }
  await show('#/sync', 'sync');
  const runs = await api<{ items: { run_id: string }[] }>('/api/sync/runs');
  if (runs.items[0]) await show(`#/sync/${encodeURIComponent(runs.items[0].run_id)}`, 'sync-run');
  await show('#/audit', 'audit');
  await show('#/endpoints', 'endpoints');
  await browser.close();
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
