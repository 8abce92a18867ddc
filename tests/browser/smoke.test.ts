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

    // A fresh start shows the four real cities and the generated one, each with its counts.
    const panel = page.locator('[data-panel="city-counts"]');
    await panel.locator('tbody tr').first().waitFor({ timeout: 15_000 });
    const rows = await panel.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(5);
    for (const name of ['伊勢崎市', '香取市', '綾瀬市', '所沢市', 'サンプル市（生成データ）']) expect(rows.some((r) => r.startsWith(name))).toBe(true);
    const isesaki = rows.find((r) => r.startsWith('伊勢崎市'))!.split('\t');
    expect(isesaki.slice(1, 3)).toEqual(['102041', '413']); // code, policy nodes
    expect(isesaki[3]).toBe('73'); // indicators, as counted in the document
  });
});
