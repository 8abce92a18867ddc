/**
 * The built dashboard, served by the real server with the bundled data, in Chromium: every
 * view opens without errors or CSP violations and passes axe (no serious/critical
 * violations); numbers match the API and the source documents; a drill-down reaches an
 * indicator's source line; a shared URL restores the same view. Screenshots of every view go
 * to tests/screenshots/ (gitignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { queryServer, startServer, type RunningServer } from './support/server.js';
import { panelTable, settle } from './support/page.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = resolve(ROOT, 'tests/screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const ISESAKI = '102041';
const AYASE = '142182';
const SAMPLE = '990001';

interface SeedEvaluation {
  subject: { policyNode?: string; indicator?: string };
  fiscalYear: number;
  stage: string;
  scale: string;
  level: string | null;
}
interface SeedIndicator {
  key: string;
  name: string;
  values: { fiscalYear: number; kind: string; text: string; provenance: { document: string; line: number } }[];
}
interface Seed {
  documents: { key: string; title: string }[];
  evaluations: SeedEvaluation[];
  indicators: SeedIndicator[];
  policyNodes: { key: string; code?: string; depth: number; name: string }[];
}
const isesaki = JSON.parse(readFileSync(resolve(ROOT, 'data/seeds/isesaki-004.json'), 'utf8')) as Seed;

/** 伊勢崎 FY2022 overall ratings (施策の目標) per 基本政策 (the first code segment), from the document. */
function expectedGoalPerArea(): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const e of isesaki.evaluations) {
    if (e.scale !== 'isesaki-goal' || e.fiscalYear !== 2022 || e.stage !== 'self' || !e.level || !e.subject.policyNode) continue;
    const area = e.subject.policyNode.split('-')[0]!;
    const row = out.get(area) ?? {};
    row[e.level] = (row[e.level] ?? 0) + 1;
    out.set(area, row);
  }
  return out;
}

describe.skipIf(!browserTestsEnabled())('dashboard views (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;

  const gql = <T>(query: string, variables: Record<string, unknown> = {}) => queryServer<T>(server, query, variables);

  interface Opened {
    page: Page;
    /** Page errors, console errors and CSP violations. */
    problems: string[];
    foreign: string[];
  }
  async function open(path: string, page?: Page): Promise<Opened> {
    const p = page ?? (await context.newPage());
    const problems: string[] = [];
    const foreign: string[] = [];
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      // Failed GraphQL requests surface in panels (checked separately), not as page errors.
      if (m.type() === 'error' && !/status of 400|status of 500/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    p.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith(server.baseUrl) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
    });
    await p.goto(`${server.baseUrl}${path}`, { waitUntil: 'networkidle' });
    await settle(p);
    return { page: p, problems, foreign };
  }
  /** axe-core in the page (the strict CSP forbids inline scripts, so it runs through the DevTools protocol). */
  async function axeViolations(p: Page): Promise<string[]> {
    await p.evaluate(AXE_SOURCE);
    const result = (await p.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))
    `)) as { id: string; impact: string; help: string; targets: string[] }[];
    return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
  }
  async function panelState(p: Page, panel: string): Promise<string | null> {
    return p.getAttribute(`[data-panel="${panel}"]`, 'data-state');
  }
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // DASHBOARD_TEST_URL runs against an already running server (for debugging a view).
    const external = process.env.DASHBOARD_TEST_URL;
    server = external
      ? ({ baseUrl: external, stop: async () => {} } as unknown as RunningServer)
      : await startServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP', acceptDownloads: true });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shell: product name, pickers with era labels, skip link and landmarks, generated badge', async () => {
    const { page, problems, foreign } = await open(`/?city=${ISESAKI}&fy=2022`);
    expect(await page.textContent('.app-header')).toContain('総合計画 進行管理ダッシュボード');
    expect(await page.locator('main#main').count()).toBe(1);
    expect(await page.locator('nav[aria-label]').count()).toBeGreaterThan(0);
    // The year picker labels years with their era: 令和4年度 (2022), 令和元年度 for 2019.
    const fyLabel = await page.locator('#f-fy option:checked').textContent();
    expect(fyLabel?.trim()).toBe('令和4年度 (2022)');
    // Municipalities come from the API.
    const api = await gql<{ municipalities: { code: string; name: string; generated: boolean }[] }>('{ municipalities { code name generated } }');
    const options = await page.locator('#f-city option').evaluateAll((o) => o.map((x) => x.getAttribute('value')));
    expect(options).toEqual(api.municipalities.map((m) => m.code));
    // The skip link is the first focusable element and moves to main.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.className')).toBe('skip-link');
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();

    // Generated data is always marked: on the city and on every chart panel.
    const gen = await open(`/?city=${SAMPLE}`);
    expect(api.municipalities.find((m) => m.code === SAMPLE)?.generated).toBe(true);
    expect(await gen.page.locator('[data-testid="city-generated"]').textContent()).toContain('生成データ');
    const panels = gen.page.locator('[data-panel="distribution"]');
    expect(await panels.count()).toBeGreaterThan(0);
    for (const panel of await panels.all()) expect(await panel.locator('.badge-generated').count()).toBeGreaterThan(0);
    // The default year is filled in (the latest year with evaluations).
    expect(new URL(gen.page.url()).searchParams.get('fy')).toMatch(/^\d{4}$/);
    // Era labels across 平成 and 令和, with 元年 for the first year of an era.
    const years = await gen.page.locator('#f-fy option').allTextContents();
    expect(years).toContain('令和元年度 (2019)');
    expect(years).toContain('平成30年度 (2018)');
    await gen.page.close();
  });

  it('overview: 伊勢崎市 FY2022 overall ratings per 基本政策 match the document and the API', async () => {
    const { page, problems } = await open(`/?city=${ISESAKI}&fy=2022`);
    expect(problems).toEqual([]);
    const expected = expectedGoalPerArea();
    const rows = await panelTable(page, '[data-panel="lagging-areas"]');
    const header = await page.locator('[data-panel="lagging-areas"] table thead th').allTextContents();
    expect(header.slice(1, 5)).toEqual(['A', 'B', 'C', 'D']);
    const seen = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const code = r[0]!.split(/\s/)[0]!;
      seen.set(code, { A: Number(r[1]), B: Number(r[2]), C: Number(r[3]), D: Number(r[4]) });
      const e = expected.get(code) ?? {};
      const rated = Object.values(e).reduce((s, n) => s + n, 0);
      expect({ code, lagging: Number(r[5]), rated: Number(r[6]) }).toEqual({ code, lagging: (e.C ?? 0) + (e.D ?? 0), rated });
    }
    for (const [code, counts] of expected) expect(seen.get(code), `基本政策 ${code}`).toEqual({ A: 0, B: 0, C: 0, D: 0, ...counts });

    // The whole-city distribution of the same scale, against the API.
    const api = await gql<{ ratingDistribution: { groups: { rated: number; counts: { level: { code: string }; count: number }[] }[] } }>(
      `query($f: EvaluationFilter!) { ratingDistribution(filter: $f, groupBy: [SCALE]) { groups { rated counts { level { code } count } } } }`,
      { f: { municipalityCodes: [ISESAKI], fiscalYears: { in: [2022] }, stages: ['SELF'], scaleKeys: ['isesaki-goal'] } },
    );
    const dist = await panelTable(page, '[data-panel="distribution"][data-scale="isesaki-goal"]');
    for (const c of api.ratingDistribution.groups[0]!.counts) {
      const row = dist.find((r) => r[1]!.startsWith(`${c.level.code} `));
      expect(Number(row?.[2]), `level ${c.level.code}`).toBe(c.count);
    }
    // Every chart has a one-sentence summary.
    for (const s of await page.locator('[data-panel] .summary').allTextContents()) expect(s.length).toBeGreaterThan(5);
    await page.close();
  });

  it('drill-down: overview → list behind a number → policy node → indicator → its source line', async () => {
    const { page, problems } = await open(`/?city=${ISESAKI}&fy=2022`);
    await panelTable(page, '[data-panel="lagging-areas"]');
    // The C count of 基本政策 2 opens the list of those evaluations.
    const row = page.locator('[data-panel="lagging-areas"] table tbody tr', { hasText: '市民と産業を支える力強いまちをつくる' });
    const cLink = row.locator('td').nth(2).locator('a');
    const cCount = Number(await cLink.textContent());
    await cLink.click();
    await page.waitForURL(/\/evaluations\?/);
    await settle(page);
    const url = new URL(page.url());
    expect(url.searchParams.get('levels')).toBe('C');
    const listRows = page.locator('[data-panel="evaluation-list"] tbody tr');
    expect(await listRows.count()).toBe(cCount);
    for (const chip of await listRows.locator('.level-chip').allTextContents()) expect(chip.startsWith('C')).toBe(true);
    // Open the first measure (施策) and then its first indicator.
    await listRows.first().locator('th a').click();
    await page.waitForURL(/\/policy\/\d+/);
    await settle(page);
    expect(await page.locator('[data-panel="node"] [data-testid="evaluation"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-panel="node"] [data-testid="provenance"]').first().textContent()).toMatch(/第2次伊勢崎市総合計画の成果・課題一覧.*\d+行目/);
    const indicatorLink = page.locator('[data-panel="node"] table tbody tr th a').first();
    const indicatorName = (await indicatorLink.textContent())!.trim();
    await indicatorLink.click();
    await page.waitForURL(/\/indicators\/\d+/);
    await settle(page);
    expect(await page.locator('h1').textContent()).toContain(indicatorName);
    // Every printed value shows its text and the document line it came from, as in the seed.
    const seedIndicator = isesaki.indicators.find((i) => i.name === indicatorName)!;
    expect(seedIndicator).toBeDefined();
    const valueRows = await page.locator('[data-testid="indicator-value"]').evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())),
    );
    expect(valueRows).toHaveLength(seedIndicator.values.length);
    for (const v of seedIndicator.values) {
      const match = valueRows.find((r) => r[2] === v.text && r[5]!.includes(`${v.provenance.line}行目`));
      expect(match, `${v.kind} ${v.fiscalYear} ${v.text} (line ${v.provenance.line})`).toBeDefined();
    }
    expect(await page.locator('[data-panel="trend"] .apexcharts-canvas').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a shared URL restores the same view, and back/forward move between filters', async () => {
    const path = `/compare?city=${AYASE}&fy=2023&cmode=stages&s1=self&s2=secondary&cell=B%3EC`;
    const a = await open(path);
    const first = await a.page.locator('[data-panel="transitions"]').innerText();
    const b = await open(path);
    expect(await b.page.locator('[data-panel="transitions"]').innerText()).toBe(first);
    expect(await b.page.locator('#cmp-mode').inputValue()).toBe('stages');
    expect(await b.page.locator('[data-testid="cell-subjects"] li').count()).toBeGreaterThan(0);
    // The matrix agrees with the API.
    const api = await gql<{ transitions: { cells: { from: { code: string } | null; to: { code: string } | null; count: number }[] } }>(
      `{ transitions(filter: { municipalityCodes: ["${AYASE}"] }, from: { fiscalYear: 2023, stage: SELF }, to: { fiscalYear: 2023, stage: SECONDARY }) { cells { from { code } to { code } count } } }`,
    );
    const bc = api.transitions.cells.find((c) => c.from?.code === 'B' && c.to?.code === 'C')?.count ?? 0;
    expect(await b.page.locator('[data-testid="cell-subjects"] li').count()).toBe(bc);
    // Every subject links to its own page (綾瀬's strategic projects rate policy nodes).
    const hrefs = await b.page.locator('[data-testid="cell-subjects"] li a').evaluateAll((as) => as.map((x) => x.getAttribute('href') ?? ''));
    expect(hrefs).toHaveLength(bc);
    for (const h of hrefs) expect(h).toMatch(/^\/(policy|indicators)\/\d+/);
    await a.page.close();
    await b.page.close();

    // Changing a filter pushes history; back restores it.
    const { page } = await open(`/departments?city=${SAMPLE}&stage=secondary`);
    expect(await page.locator('#f-stage').inputValue()).toBe('SECONDARY');
    await page.selectOption('#dep-mode', 'levels');
    await page.waitForURL(/mode=levels/);
    await settle(page);
    await page.selectOption('#f-stage', 'SELF');
    await page.waitForURL((u) => !u.searchParams.has('stage'));
    await page.goBack();
    await page.waitForURL(/stage=secondary/);
    expect(await page.locator('#f-stage').inputValue()).toBe('SECONDARY');
    expect(await page.locator('#dep-mode').inputValue()).toBe('levels');
    await page.goForward();
    await page.waitForURL((u) => !u.searchParams.has('stage'));
    expect(await page.locator('#f-stage').inputValue()).toBe('SELF');
    await page.close();
  });

  /** Filter controls: what the URL holds and what the overview request sends after a change. */
  const FILTER_CASES: [control: string, pick: (page: Page) => Promise<void>, param: string, expected: (v: Record<string, unknown>) => unknown][] = [
    ['stage', (p) => p.selectOption('#f-stage', 'SECONDARY').then(() => undefined), 'stage=secondary', (v) => (v.current as { stages: string[] }).stages],
    ['fiscal year', (p) => p.selectOption('#f-fy', '2024').then(() => undefined), 'fy=2024', (v) => v.fiscalYear],
    ['department', (p) => p.selectOption('#f-dept', { index: 1 }).then(() => undefined), 'dept=', (v) => (v.current as { departmentIds?: string[] }).departmentIds?.length],
    ['policy area', (p) => p.selectOption('#f-area', { index: 1 }).then(() => undefined), 'area=', (v) => (v.current as { policyNodeIds?: string[] }).policyNodeIds?.length],
    ['sub-departments', (p) => p.locator('#f-dept ~ .check input').uncheck(), 'sub=0', (v) => (v.current as { includeSubDepartments?: boolean }).includeSubDepartments],
  ];
  const FILTER_EXPECTED: Record<string, unknown> = { stage: ['SECONDARY'], 'fiscal year': 2024, department: 1, 'policy area': 1, 'sub-departments': undefined };

  it.each(FILTER_CASES)('filter %s: goes into the URL and into the request', async (control, pick, param, expected) => {
    const { page } = await open(`/?city=${ISESAKI}&fy=2022`);
    const sent: Record<string, unknown>[] = [];
    page.on('request', (r) => {
      const body = r.postData();
      if (r.url().endsWith('/graphql') && body?.includes('GetOverview')) sent.push((JSON.parse(body) as { variables: Record<string, unknown> }).variables);
    });
    await pick(page);
    await page.waitForURL((u) => u.search.includes(param));
    await settle(page);
    if (control === 'sub-departments') {
      // Only meaningful with a department chosen: the flag is in the URL and sent once one is.
      await page.selectOption('#f-dept', { index: 1 });
      await page.waitForURL(/dept=/);
      await settle(page);
      expect((sent.at(-1)!.current as { includeSubDepartments?: boolean }).includeSubDepartments).toBe(false);
    } else {
      expect(sent.length).toBeGreaterThan(0);
      expect(expected(sent.at(-1)!)).toEqual(FILTER_EXPECTED[control]);
    }
    await page.close();
  });

  it('the policy tree works with the keyboard (aria tree roles)', async () => {
    const { page } = await open(`/policy?city=${ISESAKI}&fy=2022`);
    const tree = page.locator('[role="tree"]');
    expect(await tree.locator(':scope > [role="treeitem"]').count()).toBe(isesaki.policyNodes.filter((n) => n.depth === 1).length);
    await tree.locator('[role="treeitem"][tabindex="0"]').focus();
    await page.keyboard.press('ArrowRight');
    expect(await tree.locator(':scope > [role="treeitem"]').first().getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(`document.activeElement?.getAttribute('aria-level')`)).toBe('2');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/policy\/\d+/);
    await settle(page);
    expect(await panelState(page, 'node')).toBe('ready');
    await page.keyboard.press('ArrowLeft');
    expect(await page.evaluate(`document.activeElement?.getAttribute('aria-level')`)).toBe('1');
    await page.close();
  });

  it('exports: CSV is UTF-8 with a BOM; charts save as PNG and SVG', async () => {
    const { page } = await open(`/?city=${ISESAKI}&fy=2022`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-panel="lagging-areas"] button', { hasText: 'CSV' }).click()]);
    const path = await download.path();
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('市民と産業を支える力強いまちをつくる');
    // Charts export PNG and SVG under the strict CSP (no fetch of data: URIs).
    const chartPanel = page.locator('[data-panel="distribution"][data-scale="isesaki-goal"]');
    const [png] = await Promise.all([page.waitForEvent('download'), chartPanel.locator('button', { hasText: 'PNG' }).click()]);
    expect([...readFileSync(await png.path()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const [svg] = await Promise.all([page.waitForEvent('download'), chartPanel.locator('button', { hasText: 'SVG' }).click()]);
    expect(readFileSync(await svg.path(), 'utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    await page.close();
  });

  it('switches the interface to English', async () => {
    const { page } = await open(`/?city=${ISESAKI}&fy=2022`);
    await page.selectOption('.lang select', 'en');
    await expect.poll(() => page.locator('.app-header').textContent()).toContain('Comprehensive Plan Progress Dashboard');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('#f-fy option:checked').textContent()).toContain('FY2022 (Reiwa 4)');
    await page.selectOption('.lang select', 'ja');
    await page.close();
  });

  const VIEWS: [name: string, path: () => Promise<string>, panel: string][] = [
    ['overview', async () => `/?city=${ISESAKI}&fy=2022`, 'distribution'],
    ['overview-generated', async () => `/?city=${SAMPLE}&fy=2023`, 'movers'],
    ['policy', async () => `/policy?city=${ISESAKI}&fy=2022`, 'tree'],
    [
      'policy-node',
      async () => {
        const d = await gql<{ policyNodes: { nodes: { id: string }[] } }>(
          `{ policyNodes(filter: { municipalityCodes: ["${ISESAKI}"], depths: [3] }, first: 1) { nodes { id } } }`,
        );
        return `/policy/${d.policyNodes.nodes[0]!.id}?city=${ISESAKI}&fy=2022`;
      },
      'node',
    ],
    ['indicators', async () => `/indicators?city=${SAMPLE}&fy=2023`, 'indicator-list'],
    [
      'indicators-compare',
      async () => {
        const d = await gql<{ indicators: { nodes: { id: string }[] } }>(`{ indicators(filter: { municipalityCodes: ["${SAMPLE}"] }, first: 3) { nodes { id } } }`);
        return `/indicators?city=${SAMPLE}&fy=2023&cmp=${d.indicators.nodes.map((n) => n.id).join(',')}`;
      },
      'compare-indicators',
    ],
    [
      'indicator',
      async () => {
        const d = await gql<{ indicators: { nodes: { id: string }[] } }>(`{ indicators(filter: { municipalityCodes: ["${SAMPLE}"] }, first: 1) { nodes { id } } }`);
        return `/indicators/${d.indicators.nodes[0]!.id}?city=${SAMPLE}&fy=2023`;
      },
      'trend',
    ],
    ['departments', async () => `/departments?city=${SAMPLE}`, 'heatmap'],
    [
      'department',
      async () => {
        const d = await gql<{ departments: { id: string; name: string }[] }>(`{ departments(municipalityCode: "${ISESAKI}") { id name } }`);
        return `/departments/${d.departments[0]!.id}?city=${ISESAKI}&fy=2022`;
      },
      'department',
    ],
    ['compare', async () => `/compare?city=${AYASE}&fy=2023&cmode=stages`, 'transitions'],
    ['compare-years', async () => `/compare?city=${SAMPLE}&fy=2023`, 'transitions'],
    ['evaluations', async () => `/evaluations?city=${ISESAKI}&fy=2022&scale=isesaki-goal&levels=C,D`, 'evaluation-list'],
  ];

  it.each(VIEWS)('%s: renders its panels, has no serious/critical axe violations, screenshot', async (name, path, panel) => {
    const { page, problems, foreign } = await open(await path());
    expect(await panelState(page, panel), `${name}: panel ${panel}`).toBe('ready');
    // No panel of a view with data fails.
    const failed = await page.locator('[data-state="error"]').evaluateAll((els) => els.map((e) => (e.textContent ?? '').slice(0, 300)));
    expect(failed).toEqual([]);
    await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('a slow panel says it is still loading after about a second', async () => {
    const page = await context.newPage();
    await page.route('**/graphql', async (route) => {
      if ((route.request().postData() ?? '').includes('GetOverview')) await new Promise((r) => setTimeout(r, 2500));
      await route.continue();
    });
    await page.goto(`${server.baseUrl}/?city=${ISESAKI}&fy=2022`);
    const panel = page.locator('[data-panel="distribution"]');
    await panel.locator('[role="status"]').waitFor();
    expect(await panel.getAttribute('data-state')).toBe('loading');
    expect(await panel.textContent()).not.toContain('まだ読み込んでいます');
    await expect.poll(() => panel.textContent(), { timeout: 2000 }).toContain('まだ読み込んでいます');
    await settle(page);
    expect(await page.locator('[data-panel="distribution"]').first().getAttribute('data-state')).toBe('ready');
    await page.close();
  });

  it('a panel whose request fails shows the error state, and the rest of the page stays', async () => {
    const page = await context.newPage();
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (body.includes('GetOverview')) await route.fulfill({ status: 500, contentType: 'application/json', body: '{"errors":[{"message":"boom"}]}' });
      else await route.continue();
    });
    const { page: p } = await open(`/?city=${ISESAKI}&fy=2022`, page);
    expect(await p.locator('[data-panel="distribution"]').getAttribute('data-state')).toBe('error');
    expect(await p.locator('[data-panel="distribution"]').textContent()).toContain('boom');
    expect(await p.locator('.app-header').textContent()).toContain('総合計画');
    expect(await p.locator('#f-city option').count()).toBeGreaterThan(1);
    await page.close();
  });
});
