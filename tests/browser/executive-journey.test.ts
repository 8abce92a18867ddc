/**
 * An executive's first minutes, in Chromium on the bundled data: open the dashboard, pick a city
 * (no year, no other parameter) and see a chart that has data in it; then follow the policy area
 * that lags most down to one of its indicators and that indicator's trend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { queryServer, startServer, type RunningServer } from './support/server.js';
import { openPage, panelTable, settle } from './support/page.js';

interface City {
  code: string;
  name: string;
  generated: boolean;
  latestFiscalYear: { year: number } | null;
}

describe.skipIf(!browserTestsEnabled())('executive journey (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let cities: City[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
    cities = (await queryServer<{ municipalities: City[] }>(server, '{ municipalities { code name generated latestFiscalYear(stage: SELF) { year } } }')).municipalities;
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  /** Chart panels that draw marks and whose table view holds a number above zero, by panel name. */
  async function chartsWithData(page: Page): Promise<string[]> {
    const out: string[] = [];
    // Handles, not locators: a panel stays the same element when it switches to its table.
    for (const panel of await page.$$('[data-state="ready"]:has(.chart)')) {
      const name = `${await panel.getAttribute('data-panel')}${(await panel.getAttribute('data-scale')) ? `:${await panel.getAttribute('data-scale')}` : ''}`;
      // The chart itself draws something: a bar or a marker with a size.
      const marks = await panel.$$eval('.apexcharts-series path, .apexcharts-series rect, .apexcharts-marker', (els) =>
        els.filter((e) => {
          const b = e.getBoundingClientRect();
          return b.width > 1 && b.height > 1;
        }).length,
      );
      await (await panel.$('input[type="radio"][value="table"]'))?.check();
      const rows = await panel.$$eval('table tbody tr', (trs) => trs.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
      // Counts of 未測定 (nothing measured) are no data.
      const positive = rows.some((r) => r[0] !== '未測定' && r.slice(1).some((c) => Number(c.replace(/[,%]/g, '')) > 0));
      if (marks > 0 && positive) out.push(name);
    }
    return out;
  }

  it('the four real cities are the ones the journey walks', () => {
    expect(cities.filter((c) => !c.generated).map((c) => c.name).sort()).toEqual(['伊勢崎市', '所沢市', '綾瀬市', '香取市'].sort());
  });

  it.each(['伊勢崎市', '香取市', '綾瀬市', '所沢市'])('%s: picked on a fresh dashboard, opens on a year with data and shows a chart with data', async (name) => {
    const city = cities.find((c) => c.name === name)!;
    const { page, problems } = await openPage(context, server.baseUrl, '/');
    await page.selectOption('#f-city', city.code);
    await expect.poll(() => new URL(page.url()).searchParams.get('city')).toBe(city.code);
    await expect.poll(() => new URL(page.url()).searchParams.get('fy')).not.toBeNull();
    await settle(page);
    // The year is the city's latest with ratings, else with actual values (else with baselines).
    expect(Number(new URL(page.url()).searchParams.get('fy'))).toBe(city.latestFiscalYear?.year);
    expect(await chartsWithData(page), `${name}: charts with data`).not.toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('伊勢崎市: follows the policy area with the most low ratings down to one indicator and its trend', async () => {
    const { page, problems } = await openPage(context, server.baseUrl, `/?city=102041`);
    const areas = await panelTable(page, '[data-panel="lagging-areas"]');
    expect(areas.length).toBeGreaterThan(0);
    const area = page.locator('[data-panel="lagging-areas"] tbody tr').first().locator('th a');
    const areaName = (await area.textContent())!.trim();
    const areaCode = areaName.split(/\s/)[0]!;
    await area.click();
    await page.waitForURL(/\/policy\/\d+/);
    await settle(page);
    expect(await page.locator('[data-panel="node"] .panel-title').textContent()).toContain(areaName);

    // The area has no indicators of its own: its page lists those under it.
    await page.locator('[data-testid="subtree-indicators"]').click();
    await page.waitForURL(/\/indicators\?.*area=/);
    await settle(page);
    const rows = page.locator('[data-testid="indicator-row"]');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const code of await rows.locator('td:nth-child(3)').allTextContents()) expect(code.trim().startsWith(`${areaCode}-`), code).toBe(true);

    // The lowest band first: a D (under 60 %), else a C.
    const bands = await rows.locator('td:last-child').allTextContents();
    const lowest = ['D', 'C', 'B', 'A'].map((band) => bands.findIndex((b) => b.startsWith(band))).find((i) => i >= 0) ?? 0;
    const row = rows.nth(lowest);
    const indicatorName = (await row.locator('th a').textContent())!.trim();
    const actual = (await row.locator('td:nth-child(4)').textContent())!.trim();
    await row.locator('th a').click();
    await page.waitForURL(/\/indicators\/\d+/);
    await settle(page);
    expect(await page.locator('h1').textContent()).toContain(indicatorName);

    // Its trend has points, and its table holds the actual value the list showed.
    const trend = page.locator('[data-panel="trend"]');
    expect(await trend.locator('.apexcharts-marker, .apexcharts-series path').count()).toBeGreaterThan(0);
    const table = await panelTable(page, '[data-panel="trend"]');
    expect(table.some((r) => r.includes(actual)), `${actual} in ${JSON.stringify(table)}`).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
