/**
 * The prefecture analyst's question in the dashboard (issue 21), in Chromium, tried as a new user
 * would: which of our 40 cities lag in 子育て (民生費) this year, on a comparable scale, and since
 * when. 40 generated cities of サンプル県 plus the four real ones; what the page shows is checked
 * against the API's answer; the filters are in the URL; no data is データなし; ja and en.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';
import { foreignWordsInContext } from '../support/japanese-text.js';
import { importDataset } from '../../server/src/dataset/importer.js';
import { generateDataset, SEED_PRESET } from '../../server/src/dataset/generate.js';

const SHOTS = '/tmp/shots/compare21';
const CITIES = 40;

describe.skipIf(!browserTestsEnabled())('compare cities (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  async function gql<T = any>(query: string): Promise<T> {
    const r = await fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await r.json()) as { data: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer(); // the bundled data: the four real cities and サンプル市
    for (let i = 1; i < CITIES; i++) await importDataset(server.db.orm, generateDataset({ ...SEED_PRESET, municipalityIndex: i }));
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  }, 600_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('answers which cities lag in 民生費 this year and since when, as the API does', async () => {
    await page.goto(`${server.baseUrl}/cities`, { waitUntil: 'networkidle' });
    // A new user first sees what to pick, with the prefectures offered.
    await expect.poll(() => page.getByText('比較する都道府県・比較グループ・自治体を選んでください。').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'サンプル県' }).first().click();
    await page.getByTestId('cmp-scheme').selectOption('PURPOSE');
    await page.getByTestId('cmp-class').selectOption('民生費');
    await page.waitForLoadState('networkidle');
    const url = new URL(page.url());
    expect(url.searchParams.get('cpref')).toBe('サンプル県');
    expect(url.searchParams.get('cscheme')).toBe('PURPOSE');
    expect(url.searchParams.get('cclass')).toBe('民生費');

    const api = await gql(`{ cityComparison(cities: { prefecture: "サンプル県" }, scheme: PURPOSE, classCodes: ["民生費"]) {
      rows { rank municipality { name } fiscalYear { label } score { normalizedScore } belowPeerMedianSince { label } } } }`);
    const rows = page.locator('table').first().locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(CITIES);
    for (const i of [0, 1, CITIES - 1]) {
      const cells = await rows.nth(i).locator('td, th').allTextContents();
      const want = api.cityComparison.rows[i];
      expect(cells.join('|')).toContain(want.municipality.name);
      expect(cells.join('|')).toContain(want.fiscalYear.label);
      expect(cells.join('|')).toContain(want.belowPeerMedianSince?.label ?? '—');
    }
    const summary = await page.locator('.summary').first().textContent();
    const lagging = api.cityComparison.rows.filter((r: any) => r.belowPeerMedianSince).length;
    expect(summary).toContain(`${lagging}市が比較対象の中央値を下回っています`);
    // The definition of the score is on the page.
    await expect.poll(() => page.getByText('換算の定義').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/ranking-ja.png`, fullPage: true });

    // The heatmap of every class, with its table; a city opens its own view for that year.
    await page.getByTestId('cmp-class').selectOption('');
    await page.waitForLoadState('networkidle');
    const heat = page.locator('section, .panel').filter({ hasText: '自治体 × 分類の換算点' }).last();
    await expect.poll(() => heat.locator('svg').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/heatmap-ja.png`, fullPage: true });
    const main = (await page.locator('main').innerText()).split('\n');
    expect(foreignWordsInContext(main.join('\n'))).toEqual([]);
    const lowest = api.cityComparison.rows[0].municipality.name;
    const first = page.locator('table').first().getByRole('link', { name: lowest, exact: false }).first();
    expect(await first.getAttribute('href')).toMatch(/^\/policy\?/);
    await first.click();
    // The router changes the URL once the policy view's code has loaded.
    await page.waitForURL(/\/policy\?/);
    expect(new URL(page.url()).pathname).toBe('/policy');
    expect(new URL(page.url()).searchParams.get('city')).toMatch(/^99\d{4}$/);
    expect(problems).toEqual([]);
  });

  it('shows データなし for a city without ratings in the chosen year, never zero', async () => {
    await page.goto(`${server.baseUrl}/cities?ccodes=102041,990001&cyear=2016`, { waitUntil: 'networkidle' });
    const isesaki = page.locator('table').first().locator('tbody tr').filter({ hasText: '伊勢崎市' });
    await expect.poll(() => isesaki.count()).toBe(1);
    expect(await isesaki.textContent()).toContain('データなし');
    await page.screenshot({ path: `${SHOTS}/no-data-ja.png`, fullPage: true });
  });

  it('reads in English', async () => {
    await page.goto(`${server.baseUrl}/cities?cpref=${encodeURIComponent('サンプル県')}&cscheme=PURPOSE&cclass=${encodeURIComponent('民生費')}`, { waitUntil: 'networkidle' });
    await page.getByLabel('言語').selectOption('en');
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${SHOTS}/ranking-en.png`, fullPage: true });
    await expect.poll(() => page.getByRole('heading', { name: 'Compare cities' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Ranking in Welfare (including child welfare)').count()).toBeGreaterThan(0);
  });
});
