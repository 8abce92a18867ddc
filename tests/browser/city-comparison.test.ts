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

  /** A number as the dashboard prints it (to 0.1, ja-JP). */
  const one = (v: number) => new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 1 }).format(v);
  const GROUPED = `/cities?cpref=${encodeURIComponent('サンプル県')}&cscheme=PURPOSE&cclass=${encodeURIComponent('民生費')}`;

  it('the prefecture analyst groups the 40 cities by category and population band and reads the group that lags', async () => {
    await page.goto(`${server.baseUrl}${GROUPED}`, { waitUntil: 'networkidle' });
    const panel = page.locator('[data-panel="city-groups"]');
    await expect.poll(() => panel.count()).toBe(1);
    await page.getByTestId('cmp-groupby-CATEGORY').check();
    await page.waitForLoadState('networkidle');
    await page.getByTestId('cmp-groupby-POPULATION_BAND').check();
    await page.waitForLoadState('networkidle');
    expect(new URL(page.url()).searchParams.get('cgroupby')).toBe('CATEGORY,POPULATION_BAND');
    const api = await gql(`{ cityComparison(cities: { prefecture: "サンプル県" }, scheme: PURPOSE, classCodes: ["民生費"]) {
      groups(groupBy: [CATEGORY, POPULATION_BAND]) { label cities citiesWithData belowPeerMedian normalizedScore { median } } } }`);
    const groups = api.cityComparison.groups;
    expect(groups.length).toBeGreaterThan(2);
    // The box plot first, with a sentence naming the group that lags.
    await expect.poll(() => panel.locator('svg').count()).toBeGreaterThan(0);
    const summary = (await panel.locator('.summary').first().textContent()) ?? '';
    expect(summary).toContain(`最も低いのは${groups[0].label}`);
    expect(summary).toContain(`中央値${one(groups[0].normalizedScore.median)}`);
    await page.screenshot({ path: `${SHOTS}/groups-chart-ja.png`, fullPage: true });
    // The same numbers as a table, lagging group first.
    await panel.getByLabel('表', { exact: true }).check();
    const rows = panel.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(groups.length);
    const first = (await rows.first().locator('th, td').allTextContents()).map((x) => x.trim());
    expect(first[0]).toBe(groups[0].label);
    expect(first[1]).toBe(String(groups[0].cities));
    expect(first[3]).toBe(one(groups[0].normalizedScore.median));
    expect(first[7]).toBe(`${groups[0].citiesWithData}市中${groups[0].belowPeerMedian}市`);
    expect(foreignWordsInContext(await panel.innerText())).toEqual([]);
    await panel.screenshot({ path: `${SHOTS}/groups-table-ja.png` });
    // The URL holds the grouping: opened again, the same table.
    await page.goto(page.url(), { waitUntil: 'networkidle' });
    await expect.poll(() => page.getByTestId('cmp-groupby-POPULATION_BAND').isChecked()).toBe(true);
  });

  it('draws the trend as small multiples on the same axes, a page at a time, each with its table and its sentence', async () => {
    await page.goto(`${server.baseUrl}${GROUPED}`, { waitUntil: 'networkidle' });
    const api = await gql(`{ cityComparison(cities: { prefecture: "サンプル県" }, scheme: PURPOSE, classCodes: ["民生費"]) {
      rows { municipality { name } trend { fiscalYear { year } } } peerMedians { fiscalYear { year } medianScore } } }`);
    const multiples = page.getByTestId('small-multiple');
    await expect.poll(() => multiples.count()).toBe(12);
    await expect.poll(() => multiples.first().locator('svg').count()).toBeGreaterThan(0);
    const label = (await multiples.first().locator('[role="img"]').getAttribute('aria-label')) ?? '';
    expect(label).toContain(api.cityComparison.rows[0].municipality.name);
    expect(label).toContain('比較対象の中央値');
    // Two lines: the city and the peers' median (dashed).
    expect(await multiples.first().locator('.apexcharts-line-series path.apexcharts-line').count()).toBe(2);
    await page.screenshot({ path: `${SHOTS}/small-multiples-ja.png`, fullPage: true });
    // One chart's table: every year on the common axis, the median beside the city.
    const years = new Set([...api.cityComparison.rows.flatMap((r: any) => r.trend.map((p: any) => p.fiscalYear.year)), ...api.cityComparison.peerMedians.map((m: any) => m.fiscalYear.year)]);
    await multiples.first().getByLabel('表', { exact: true }).check();
    await expect.poll(() => multiples.first().locator('tbody tr').count()).toBe(years.size);
    expect(await multiples.first().locator('thead').textContent()).toContain('比較対象の中央値');
    // Next page: the 13th city.
    await page.getByTestId('small-multiples-next').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('cpage')).toBe('2');
    await expect.poll(() => multiples.first().textContent()).toContain(api.cityComparison.rows[12].municipality.name);
    // A small multiple's city opens its own view of the class.
    const href = (await multiples.first().getByRole('link').first().getAttribute('href')) ?? '';
    expect(decodeURIComponent(href)).toContain('cclass=民生費');
  });

  it('the executive clicks a lagging city and lands on its own view of 民生費, filter shown and removable', async () => {
    await page.goto(`${server.baseUrl}${GROUPED}`, { waitUntil: 'networkidle' });
    const api = await gql(`{ cityComparison(cities: { prefecture: "サンプル県" }, scheme: PURPOSE, classCodes: ["民生費"]) {
      rows { municipality { code name } fiscalYear { year } belowPeerMedianSince { label } } } }`);
    const lagging = api.cityComparison.rows.find((r: any) => r.belowPeerMedianSince);
    expect(lagging).toBeDefined();
    // Which of its nodes are in 民生費 (own or inherited), and one that is not, from the API.
    const nodes = await gql(`{ policyNodes(filter: { municipalityCodes: ["${lagging.municipality.code}"] }, first: 500) { nodes { id name parent { id } } }
      policyNodesInClass(municipalityCode: "${lagging.municipality.code}", scheme: PURPOSE, classCode: "民生費") { id policyNodeIds } }`);
    const all: any[] = nodes.policyNodes.nodes;
    const ids = new Set<string>(nodes.policyNodesInClass.policyNodeIds);
    expect(ids.size).toBeGreaterThan(0);
    const inClass = (n: any) => ids.has(n.id);
    const unique = (n: any) => all.filter((o) => o.name === n.name).length === 1;
    // A node stays in the filtered tree when it or a descendant is in the class.
    const kept = new Set<string>();
    for (const n of all.filter(inClass)) for (let k: any = n; k && !kept.has(k.id); k = all.find((o) => o.id === k.parent?.id)) kept.add(k.id);
    const shown = all.find((n) => inClass(n) && unique(n));
    const hidden = all.find((n) => !kept.has(n.id) && unique(n));
    expect(shown && hidden).toBeTruthy();

    const link = page.locator('table').first().getByRole('link', { name: `${lagging.municipality.name}（生成データ）`, exact: true });
    await link.click();
    await page.waitForURL(/\/policy\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('city')).toBe(lagging.municipality.code);
    expect(url.searchParams.get('fy')).toBe(String(lagging.fiscalYear.year));
    expect(url.searchParams.get('cscheme')).toBe('PURPOSE');
    expect(url.searchParams.get('cclass')).toBe('民生費');
    const chip = page.getByTestId('class-filter');
    await expect.poll(() => chip.textContent()).toContain(`目的別歳出「民生費」の施策に絞り込み中（${ids.size}項目）`);
    const tree = page.locator('[data-panel="tree"]');
    await expect.poll(() => tree.innerText()).toContain(shown.name);
    expect(await tree.innerText()).not.toContain(hidden.name);
    await page.screenshot({ path: `${SHOTS}/click-through-ja.png`, fullPage: true });
    // Removed: the whole tree again.
    await chip.getByRole('button', { name: '分類の絞り込みを解除' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('cclass')).toBeNull();
    await page.getByRole('button', { name: 'すべて展開' }).click();
    await expect.poll(() => tree.innerText()).toContain(hidden.name);
    expect(problems).toEqual([]);
  });

  it('a heatmap cell opens that city’s view of that class, from the chart and from its table', async () => {
    await page.goto(`${server.baseUrl}/cities?cpref=${encodeURIComponent('サンプル県')}&cscheme=PURPOSE`, { waitUntil: 'networkidle' });
    const heat = page.locator('section, .panel').filter({ hasText: '自治体 × 分類の換算点' }).last();
    const cells = heat.locator('svg rect.apexcharts-heatmap-rect');
    await expect.poll(() => cells.count()).toBeGreaterThan(0);
    await cells.first().click();
    await page.waitForURL(/\/policy\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('city')).toMatch(/^99\d{4}$/);
    expect(url.searchParams.get('cscheme')).toBe('PURPOSE');
    expect(url.searchParams.get('cclass')).toBeTruthy();
    await expect.poll(() => page.getByTestId('class-filter').count(), { timeout: 20_000 }).toBe(1);
    await page.screenshot({ path: `${SHOTS}/heatmap-click-ja.png`, fullPage: true });
    await page.goBack({ waitUntil: 'networkidle' });
    await heat.getByLabel('表', { exact: true }).check();
    const href = (await heat.locator('tbody tr').first().locator('td a').first().getAttribute('href')) ?? '';
    expect(new URLSearchParams(href.split('?')[1]).get('cclass')).toBeTruthy();
  });

  it('reads in English', async () => {
    await page.goto(`${server.baseUrl}/cities?cpref=${encodeURIComponent('サンプル県')}&cscheme=PURPOSE&cclass=${encodeURIComponent('民生費')}`, { waitUntil: 'networkidle' });
    await page.getByLabel('言語').selectOption('en');
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path: `${SHOTS}/ranking-en.png`, fullPage: true });
    await expect.poll(() => page.getByRole('heading', { name: 'Compare cities' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('Ranking in Welfare (including child welfare)').count()).toBeGreaterThan(0);
    // The groups and the small multiples in English too.
    await page.goto(`${server.baseUrl}${GROUPED}&cgroupby=CATEGORY,POPULATION_BAND`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.getByText('Welfare (including child welfare): score by group of cities').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-panel="city-groups"] .summary').first().textContent()).toMatch(/the lowest is (Other city|Core city) · /);
    await expect.poll(() => page.getByTestId('small-multiple').count()).toBe(12);
    await page.screenshot({ path: `${SHOTS}/groups-en.png`, fullPage: true });
    // The policy view's class filter in English.
    await page.goto(`${server.baseUrl}/policy?city=990001&cscheme=PURPOSE&cclass=${encodeURIComponent('民生費')}`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.getByTestId('class-filter').textContent()).toMatch(/Showing the \d+ nodes in/);
    await page.screenshot({ path: `${SHOTS}/click-through-en.png`, fullPage: true });
  });
});
