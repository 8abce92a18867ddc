/** The served dashboard page opens in Chromium, with no request leaving the server's origin. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';

describe.skipIf(!browserTestsEnabled())('dashboard page (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the dashboard served at / and loads everything from the same origin', async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(server.baseUrl) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`${server.baseUrl}/`, { waitUntil: 'networkidle' });
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expect.poll(async () => (await page.textContent('body')) ?? '', { timeout: 15_000 }).toMatch(/伊勢崎市|総合計画/);
    expect(foreign).toEqual([]);
    expect(errors).toEqual([]);
  });
});
