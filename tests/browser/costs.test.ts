/**
 * Money and results on screen (issue 22), in Chromium: the cost view, the project page and the
 * overview's money line show the API's numbers (each checked against a GraphQL answer from the
 * same server), the quadrant puts each node where its cost and rating say (medians by default,
 * then user-set lines from the URL), unknown reads 不明, and the Japanese screens carry no English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, queryServer, type RunningServer } from './support/server.js';
import { pageTexts, panelTable, settle } from './support/page.js';
import { foreignWordsInContext } from '../support/japanese-text.js';

const SAMPLE = '990001';
const TOKOROZAWA = '112089';
const YEAR = 2022;
const yen = (v: number) => Math.round(v).toLocaleString('ja-JP');

describe.skipIf(!browserTestsEnabled())('cost and results (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  /** The roll-up as the view asks it (the URL's default stage: 一次評価). */
  const rollup = async (code: string, year: number, groupBy: string, depth = 1, nodeId?: string) =>
    (
      await queryServer<{ costRollup: any[] }>(
        server,
        `query($m: String!, $y: Int!, $g: CostGrouping!, $d: Int!, $n: ID) { costRollup(municipalityCode: $m, fiscalYear: $y, groupBy: $g, depth: $d, nodeId: $n, stage: SELF) { key name code projects totalCost totalCostProjects settled settledProjects executionRate changeRate rating { code normalizedScore } achievement } }`,
        { m: code, y: year, g: groupBy, d: depth, n: nodeId ?? null },
      )
    ).costRollup;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });
  async function go(path: string) {
    await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'networkidle' });
    await settle(page);
  }

  it('the cost by area shows each area’s トータルコスト from the API, with its execution rate and change', async () => {
    await go(`/costs?city=${SAMPLE}&fy=${YEAR}`);
    const api = await rollup(SAMPLE, YEAR, 'NODE');
    const rows = await panelTable(page, '[data-panel="cost-by-area"]');
    expect(rows).toHaveLength(api.length);
    api.forEach((g, i) => {
      expect(rows[i]![0]).toBe([g.code, g.name].filter(Boolean).join(' '));
      expect(rows[i]![1]).toBe(yen(g.totalCost));
      expect(rows[i]![2]).toBe('トータルコスト');
      expect(rows[i]![3]).toBe(`${g.totalCostProjects}/${g.projects}`);
      expect(rows[i]![4]).toBe(`${(Math.round(g.executionRate * 1000) / 10).toLocaleString('ja-JP')}%`);
    });
    const total = api.reduce((s, g) => s + g.totalCost, 0);
    expect(await page.locator('[data-panel="cost-by-area"] .summary').textContent()).toContain(`${yen(total)}千円`);
    expect(problems).toEqual([]);
  });

  it('the quadrant splits the measures at the medians of the API’s costs and ratings, and at lines the user sets', async () => {
    await go(`/costs?city=${SAMPLE}&fy=${YEAR}&level=3`);
    const api = (await rollup(SAMPLE, YEAR, 'NODE', 3)).filter((g) => g.key && g.rating && g.totalCost !== null);
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    };
    const expected = (costLine: number, resultLine: number) => {
      const count = { highResultLowCost: 0, highResultHighCost: 0, lowResultLowCost: 0, lowResultHighCost: 0 } as Record<string, number>;
      for (const g of api) {
        const hr = g.rating.normalizedScore >= resultLine;
        const hc = g.totalCost >= costLine;
        count[hr ? (hc ? 'highResultHighCost' : 'highResultLowCost') : hc ? 'lowResultHighCost' : 'lowResultLowCost']!++;
      }
      return count;
    };
    const shown = async () => {
      const out: Record<string, number> = {};
      for (const q of ['highResultLowCost', 'highResultHighCost', 'lowResultLowCost', 'lowResultHighCost'])
        out[q] = await page.locator(`[data-panel="cost-quadrant"] [data-quadrant="${q}"] [data-testid="quadrant-item"]`).count();
      return out;
    };
    const costMedian = median(api.map((g) => g.totalCost));
    const resultMedian = median(api.map((g) => g.rating.normalizedScore));
    expect(await shown()).toEqual(expected(costMedian, resultMedian));
    expect(await page.locator('[data-panel="cost-quadrant"] .summary').textContent()).toContain(`コスト ${yen(costMedian)}千円（中央値）`);
    // A line the user sets goes into the URL and moves the points.
    await page.fill('[data-testid="cost-line"]', '200000');
    await page.press('[data-testid="cost-line"]', 'Enter');
    await page.waitForURL(/cline=200000/);
    await settle(page);
    expect(await shown()).toEqual(expected(200000, resultMedian));
    expect(await page.locator('[data-panel="cost-quadrant"] .summary').textContent()).toContain('コスト 200,000千円、');
  });

  it('executives switch the quadrant to achievement: the URL keeps it, the points split at the medians of the API’s median achievements', async () => {
    await go(`/costs?city=${SAMPLE}&fy=${YEAR}&level=3`);
    await page.selectOption('[data-testid="result-axis"]', 'achievement');
    await page.waitForURL(/result=achievement/);
    await settle(page);
    const api = (await rollup(SAMPLE, YEAR, 'NODE', 3)).filter((g) => g.key && g.achievement !== null && g.totalCost !== null);
    expect(api.length).toBeGreaterThan(10);
    const median = (xs: number[]) => {
      const s2 = [...xs].sort((a, b) => a - b);
      return s2.length % 2 ? s2[(s2.length - 1) / 2]! : (s2[s2.length / 2 - 1]! + s2[s2.length / 2]!) / 2;
    };
    const [costLine, resultLine] = [median(api.map((g) => g.totalCost)), median(api.map((g) => g.achievement))];
    const expected: Record<string, string[]> = { highResultLowCost: [], highResultHighCost: [], lowResultLowCost: [], lowResultHighCost: [] };
    for (const g of api) {
      const hr = g.achievement >= resultLine;
      const hc = g.totalCost >= costLine;
      expected[hr ? (hc ? 'highResultHighCost' : 'highResultLowCost') : hc ? 'lowResultHighCost' : 'lowResultLowCost']!.push([g.code, g.name].join(' '));
    }
    for (const [quad, names] of Object.entries(expected)) {
      const shown = await page.locator(`[data-panel="cost-quadrant"] [data-quadrant="${quad}"] [data-testid="quadrant-item"] a`).allInnerTexts();
      expect(shown.sort(), quad).toEqual(names.sort());
    }
    const summary = await page.locator('[data-panel="cost-quadrant"] .summary').textContent();
    expect(summary).toContain('指標の達成率の中央値');
    expect(summary).toContain(`成果 ${resultLine.toLocaleString('ja-JP', { maximumFractionDigits: 1 })}%（中央値）`);
    // Reloading the URL keeps the choice.
    await go(new URL(page.url()).pathname + new URL(page.url()).search);
    expect(await page.locator('[data-testid="result-axis"]').inputValue()).toBe('achievement');
    expect(foreignWordsInContext(await pageTexts(page))).toEqual([]);
  });

  it('staff read the cost by 目的別歳出 class: each class’s トータルコスト as the API rolls it up with shares', async () => {
    await go(`/costs?city=${SAMPLE}&fy=${YEAR}`);
    const api = await rollup(SAMPLE, YEAR, 'PURPOSE');
    const rows = await panelTable(page, '[data-panel="cost-by-purpose"]');
    expect(rows.map((r) => [r[0], r[1], r[3]])).toEqual(api.map((g) => [g.key ? g.name : '未分類', yen(g.totalCost), `${g.totalCostProjects}/${g.projects}`]));
    const total = api.reduce((s2, g) => s2 + g.totalCost, 0);
    expect(await page.locator('[data-panel="cost-by-purpose"] .summary').textContent()).toContain(`${yen(total)}千円`);
  });

  it('the money by direction and the projects of an area match the API; a project opens its page', async () => {
    const areas = await rollup(SAMPLE, YEAR, 'NODE');
    const area = areas[1]!;
    await go(`/costs?city=${SAMPLE}&fy=${YEAR}&area=${area.key}`);
    const dirs = await rollup(SAMPLE, YEAR, 'DIRECTION', 1, area.key);
    const rows = await panelTable(page, '[data-panel="cost-by-direction"]');
    const names: Record<string, string> = { expand: '拡充', maintain: '現状維持', improve: '改善', reduce: '縮小', integrate: '統合', abolish: '廃止', complete: '完了' };
    expect(new Map(rows.map((r) => [r[0], r[1]]))).toEqual(new Map(dirs.map((g) => [names[g.key]!, yen(g.totalCost)])));
    const projects = (
      await queryServer<any>(server, `query($f: ProjectFilter!, $y: Int!) { projects(filter: $f, first: 100) { nodes { id name figure(fiscalYear: $y) { cost executionRate } } } }`, {
        f: { municipalityCodes: [SAMPLE], policyNodeIds: [area.key] },
        y: YEAR,
      })
    ).projects.nodes;
    const list = await panelTable(page, '[data-panel="cost-projects"]');
    expect(list.map((r) => [r[0], r[3]])).toEqual(projects.map((p: any) => [p.name, yen(p.figure.cost)]));
    await page.locator('[data-panel="cost-projects"] a').first().click();
    await page.waitForURL(/\/projects\//);
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe(projects[0].name);
  });

  it('the project page shows its costs by kind and source and its figures as the API computes them', async () => {
    const p = (
      await queryServer<any>(server, `query($f: ProjectFilter!) { projects(filter: $f, first: 1) { nodes { id name costs { fiscalYear { year } businessCost personnelCost totalCost validity effectiveness efficiency funding { general total } } figures { fiscalYear { year } cost executionRate } } } }`, {
        f: { municipalityCodes: [SAMPLE] },
      })
    ).projects.nodes[0];
    await go(`/projects/${p.id}?city=${SAMPLE}&fy=${YEAR}`);
    const kinds = await panelTable(page, '[data-panel="project-cost-kinds"]');
    expect(kinds.map((r) => [r[1], r[4], r[6]])).toEqual(p.costs.map((c: any) => [yen(c.businessCost), yen(c.personnelCost), yen(c.totalCost)]));
    const funds = await panelTable(page, '[data-panel="project-funding"]');
    expect(funds.map((r) => [r[4], r[5]])).toEqual(p.costs.map((c: any) => [yen(c.funding.general), yen(c.funding.total)]));
    const figures = await panelTable(page, '[data-panel="project-figures"]');
    expect(figures.map((r) => r[4])).toEqual(p.figures.map((f: any) => (f.cost === null ? '不明' : yen(f.cost))));
    const criteria = await panelTable(page, '[data-panel="project-criteria"]');
    expect(criteria.map((r) => r.slice(1, 4))).toEqual(p.costs.map((c: any) => [c.validity, c.effectiveness, c.efficiency]));
    expect(await page.locator('[data-panel="project-criteria"]').textContent()).toContain('妥当性');
    expect(foreignWordsInContext(await pageTexts(page))).toEqual([]);
  });

  it('所沢 prints only 決算額: its cost view says so, unknown トータルコスト is never zero, the quadrant says why it is empty', async () => {
    await go(`/costs?city=${TOKOROZAWA}&fy=2017&level=1`);
    const rows = await panelTable(page, '[data-panel="cost-by-area"]');
    expect(rows).toEqual([[expect.any(String), yen(57715), '決算額', '7/7', '不明', '不明', '100%']]);
    const quadrant = page.locator('[data-panel="cost-quadrant"]');
    expect(await quadrant.getAttribute('data-state')).toBe('empty');
    expect(await quadrant.textContent()).toContain('平成29年度');
    // 行政 words: the quadrant's points are 施策 at a level of the city's tree, never "コストの分かる章".
    expect(await quadrant.textContent()).toMatch(/コストの分かる施策がありません/);
    expect(await page.locator('label', { has: page.getByTestId('cost-level') }).textContent()).toContain('比べる施策の階層');
    // 所沢 prints no 担当課 per project: each is in its policy's lead department, 市民部.
    const projects = await panelTable(page, '[data-panel="cost-projects"]');
    expect(projects).toHaveLength(7);
    expect(projects.map((r) => r[2])).toEqual(Array(7).fill('市民部'));
    expect(foreignWordsInContext(await pageTexts(page))).toEqual([]);
  });

  it('the overview’s money line in a year without costs says so and offers the years that have them (所沢: 平成29年度)', async () => {
    await go(`/?city=${TOKOROZAWA}&fy=2014`);
    const panel = page.locator('[data-panel="money-line"]');
    await page.waitForSelector('[data-panel="money-line"][data-state="empty"]');
    expect(await panel.textContent()).toContain('平成26年度には事業のコストがありません');
    const links = panel.locator('[data-testid="empty-choices"] a');
    // 平成30年度 has a budget only (no 決算額): it has no cost to show.
    expect(await links.allInnerTexts()).toEqual(['平成29年度']);
    await links.first().click();
    await page.waitForURL(/fy=2017/);
    await page.locator('[data-testid="money-line"]').waitFor();
    expect(await page.locator('[data-testid="money-line"]').textContent()).toContain(`${yen(57715)}千円`);
  });

  it('the overview’s money line gives the year’s total and each area’s from the API', async () => {
    await go(`/?city=${SAMPLE}&fy=${YEAR}`);
    const api = await rollup(SAMPLE, YEAR, 'NODE');
    const line = page.locator('[data-testid="money-line"]');
    await line.waitFor();
    expect(await line.textContent()).toContain(`${yen(api.reduce((s, g) => s + g.totalCost, 0))}千円`);
    const areas = await page.locator('[data-testid="money-area"]').allInnerTexts();
    expect(areas.map((a) => a.split('\n')[1] ?? a.split('\t')[1])).toEqual(api.map((g) => `${yen(g.totalCost)}千円`));
  });

  it('the annual report shows each area’s cost and each project’s cost, cost per unit and direction as the API gives them', async () => {
    const report = (
      await queryServer<any>(server, `query($c: String!, $y: Int!) { annualReport(municipalityCode: $c, fiscalYear: $y) { areas { id cost costProjects projectCount } projects { id name cost unitCost direction } } }`, { c: SAMPLE, y: YEAR })
    ).annualReport;
    await page.goto(`${server.baseUrl}/report?municipality=${SAMPLE}&year=${YEAR}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-report-ready]', { timeout: 60_000 });
    const areaLines = await page.locator('[data-testid="report-area-cost"]').allInnerTexts();
    expect(areaLines).toEqual(report.areas.filter((a: any) => a.projectCount).map((a: any) => `令和4年度のコスト：${yen(a.cost)}千円（トータルコスト、${a.costProjects}/${a.projectCount}事業）`));
    const costs = await page.locator('[data-testid="report-project-cost"]').allInnerTexts();
    // The view lists projects under their measures; the API in the plan's order: compare as sets.
    const sorted = (xs: string[]) => [...xs].sort();
    expect(sorted(costs.map((c) => c.replace(/トータルコスト$/, '').trim()))).toEqual(sorted(report.projects.map((p: any) => p.cost.toLocaleString('ja-JP', { maximumFractionDigits: 1 }))));
    const units = await page.locator('[data-testid="report-project-unit-cost"]').allInnerTexts();
    expect(sorted(units.map((u) => u.split('／')[0]!.trim()))).toEqual(sorted(report.projects.map((p: any) => (p.unitCost === null ? '不明' : p.unitCost.toLocaleString('ja-JP', { maximumFractionDigits: 1 })))));
    // The cost by 目的別歳出 class, shares applied, as costRollup gives it; each project's own evaluation.
    const purposes = await rollup(SAMPLE, YEAR, 'PURPOSE');
    const purposeRows = await page.locator('[data-testid="report-purpose-cost"]').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
    expect(purposeRows).toEqual(purposes.map((g) => [g.key ? g.name : '未分類', g.totalCost.toLocaleString('ja-JP', { maximumFractionDigits: 1 }), 'トータルコスト', `${g.totalCostProjects}/${g.projects}`]));
    const criteria = await page.locator('[data-testid="report-project-criteria"]').allInnerTexts();
    expect(criteria.length).toBe(report.projects.length);
    for (const c of criteria) expect(c).toMatch(/^妥当性 [ABC]・有効性 [ABC]・効率性 [ABC]$/);
    expect(foreignWordsInContext(await page.locator('.report-view').innerText())).toEqual([]);
  });

  it('the cost view reads in Japanese without English, and in English when chosen', async () => {
    await go(`/costs?city=${SAMPLE}&fy=${YEAR}`);
    expect(foreignWordsInContext(await pageTexts(page))).toEqual([]);
    await page.selectOption('.lang select', 'en');
    await settle(page);
    expect(await page.locator('h1').textContent()).toBe('Cost and results');
    expect(await page.locator('[data-panel="cost-by-area"] .summary').textContent()).toMatch(/^Cost in FY2022/);
    await page.selectOption('.lang select', 'ja');
    expect(problems).toEqual([]);
  });
});
