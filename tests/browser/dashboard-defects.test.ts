/**
 * The defects a new executive met in the first minutes (issue 18), one test per class, each as
 * the person sees it in Chromium on the bundled data: defaults that land on data, empty panels
 * that say why and offer what would fill them, sentences that are true, no raw codes, layout and
 * charts (scroll height, plot height, whole-number axes, years at their true distances), and
 * the small things (sign-in links, the city picker, the 生成データ badge).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { queryServer, startServer, type RunningServer } from './support/server.js';
import { openPage, settle } from './support/page.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ISESAKI = '102041';
const TOKOROZAWA = '112089';
const KATORI = '122360';
const AYASE = '142182';
const SAMPLE = '990001';

describe.skipIf(!browserTestsEnabled())('issue 18 defects stay fixed (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;

  const gql = <T>(query: string, variables: Record<string, unknown> = {}) => queryServer<T>(server, query, variables);
  const open = async (path: string) => (await openPage(context, server.baseUrl, path)).page;
  const panelText = (page: Page, panel: string) => page.locator(`[data-panel="${panel}"]`).first().innerText();

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  describe('defaults land on data', () => {
    it('compare: 綾瀬 (one year, three stages) opens on two rated stages; サンプル市 on two rated years', async () => {
      const ayase = await open(`/compare?city=${AYASE}`);
      expect(await ayase.locator('#cmp-mode').inputValue()).toBe('stages');
      expect(await ayase.getAttribute('[data-panel="transitions"]', 'data-state')).toBe('ready');
      expect(await ayase.getAttribute('[data-panel="stage-comparison"]', 'data-state')).toBe('ready');
      await ayase.close();
      const sample = await open(`/compare?city=${SAMPLE}`);
      expect(await sample.locator('#cmp-mode').inputValue()).toBe('years');
      const [y1, y2] = [await sample.locator('#cmp-y1').inputValue(), await sample.locator('#cmp-y2').inputValue()];
      expect(Number(y2) - Number(y1)).toBe(1);
      expect(await sample.getAttribute('[data-panel="transitions"]', 'data-state')).toBe('ready');
      await sample.close();
    });

    it('compare: 伊勢崎 (one rated year and stage) says there is nothing to compare, with no blank scale menu', async () => {
      const page = await open(`/compare?city=${ISESAKI}`);
      expect(await page.getAttribute('[data-panel="transitions"]', 'data-state')).toBe('empty');
      expect(await panelText(page, 'transitions')).toContain('伊勢崎市で評価があるのは令和4年度の一次評価（自己評価）だけ');
      expect(await page.locator('#cmp-scale').count()).toBe(0);
      // A year without ratings is marked in the menu.
      expect(await page.locator('#cmp-y1 option:checked').textContent()).toContain('（評価なし）');
      await page.close();
    });

    it('an overview on a year without ratings says so and offers the rated year, which opens with data', async () => {
      const page = await open(`/?city=${ISESAKI}&fy=2024`);
      const panel = page.locator('[data-panel="distribution"]');
      expect(await panel.getAttribute('data-state')).toBe('empty');
      expect(await panel.innerText()).toContain('令和6年度の一次評価（自己評価）の評価はありません');
      await panel.locator('[data-testid="empty-choices"] a', { hasText: '令和4年度' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('fy')).toBe('2022');
      await settle(page);
      expect(await page.locator('[data-panel="distribution"]').first().getAttribute('data-state')).toBe('ready');
      await page.close();
    });

    it('a stage without ratings offers a year and stage that has them', async () => {
      const page = await open(`/?city=${ISESAKI}&fy=2022&stage=secondary`);
      const choices = page.locator('[data-panel="distribution"] [data-testid="empty-choices"] a');
      expect(await choices.allTextContents()).toContain('一次評価（自己評価）');
      await choices.filter({ hasText: '一次評価（自己評価）' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('stage')).toBeNull();
      await settle(page);
      expect(await page.locator('[data-panel="distribution"]').first().getAttribute('data-state')).toBe('ready');
      await page.close();
    });

    it('a department without ratings at the stage says so and offers a stage that has them', async () => {
      const d = await gql<{ departments: { id: string; name: string }[] }>(`{ departments(municipalityCode: "${ISESAKI}") { id name } }`);
      const page = await open(`/departments/${d.departments.find((x) => x.name === '健康づくり課')!.id}?city=${ISESAKI}&fy=2022&stage=secondary`);
      const panel = page.locator('[data-panel="department-ratings"]');
      expect(await panel.getAttribute('data-state')).toBe('empty');
      expect(await panel.innerText()).toContain('この組織の二次評価の評価はありません');
      await panel.locator('[data-testid="empty-choices"] a', { hasText: '一次評価（自己評価）' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('stage')).toBeNull();
      await settle(page);
      expect(await page.locator('[data-panel="department-ratings"]').first().getAttribute('data-state')).toBe('ready');
      await page.close();
    });

    it('every empty panel of every city’s overview says why (never the bare 「データがありません」)', async () => {
      for (const code of [ISESAKI, TOKOROZAWA, KATORI, AYASE, SAMPLE]) {
        const page = await open(`/?city=${code}`);
        const empty = await page.locator('[data-state="empty"] .panel-state').allInnerTexts();
        for (const text of empty) expect(text.trim(), code).not.toBe('データがありません。');
        await page.close();
      }
    });
  });

  describe('the interface says true things', () => {
    it('achievement: 伊勢崎 counts the indicators it can compute (66, as the API and the CSV), the 未測定 apart', async () => {
      const api = await gql<{ achievementBands: { groups: { total: number; measured: number }[] } }>(
        `{ achievementBands(filter: { municipalityCodes: ["${ISESAKI}"] }, fiscalYear: 2022) { groups { total measured } } }`,
      );
      const { total, measured } = api.achievementBands.groups[0]!;
      expect(measured).toBe(66);
      const page = await open(`/?city=${ISESAKI}&fy=2022`);
      const summary = await page.locator('[data-panel="bands"] .summary').innerText();
      expect(summary).toContain(`達成率を計算できる指標は${measured}件`);
      expect(summary).toContain(`未測定の指標が${total - measured}件`);
      await page.close();
    });

    it('achievement: with nothing measured the panel says why instead of 「うち0件が100%以上」', async () => {
      for (const [code, fy] of [[KATORI, 2022], [TOKOROZAWA, 2018]] as const) {
        const page = await open(`/?city=${code}&fy=${fy}`);
        const panel = page.locator('[data-panel="bands"]');
        expect(await panel.getAttribute('data-state'), code).toBe('empty');
        expect(await panel.innerText()).toMatch(/実績値/);
        expect(await page.locator('body').innerText()).not.toContain('うち0件');
        await page.close();
      }
    });

    it('movers: a move to or from 「-」 (not measured) is neither up nor down', async () => {
      const page = await open(`/?city=${SAMPLE}&fy=2024`);
      const chips = await page.locator('[data-panel="movers"] .rank-list .level-chip').allTextContents();
      expect(chips.length).toBeGreaterThan(0);
      expect(chips.filter((c) => c.trim().startsWith('-'))).toEqual([]);
      const api = await gql<{ transitions: { cells: { from: { code: string } | null; to: { code: string } | null; count: number }[] } }>(
        `{ transitions(filter: { municipalityCodes: ["${SAMPLE}"] }, from: { fiscalYear: 2023, stage: SELF }, to: { fiscalYear: 2024, stage: SELF }) { cells { from { code } to { code } count } } }`,
      );
      const unmeasured = api.transitions.cells.filter((c) => c.from && c.to && c.from.code !== c.to.code && (c.from.code === '-' || c.to.code === '-')).reduce((s, c) => s + c.count, 0);
      expect(unmeasured).toBeGreaterThan(0);
      expect(await page.locator('[data-panel="movers"] .summary').first().innerText()).toContain(`未測定（「-」）になった・未測定から測定された対象${unmeasured}件`);
      await page.close();
    });

    it('no 「中（中）」, and （前年度との比較） only where the previous year is there', async () => {
      const isesaki = await open(`/?city=${ISESAKI}&fy=2022`);
      const text = await isesaki.locator('main').innerText();
      expect(text).not.toMatch(/(高|中|低)（\1）/);
      expect(await isesaki.locator('.panel-title').allInnerTexts()).not.toContainEqual(expect.stringContaining('前年度との比較'));
      await isesaki.close();
      const sample = await open(`/?city=${SAMPLE}&fy=2024`);
      const titles = await sample.locator('[data-panel="distribution"] .panel-title').allInnerTexts();
      expect(titles.length).toBeGreaterThan(0);
      for (const t of titles) expect(t).toContain('（前年度との比較）');
      await sample.close();
    });
  });

  describe('no raw codes in the Japanese interface', () => {
    it('the policy tree labels its indicator bands (no 「NOT_MEASURED:10」)', async () => {
      const page = await open(`/policy?city=${ISESAKI}&fy=2022`);
      await page.locator('[data-panel="tree"] button', { hasText: 'すべて展開' }).click();
      const text = await page.locator('[data-panel="tree"]').innerText();
      expect(text).not.toMatch(/NOT_MEASURED|[A-D]:\d/);
      expect(text).toMatch(/指標 [A-D] \d+/);
      expect(text).toContain('未測定');
      await page.close();
    });

    it('an indicator page names the direction in Japanese', async () => {
      const d = await gql<{ indicators: { nodes: { id: string }[] } }>(`{ indicators(filter: { municipalityCodes: ["${TOKOROZAWA}"] }, first: 1) { nodes { id } } }`);
      const page = await open(`/indicators/${d.indicators.nodes[0]!.id}?city=${TOKOROZAWA}`);
      const meta = await page.locator('[data-panel="indicator"] .meta').innerText();
      expect(meta).toMatch(/望ましい方向\s+(高いほどよい|低いほどよい|維持するほどよい|不明)/);
      // A curator's note is labelled as one.
      expect(await page.locator('[data-testid="provenance-note"]').first().innerText()).toMatch(/^備考:/);
      await page.close();
    });
  });

  describe('layout and charts', () => {
    it('the evaluation list scrolls no further than its content, and its year and department stay on one line', async () => {
      const page = await open(`/evaluations?city=${ISESAKI}&fy=2022`);
      const { scroll, bottom } = await page.evaluate(() => ({
        scroll: document.documentElement.scrollHeight,
        bottom: document.querySelector('.app-footer')!.getBoundingClientRect().bottom + window.scrollY,
      }));
      expect(scroll - bottom).toBeLessThanOrEqual(2);
      // Year and department cells of every row: their text's line boxes share one top.
      const tall = await page.locator('[data-panel="evaluation-list"] tbody tr').evaluateAll((rows) =>
        rows.flatMap((r) =>
          [r.querySelectorAll('td')[2]!, r.querySelectorAll('td')[4]!]
            .filter((c) => {
              const range = document.createRange();
              range.selectNodeContents(c);
              return new Set([...range.getClientRects()].map((x) => Math.round(x.top))).size > 1;
            })
            .map((c) => c.textContent),
        ),
      );
      expect(await page.locator('[data-panel="evaluation-list"] tbody tr').count()).toBeGreaterThan(100);
      expect(tall).toEqual([]);
      await page.close();
    });

    it('the department page’s charts keep a plot area of at least 30 px per year, however long their legend', async () => {
      const d = await gql<{ departments: { id: string; name: string }[] }>(`{ departments(municipalityCode: "${ISESAKI}") { id name } }`);
      const page = await open(`/departments/${d.departments.find((x) => x.name === '健康づくり課')!.id}?city=${ISESAKI}&fy=2022`);
      const bars = await page.locator('[data-panel="department-ratings"]').first().locator('.apexcharts-bar-series path').evaluateAll((ps) =>
        ps.map((p) => p.getBoundingClientRect().height).filter((h) => h > 0),
      );
      expect(bars.length).toBeGreaterThan(0);
      for (const h of bars) expect(h).toBeGreaterThanOrEqual(20);
      await page.close();
    });

    it('count axes tick in whole numbers, bar labels are dark on the page, heatmap bins are whole', async () => {
      for (const path of [`/?city=${ISESAKI}&fy=2022`, `/?city=${TOKOROZAWA}`, `/?city=${SAMPLE}&fy=2024`, `/departments/${(await gql<{ departments: { id: string }[] }>(`{ departments(municipalityCode: "${ISESAKI}") { id } }`)).departments[0]!.id}?city=${ISESAKI}&fy=2022`]) {
        const page = await open(path);
        const ticks = await page.locator('.apexcharts-xaxis-texts-g text, .apexcharts-yaxis-texts-g text').allTextContents();
        const numeric = ticks.map((t) => t.replace(/,/g, '')).filter((t) => /^-?\d+(\.\d+)?$/.test(t));
        expect(numeric.length, path).toBeGreaterThan(0);
        expect(numeric.filter((t) => !Number.isInteger(Number(t))), path).toEqual([]);
        await page.close();
      }
      const bands = await open(`/?city=${TOKOROZAWA}`);
      const fills = await bands.locator('[data-panel="bands"] .apexcharts-datalabels text').evaluateAll((ts) => ts.map((t) => (t.getAttribute('fill') ?? '').toLowerCase()));
      expect(fills.length).toBeGreaterThan(0);
      expect(fills.filter((f) => f === '#ffffff' || f === '#fff' || f === 'white')).toEqual([]);
      await bands.close();
      const heat = await open(`/departments?city=${ISESAKI}`);
      await heat.locator('[data-panel="heatmap"] .apexcharts-legend-text').first().waitFor();
      const legend = await heat.locator('[data-panel="heatmap"] .apexcharts-legend-text').allTextContents();
      expect(legend.length).toBeGreaterThan(1);
      for (const l of legend) expect(l).toMatch(/^(\d+(–\d+)?|データなし)$/);
      await heat.close();
    });

    it('a trend puts uneven years at their true distances, and shows no achievement axis when nothing is measured', async () => {
      // 香取's indicators: a baseline in R3 or R4, targets in R5, R7 and R9.
      const d = await gql<{ indicators: { nodes: { id: string; values: { fiscalYear: { year: number } }[] }[] } }>(
        `{ indicators(filter: { municipalityCodes: ["${KATORI}"] }, first: 30) { nodes { id values { fiscalYear { year } } } } }`,
      );
      const ind = d.indicators.nodes.find((n) => ['2022', '2023', '2025', '2027'].every((y) => n.values.some((v) => String(v.fiscalYear.year) === y)))!;
      const page = await open(`/indicators/${ind.id}?city=${KATORI}`);
      const x = await page.locator('[data-panel="trend"] .apexcharts-xaxis-texts-g text').evaluateAll((ts) =>
        // Each label's own line (the text element also holds a <title> with the same words).
        Object.fromEntries(ts.map((t) => [(t.querySelector('tspan') ?? t).textContent?.trim() ?? '', t.getBoundingClientRect().x + t.getBoundingClientRect().width / 2])),
      );
      const [r4, r5, r7, r9] = [x.R4!, x.R5!, x.R7!, x.R9!];
      expect(r5 - r4).toBeGreaterThan(10);
      expect(Math.abs(r7 - r5 - 2 * (r5 - r4))).toBeLessThan(3);
      expect(Math.abs(r9 - r7 - 2 * (r5 - r4))).toBeLessThan(3);
      // Markers sit on their years.
      const markers = await page.locator('[data-panel="trend"] .apexcharts-series-markers .apexcharts-marker').evaluateAll((ms) =>
        ms.filter((m) => m.getBoundingClientRect().width > 1).map((m) => m.getBoundingClientRect().x + m.getBoundingClientRect().width / 2),
      );
      expect(markers.length).toBe(4);
      for (const m of markers) expect(Math.min(...[r4, r5, r7, r9].map((t) => Math.abs(t - m)))).toBeLessThan(3);
      expect(await page.locator('[data-panel="trend"] .chart').textContent()).not.toContain('達成率');
      await page.close();
    });

    it('the departments view names the years its range covers', async () => {
      const page = await open(`/departments?city=${SAMPLE}`);
      expect(await page.locator('#f-from option:checked').textContent()).toBe('最初から（平成27年度 (2015)）');
      expect(await page.locator('#f-to option:checked').textContent()).toBe('最新まで（令和6年度 (2024)）');
      await page.close();
    });
  });

  describe('cold start', () => {
    it('a fresh `/` asks for the city list and the overview once each (the boot script asks, the app takes the answers)', async () => {
      const page = await context.newPage();
      const asked: string[] = [];
      page.on('request', (r) => {
        const op = /"operationName":"(\w+)"/.exec(r.postData() ?? '')?.[1];
        if (op) asked.push(op);
      });
      await page.goto(`${server.baseUrl}/`, { waitUntil: 'networkidle' });
      await settle(page);
      expect(asked.filter((o) => o === 'GetMunicipalities')).toHaveLength(1);
      expect(asked.filter((o) => o === 'GetOverview')).toHaveLength(1);
      // The list first (by the boot script); the app took both answers instead of asking again.
      expect(asked[0]).toBe('GetMunicipalities');
      expect(await page.locator('[data-panel="distribution"]').first().getAttribute('data-state')).toBe('ready');
      // Another year is asked by the app itself.
      await page.selectOption('#f-fy', '2024');
      await expect.poll(() => asked.filter((o) => o === 'GetOverview').length).toBe(2);
      await page.close();
    });
  });

  describe('the small things', () => {
    it('sign-in: the header links to it, and the entry page’s 「サインインしてください」 is a link', async () => {
      const d = await gql<{ policyNodes: { nodes: { id: string }[] } }>(`{ policyNodes(filter: { municipalityCodes: ["${ISESAKI}"], depths: [3] }, first: 1) { nodes { id } } }`);
      const page = await open(`/entry/policy_node/${d.policyNodes.nodes[0]!.id}?city=${ISESAKI}&fy=2022`);
      expect(await page.locator('[data-testid="header-signin"]').getAttribute('href')).toMatch(/^\/signin\?redirect=/);
      const link = page.locator('[data-testid="entry-readonly"] a');
      expect(await link.textContent()).toBe('サインイン');
      await link.click();
      await page.waitForURL((u) => u.pathname === '/signin' && (u.searchParams.get('redirect') ?? '').startsWith('/entry/policy_node/'));
      await page.close();
    });

    it('the city picker shows each city’s whole name', async () => {
      const page = await open(`/?city=${SAMPLE}`);
      const { text, textWidth, room } = await page.locator('#f-city').evaluate((s: HTMLSelectElement) => {
        const style = getComputedStyle(s);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${style.fontSize} ${style.fontFamily}`;
        const label = s.options[s.selectedIndex]!.text;
        return { text: label, textWidth: ctx.measureText(label).width, room: s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) };
      });
      expect(text).toContain('サンプル市');
      expect(textWidth, text).toBeLessThanOrEqual(room);
      await page.close();
    });

    it('the 生成データ badge marks generated data only: not the 収録データ panel of a real city', async () => {
      const page = await open(`/?city=${ISESAKI}&fy=2022`);
      const counts = page.locator('[data-panel="city-counts"]');
      expect(await counts.locator('.badge-generated').count()).toBe(0);
      expect(await counts.locator('tbody tr', { hasText: 'サンプル市' }).innerText()).toContain('サンプル市（生成データ）');
      expect(await page.locator('.badge-generated').count()).toBe(0);
      await page.close();
    });

    it('/cities has one 年度 and one 評価の段階 (its own, no filter bar above them), and its 年度 shows its whole placeholder in both languages', async () => {
      const page = await open(`/cities?ccodes=${AYASE},${SAMPLE}`);
      await page.getByTestId('cmp-year').waitFor();
      expect(await page.locator('.filter-bar').count()).toBe(0);
      // The filter bar's were 年度 and 評価段階; the view's are 年度 and 評価の段階.
      expect(await page.locator('label', { hasText: /^\s*年度/ }).count()).toBe(1);
      expect(await page.locator('label', { hasText: /^\s*評価の?段階/ }).count()).toBe(1);
      // The English placeholder, measured in the same box (the dashboard's own English text).
      const english = /latest: '([^']+)'/.exec(readFileSync(resolve(import.meta.dirname, '../../dashboard/src/i18n/en.ts'), 'utf8'))![1]!;
      const fit = await page.getByTestId('cmp-year').evaluate((input: HTMLInputElement, texts: string[]) => {
        const style = getComputedStyle(input);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${style.fontSize} ${style.fontFamily}`;
        // Room for text: the box without its padding and the number's arrows (about 2em).
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 2 * parseFloat(style.fontSize);
        return { placeholder: input.placeholder, widths: [input.placeholder, ...texts].map((t) => ctx.measureText(t).width), room };
      }, [english]);
      expect(fit.placeholder).toBe('各市の最新');
      expect(english).toBe('Each city’s latest');
      for (const w of fit.widths) expect(w).toBeLessThanOrEqual(fit.room);
      await page.close();
    });
  });
});
