/**
 * Every seed system end to end, one test per source document (issue 20): as a user, in Chromium
 * against the built server with the bundled data, find values the document prints on the
 * screen, open the source line behind each (the viewer highlights that line of data/sources and
 * shows the record's note), and check the same values through the API.
 *
 * The values were chosen by reading the documents (data/sources/*.txt), not the datasets: each
 * case names the line that prints it, and the test first checks that the line prints it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';
import { readSourceLines } from '../../server/src/provenance/source-files.js';

const SHOTS = resolve(import.meta.dirname, '../screenshots');
const FILES = {
  ayaseSheets: '000_90ed42ccd952e8d9.txt',
  ayasePolicies: '001_45797bf1886c3d07.txt',
  tokorozawa: '002_adabd4eb880dbe10.txt',
  katori: '003_fe73dcc56ea95b72.txt',
  isesaki: '004_e1a3054432cb96ea.txt',
} as const;

/** Checks that the document prints `text` on `line` (so the case is the document's, not the data's). */
function printed(file: string, line: number, text: string): number {
  const l = readSourceLines(file)[line - 1] ?? '';
  expect(l.normalize('NFKC'), `${file} line ${line}`).toContain(text.normalize('NFKC'));
  return line;
}

describe.skipIf(!browserTestsEnabled())('every source document, from the screen to its line (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;

  async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await r.json()) as { data: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data;
  }

  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'networkidle' });
    return { page, problems };
  }

  /** Chooses a node in the policy tree by its name, as a user does (expanding the whole tree first). */
  async function chooseNode(page: Page, name: string) {
    await page.getByRole('button', { name: 'すべて展開' }).click();
    await page.locator('[role="treeitem"] .name', { hasText: name }).first().click();
    await page.locator('[data-panel="node"] .panel-title', { hasText: name }).waitFor();
  }

  interface Shown {
    label: string;
    page: string | null;
    /** The highlighted lines' numbers and texts. */
    highlighted: { n: number; text: string }[];
    /** Numbers of all the lines shown. */
    shown: number[];
    note: string | null;
  }
  /** Clicks a source link and reads the viewer, then closes it. */
  async function openSource(page: Page, link: Locator, shot: string): Promise<Shown> {
    await link.click();
    const viewer = page.locator('[data-testid="source-viewer"]');
    await viewer.locator('li.hit').first().waitFor();
    await page.screenshot({ path: resolve(SHOTS, `source-${shot}.png`) });
    const highlighted = await viewer.locator('li.hit').evaluateAll((els) =>
      els.map((e) => ({ n: Number(e.getAttribute('data-line')), text: e.querySelector('.sv-line')?.textContent ?? '' })),
    );
    const shown = await viewer.locator('li[data-line]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-line'))));
    const out: Shown = {
      label: (await viewer.locator('[data-testid="source-line-label"]').textContent())!.trim(),
      page: (await viewer.locator('[data-testid="source-page"]').count()) ? (await viewer.locator('[data-testid="source-page"]').textContent())!.trim() : null,
      highlighted,
      shown,
      note: (await viewer.locator('[data-testid="source-note"]').count()) ? await viewer.locator('[data-testid="source-note"]').textContent() : null,
    };
    await viewer.locator('[data-testid="source-close"]').click();
    await viewer.waitFor({ state: 'detached' });
    return out;
  }
  /** The viewer shows `line` of `file` highlighted, as the file has it, with lines around it. */
  function expectLine(s: Shown, file: string, line: number, text: string) {
    const src = readSourceLines(file);
    expect(s.highlighted[0], `highlighted line of ${file}`).toEqual({ n: line, text: src[line - 1] });
    expect(s.highlighted[0]!.text.normalize('NFKC')).toContain(text.normalize('NFKC'));
    expect(s.label).toContain(`${line}行目`);
    expect(s.shown.length).toBeGreaterThan(s.highlighted.length); // lines around it
    expect(s.shown).toContain(Math.max(1, line - 1));
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  it('綾瀬 進行管理シート (000): a related project’s 達成状況, a STEP’s progress and an external rating', async () => {
    // Sheet 2 (lines 181-390) prints its five projects' 達成状況 as "A A / A A / B" (194-198);
    // あやせウェルカムパックの配付 is printed on 247. Sheet 1's STEP1 self rating Ａ is on line 104,
    // sheet 10's external rating Ｂ on line 1605.
    const letterLine = printed(FILES.ayaseSheets, 198, 'B');
    printed(FILES.ayaseSheets, 247, 'あやせウェルカムパックの配付');
    const stepLine = printed(FILES.ayaseSheets, 104, 'ＳＴＥＰ１の進捗状況 Ａ');
    const externalLine = printed(FILES.ayaseSheets, 1605, '（評価：　Ｂ　）');

    const { page, problems } = await open('/policy?city=142182');
    await chooseNode(page, '多文化共生の促進');
    const row = page.locator('[data-testid="project-rating"]', { hasText: 'あやせウェルカムパックの配付' });
    expect(await row.locator('.level-chip').textContent()).toContain('B');
    const s1 = await openSource(page, row.getByTestId('source-link'), 'ayase-000-project');
    expectLine(s1, FILES.ayaseSheets, letterLine, 'B');
    expect(s1.page).toBe('2ページ目（先頭から数えた番号）'); // sheet 2
    expect(s1.note).toContain('どの記号がどの事業のものか分からない'); // A A / A A / B: uncertain

    await chooseNode(page, '行政サービス体制の拡充'); // sheet 1, STEP1
    const self = page.locator('[data-testid="evaluation"]', { hasText: '一次評価' }).first();
    expect(await self.locator('.level-chip').first().textContent()).toContain('A');
    expectLine(await openSource(page, self.getByTestId('source-link'), 'ayase-000-step'), FILES.ayaseSheets, stepLine, 'ＳＴＥＰ１の進捗状況 Ａ');

    await chooseNode(page, '複合的な交通手段の展開');
    const external = page.locator('[data-testid="evaluation"]', { hasText: '外部評価' }).first();
    expect(await external.locator('.level-chip').first().textContent()).toContain('B');
    expectLine(await openSource(page, external.getByTestId('source-link'), 'ayase-000-external'), FILES.ayaseSheets, externalLine, '評価');
    expect(problems).toEqual([]);

    const api = await gql(`{ policyNodes(filter: { municipalityCodes: ["142182"], search: "多文化共生の促進" }, first: 5) { nodes { projects { name evaluations { level { code } provenance { line page } } } } } }`);
    const welcome = api.policyNodes.nodes[0].projects.find((p: any) => p.name === 'あやせウェルカムパックの配付');
    expect(welcome.evaluations).toEqual([{ level: { code: 'B' }, provenance: { line: letterLine, page: 2 } }]);
    await page.close();
  });

  it('綾瀬 部局運営方針 (001): browse by department, search, and open an initiative’s line and page', async () => {
    // The contents print 経営企画部 on page 3 (line 8); its initiatives include
    // 企業版ふるさと納税の推進 (line 52) and ペーパーレス化の促進 (line 57).
    printed(FILES.ayasePolicies, 8, '経営企画部.....\t3');
    const paperless = printed(FILES.ayasePolicies, 57, 'ペーパーレス化の促進');
    const furusato = printed(FILES.ayasePolicies, 52, '企業版ふるさと納税の推進');

    const { page, problems } = await open('/?city=142182');
    await page.getByRole('link', { name: '部局運営方針' }).click();
    await page.locator('[data-testid="department-policy"]').first().waitFor();
    expect(await page.locator('[data-testid="department-policy"]').count()).toBe(13);
    await page.selectOption('#dp-dept', { label: '経営企画部' });
    await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('[data-testid="department-policy"]').length === 1);
    const policy = page.locator('[data-testid="department-policy"]');
    expect(await policy.locator('h2').textContent()).toContain('経営企画部');
    expect(await policy.locator('[data-testid="initiative"]', { hasText: '企業版ふるさと納税の推進' }).count()).toBe(1);

    await page.fill('#dp-q', 'ペーパーレス');
    await page.getByRole('button', { name: '検索' }).click();
    await page.waitForURL(/q=/);
    await page.locator('[data-testid="initiative"] mark').first().waitFor();
    expect(await page.locator('[data-testid="policy-count"]').textContent()).toContain('1件');
    const initiative = page.locator('[data-testid="initiative"]', { hasText: 'ペーパーレス化の促進' });
    expect(await initiative.locator('mark').first().textContent()).toBe('ペーパーレス');
    const s = await openSource(page, initiative.getByTestId('source-link'), 'ayase-001');
    expectLine(s, FILES.ayasePolicies, paperless, 'ペーパーレス化の促進');
    expect(s.page).toBe('3ページ'); // printed in the contents

    // 市長室's page (line 30) carries the extraction's HTML-like tags: shown as text, never as markup.
    const tagged = printed(FILES.ayasePolicies, 30, '<p>厚木基地周辺対策事業の確保</p>');
    await page.goto(`${server.baseUrl}/department-policies?city=142182`, { waitUntil: 'networkidle' });
    await page.selectOption('#dp-dept', { label: '市長室' });
    const base = page.locator('[data-testid="initiative"]', { hasText: '厚木基地周辺対策事業の確保' });
    await base.waitFor();
    await base.getByTestId('source-link').click();
    await page.locator('[data-testid="source-viewer"] li.hit').waitFor();
    expect(await page.locator('[data-testid="source-viewer"] .sv-line p').count()).toBe(0);
    await page.locator('[data-testid="source-close"]').click();
    const t = await openSource(page, base.getByTestId('source-link'), 'ayase-001-tags');
    expectLine(t, FILES.ayasePolicies, tagged, '<p>厚木基地周辺対策事業の確保</p>');
    expect(t.page).toBe('2ページ');
    expect(problems).toEqual([]);

    const api = await gql(`{ departmentPolicies(filter: { municipalityCodes: ["142182"], search: "ペーパーレス" }, first: 5) { nodes { department { name } initiatives { title provenance { line page } } } } }`);
    // ペーパーレス is printed for two departments: 経営企画部 (57) and 都市部 (239)
    printed(FILES.ayasePolicies, 239, '審議会等の会議におけるペーパーレス化');
    expect(api.departmentPolicies.nodes.map((n: any) => n.department.name).sort()).toEqual(['経営企画部', '都市部'].sort());
    const titles = api.departmentPolicies.nodes.find((n: any) => n.department.name === '経営企画部').initiatives.map((i: any) => [i.title, i.provenance.line, i.provenance.page]);
    expect(titles).toContainEqual(['ペーパーレス化の促進', paperless, 3]);
    expect(titles).toContainEqual(['企業版ふるさと納税の推進', furusato, 3]);
    await page.close();
  });

  it('所沢 政策評価表 (002): the citizen survey, a target indicator and a project’s settled amount', async () => {
    // Line 212: 第１節「地域コミュニティ」 718人 32.7% 29位 (of 2,197 respondents, 42 sections: 208, 210);
    // line 190: 地域活動への関心度 ％ 49.1 50.2 53.6; line 267: 防犯灯LED化整備事業 1,690 20,284.
    const surveyLine = printed(FILES.tokorozawa, 212, '第１節「地域コミュニティ」 718人 32.7% 29位');
    printed(FILES.tokorozawa, 208, '(2,197人中)');
    const kpiLine = printed(FILES.tokorozawa, 190, '地域活動への関心度 ％ 49.1 50.2 53.6');
    const ledLine = printed(FILES.tokorozawa, 267, '防犯灯LED化整備事業 1,690 20,284');

    const { page, problems } = await open('/policy?city=112089');
    await chooseNode(page, '絆を紡ぐまちづくり');
    const row = page.locator('[data-testid="survey-row"]', { hasText: '地域コミュニティ' });
    const cells = (await row.locator('td').allTextContents()).map((c) => c.trim());
    expect(cells.slice(0, 3)).toEqual(['718人（2,197人中）', '32.7%', '29位（全42中）']);
    expectLine(await openSource(page, row.getByTestId('source-link'), 'tokorozawa-survey'), FILES.tokorozawa, surveyLine, '718人');

    await page.getByRole('link', { name: '地域活動への関心度' }).click();
    const value = page.locator('[data-testid="indicator-value"]', { hasText: '50.2' });
    await value.waitFor();
    expect(await value.locator('td').first().textContent()).toContain('実績');
    expectLine(await openSource(page, value.getByTestId('source-link'), 'tokorozawa-kpi'), FILES.tokorozawa, kpiLine, '50.2');

    await page.goBack();
    await chooseNode(page, '絆を紡ぐまちづくり');
    const project = page.locator('[data-panel="node"] tr', { hasText: '防犯灯LED化整備事業' });
    expect(await project.textContent()).toContain('1,690千円');
    const settled = project.getByTestId('source-link').filter({ hasText: '1,690千円' });
    expectLine(await openSource(page, settled, 'tokorozawa-project'), FILES.tokorozawa, ledLine, '1,690');
    expect(problems).toEqual([]);

    const api = await gql(`{ policyNodes(filter: { municipalityCodes: ["112089"], depths: [1] }, first: 5) { nodes {
      surveyResults { item count respondents percent rank rankOf provenance { line } }
      projects { name amounts { kind thousandYen provenance { line } } } } } }`);
    const n = api.policyNodes.nodes[0];
    expect(n.surveyResults[0]).toEqual({ item: '第１章「コミュニティ」 第１節「地域コミュニティ」', count: 718, respondents: 2197, percent: 32.7, rank: 29, rankOf: 42, provenance: { line: surveyLine } });
    expect(n.projects.find((p: any) => p.name === '防犯灯LED化整備事業').amounts).toContainEqual({ kind: 'SETTLED', thousandYen: 1690, provenance: { line: ledLine } });
    await page.close();
  });

  it('香取 後期基本計画 (003): a KPI’s targets from the indicator list, and an unknown 重点', async () => {
    // Line 37: 住民自治（まちづくり）協議会数 23団体 23団体 23団体 24団体 (baseline 2022, targets 2023/2025/2027);
    // line 281: ④ 様々な市民活動団体に対する支援と相互連携の促進, on a page (225-284) with one 重点 badge (250) for two policies.
    const kpiLine = printed(FILES.katori, 37, '24団体');
    printed(FILES.katori, 250, '重 点');

    const { page, problems } = await open('/indicators?city=122360');
    await page.getByRole('link', { name: '住民自治（まちづくり）協議会数' }).first().click();
    const target = page.locator('[data-testid="indicator-value"]', { hasText: '24団体' });
    await target.waitFor();
    expect(await target.locator('th').textContent()).toContain('令和9年度');
    expectLine(await openSource(page, target.getByTestId('source-link'), 'katori-kpi'), FILES.katori, kpiLine, '24団体');

    await page.goto(`${server.baseUrl}/policy?city=122360`, { waitUntil: 'networkidle' });
    expect(await page.locator('[data-testid="priority-count"]').textContent()).toContain('重点 8（不明 15）');
    await chooseNode(page, '様々な市民活動団体に対する支援と相互連携の促進');
    expect(await page.locator('[data-panel="node"] [data-priority="unknown"]').textContent()).toBe('重点：不明');
    expect(problems).toEqual([]);

    const api = await gql(`{ indicators(filter: { municipalityCodes: ["122360"], search: "住民自治（まちづくり）協議会数" }) { nodes { values { fiscalYear { year } kind text provenance { line } } } } }`);
    expect(api.indicators.nodes[0].values.map((v: any) => [v.fiscalYear.year, v.kind, v.text, v.provenance.line])).toEqual([
      [2022, 'BASELINE', '23団体', kpiLine],
      [2023, 'TARGET', '23団体', kpiLine],
      [2025, 'TARGET', '23団体', kpiLine],
      [2027, 'TARGET', '24団体', kpiLine],
    ]);
    await page.close();
  });

  it('伊勢崎 成果・課題一覧 (004): BOD at three rivers, a printed "-" and a measure’s rating', async () => {
    // Line 137: BOD値 広瀬川: 2.7mg/L 粕川: 2.3mg/L 早川上流: 1.3mg/L; line 105: 従業者数 - 28,000人(R4年) -;
    // line 227: 5-2-2 安定的な財政運営の推進 … 市税収納率 97.6% 97.0% A.
    const bodLine = printed(FILES.isesaki, 137, '広瀬川: 2.7mg/L 粕川: 2.3mg/L 早川上流: 1.3mg/L');
    const dashLine = printed(FILES.isesaki, 105, '従業者数\t-\t28,000人(R4年)\t-');
    printed(FILES.isesaki, 227, '市税収納率\t97.6%\t97.0%\tA');

    const { page, problems } = await open('/indicators?city=102041');
    await page.getByRole('link', { name: 'BOD値', exact: true }).first().click();
    const actual = page.locator('[data-testid="indicator-value"]', { hasText: '広瀬川: 2.7mg/L' });
    await actual.waitFor();
    expectLine(await openSource(page, actual.getByTestId('source-link'), 'isesaki-bod'), FILES.isesaki, bodLine, '広瀬川: 2.7mg/L');
    // No year of BOD reads as one number: the trend is its table (no empty chart), the parts are drawn.
    const trend = page.locator('[data-panel="trend"]');
    expect(await trend.locator('.apexcharts-canvas').count()).toBe(0);
    expect(await trend.innerText()).toContain('数値として読める値がないため、印字のとおり表で示します。');
    expect(await trend.locator('td', { hasText: '広瀬川: 2.7mg/L' }).count()).toBe(1);

    await page.goto(`${server.baseUrl}/indicators?city=102041`, { waitUntil: 'networkidle' });
    await page.getByRole('link', { name: '従業者数', exact: true }).first().click();
    const card = page.locator('[data-panel="indicator-evaluations"] .eval-card').first();
    await card.waitFor();
    expect((await card.locator('.level-chip').first().textContent())?.trim()).toMatch(/^-(:|$)/);
    expect(await card.textContent()).toContain('指標の取得ができなかったもの');
    const s = await openSource(page, card.getByTestId('source-link'), 'isesaki-dash');
    expectLine(s, FILES.isesaki, dashLine, '従業者数');
    expect(s.page).toBe('8ページ目（先頭から数えた番号）');
    expect(problems).toEqual([]);

    const api = await gql(`{ indicators(filter: { municipalityCodes: ["102041"], search: "BOD値" }, first: 5) { nodes { values { kind text parts { label value } provenance { line } } evaluations { level { code } } } } }`);
    const bod = api.indicators.nodes[0];
    expect(bod.values[0]).toEqual({ kind: 'ACTUAL', text: '広瀬川: 2.7mg/L 粕川: 2.3mg/L 早川上流: 1.3mg/L', parts: [{ label: '広瀬川', value: 2.7 }, { label: '粕川', value: 2.3 }, { label: '早川上流', value: 1.3 }], provenance: { line: bodLine } });
    expect(bod.evaluations.map((e: any) => e.level.code)).toEqual(['A']);
    const dash = await gql(`{ indicators(filter: { municipalityCodes: ["102041"], search: "従業者数" }, first: 10) { nodes { name evaluations { level { code label } provenance { line } } } } }`);
    expect(dash.indicators.nodes.find((n: any) => n.name === '従業者数').evaluations).toEqual([{ level: { code: '-', label: '指標の取得ができなかったもの' }, provenance: { line: dashLine } }]);
    await page.close();
  });
});
