/**
 * The report staff's first hour (browser test): they open the report view for a city without
 * choosing a year, read the front page, download the Excel workbook and the PDF with the view's
 * buttons, and check the front page's figures against the API (GraphQL queries for the same
 * counts). Then every bundled city's report, on screen and as a PDF (pdftotext), in Japanese
 * with no Latin word outside the reviewed list; the English view in English; the PDF's layout
 * (A4 landscape, its first page the front page, the shell not printed) and the files' names.
 * PNGs of first pages are kept in tests/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';
import { foreignWordsInContext } from '../support/japanese-text.js';

const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots');
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

function havePoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Text of pages `from`..`to` of a PDF file: in layout order, or (raw) in the order it was drawn, where side-by-side boxes do not interleave. */
const pdfText = (file: string, from?: number, to?: number, raw = false) =>
  execFileSync('pdftotext', [...(from ? ['-f', String(from)] : []), ...(to ? ['-l', String(to)] : []), raw ? '-raw' : '-layout', file, '-'], { encoding: 'utf8' });
const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);
/** Text as compared: no spaces or line breaks (pdftotext spreads a line over columns). */
const flat = (s: string) => s.replace(/\s+/g, '');

/** The first page as a PNG at 60 dpi, copied to tests/screenshots/<name>.png; returns its size. */
function firstPagePng(pdf: string, name: string): { width: number; height: number; bytes: number } {
  const dir = mkdtempSync(join(tmpdir(), 'report-png-'));
  try {
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, join(dir, 'p')]);
    const file = execFileSync('ls', [dir], { encoding: 'utf8' }).trim().split('\n')[0]!;
    const png = readFileSync(join(dir, file));
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, `${name}.png`), png);
    // PNG IHDR: width and height are the big-endian words at bytes 16 and 20.
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), bytes: png.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "令和8年12月8日 00:40" as the view prints it (Japan time, with the era like every year it prints). */
const jaDateTime = (d: Date) =>
  new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' }).format(d);

describe.skipIf(!browserTestsEnabled() || !havePoppler())('report staff journey: the annual report on screen, as xlsx and as PDF (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let work: string;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    work = mkdtempSync(join(tmpdir(), 'report-test-'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function api<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data: T; errors?: { message: string }[] };
    expect(body.errors?.map((e) => e.message) ?? []).toEqual([]);
    return body.data;
  }
  async function openReport(query: string, locale: 'ja' | 'en' = 'ja'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', acceptDownloads: true });
    await context.addInitScript((l) => localStorage.setItem('seisaku.locale', l), locale);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.baseUrl}/report?${query}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-report-ready], [data-report-error]', { timeout: 60_000 });
    expect(await page.$('[data-report-error]')).toBeNull();
    return { context, page, errors };
  }
  /** What a person reads on the page: the report's text (the shell left out). */
  const viewText = (page: Page) => page.locator('.report-view').innerText();

  it('opens 伊勢崎市 with no year on its year with data, downloads both files, and finds the front page’s figures in the API and in the files', async () => {
    const { context, page, errors } = await openReport('municipality=102041');
    // the year with evaluations (令和4年度), not an empty one; the filter bar says the same
    await expect.poll(() => page.locator('h1').innerText()).toContain('令和4年度');
    await expect.poll(() => page.locator('#f-city').inputValue()).toBe('102041');
    await expect.poll(() => page.locator('#f-fy').inputValue()).toBe('2022');
    const figures = page.locator('[data-report-front] [data-figure]');
    const measures = await figures.nth(0).innerText();
    const achieved = await figures.nth(1).innerText();
    const change = await figures.nth(2).innerText();
    await page.screenshot({ path: resolve(SCREENSHOTS, 'report-102041-front.png') });

    // The same counts from the API: measures by overall rating (施策の目標, 一次評価), indicators by band.
    const d = await api<{
      ratingDistribution: { groups: { rated: number; scale: { name: string }; counts: { level: { code: string }; count: number }[] }[] };
      achievementBands: { bands: { key: string; minPercent: number | null }[]; groups: { total: number; measured: number; counts: { band: { key: string }; count: number }[] }[] };
    }>(
      `query($code: String!, $year: Int!) {
        ratingDistribution(filter: { municipalityCodes: [$code], fiscalYears: { in: [$year] }, stages: [SELF], scaleKeys: ["isesaki-goal"] }, groupBy: [SCALE]) {
          groups { rated scale { id name } counts { level { id code } count } }
        }
        achievementBands(filter: { municipalityCodes: [$code] }, fiscalYear: $year) {
          bands { key minPercent }
          groups { total measured counts { band { key } count } }
        }
      }`,
      { code: '102041', year: 2022 },
    );
    const [dist] = d.ratingDistribution.groups;
    const counts = dist!.counts.map((c) => `${c.level.code} ${c.count}件`).join('・');
    expect(flat(measures)).toContain(flat(`${dist!.scale.name}・一次評価（自己評価）: 41件のうち評価のあるもの${dist!.rated}件: ${counts}`));
    const [bands] = d.achievementBands.groups;
    const top = d.achievementBands.bands.find((b) => b.minPercent === 100)!.key;
    const met = bands!.counts.find((c) => c.band.key === top)!.count;
    expect(flat(achieved)).toContain(flat(`${met}件（達成率を計算できた${bands!.measured}件のうち`));
    expect(flat(achieved)).toContain(`指標は全${bands!.total}件`);
    expect(change).toContain('令和4年度より前に評価のある年度がないため、比較はありません。');

    // A value printed in several parts prints as its parts, one a line (BOD at three rivers), not as one joined text.
    const bod = page.locator('tr', { has: page.locator('th', { hasText: /^BOD値/ }) }).first();
    await expect.poll(() => bod.locator('[data-testid="value-parts"]').last().locator('li').allInnerTexts()).toEqual(['広瀬川: 2.7mg/L', '粕川: 2.3mg/L', '早川上流: 1.3mg/L']);
    const lines = await bod.locator('[data-testid="value-parts"]').last().locator('li').evaluateAll((li) => li.map((e) => e.getBoundingClientRect().top));
    expect(new Set(lines).size).toBe(3);
    await bod.scrollIntoViewIfNeeded();
    await bod.screenshot({ path: resolve(SCREENSHOTS, 'report-102041-parts.png') });

    // Excel: the button's file, its first sheet the front page with the same figures.
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Excel（.xlsx）をダウンロード' }).click()]);
    expect(xlsxDownload.suggestedFilename()).toBe('令和4年度_伊勢崎市_評価報告書.xlsx');
    const xlsxFile = join(work, 'journey.xlsx');
    await xlsxDownload.saveAs(xlsxFile);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    expect(wb.worksheets[0]!.name).toBe('表紙');
    const front: string[] = [];
    wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => void front.push(c.text)));
    const frontText = front.join('\n');
    expect(frontText).toContain(`評価のあるもの${dist!.rated}件、${counts}`);
    expect(frontText).toContain(`${met}件（達成率を計算できた${bands!.measured}件のうち`);

    // PDF: the button's file, made now (not the time of a cached answer), its first page the front page.
    const before = new Date();
    const [pdfDownload] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('link', { name: 'PDFをダウンロード' }).click()]);
    expect(pdfDownload.suggestedFilename()).toBe('令和4年度_伊勢崎市_評価報告書.pdf');
    const pdfFile = join(work, 'journey.pdf');
    await pdfDownload.saveAs(pdfFile);
    const after = new Date();
    const first = pdfText(pdfFile, 1, 1, true);
    expect(flat(first)).toContain(flat(`令和4年度の要点`));
    expect(flat(first)).toContain(flat(`評価のあるもの${dist!.rated}件: ${counts}`));
    expect(flat(first)).toContain(flat(`${met}件（達成率を計算できた${bands!.measured}件のうち`));
    // the three charts of the overview are on it
    for (const title of ['評価の分布', '達成率の区分ごとの指標数', '評価の低い政策分野']) expect(flat(first)).toContain(title);
    const printed = /作成日時:\s*(令和\d{1,2}年\d{1,2}月\d{1,2}日\s*\d{2}:\d{2})/.exec(first)?.[1];
    expect(printed, first.slice(0, 300)).toBeDefined();
    expect([jaDateTime(before), jaDateTime(after)].map(flat)).toContain(flat(printed!));
    expect(first).toMatch(/データの集計日時:/);

    // A year without data chosen in the filter bar: the report says why it is empty and offers the year that has data.
    await page.locator('#f-fy').selectOption('2024');
    await expect.poll(() => page.locator('h1').innerText()).toContain('令和6年度');
    const note = page.locator('[data-report-no-data]');
    await expect.poll(() => note.innerText()).toContain('令和6年度には評価も実績値もありません。');
    await note.getByRole('link', { name: '令和4年度の報告書を開く' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toContain('令和4年度');
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('サンプル市: the change since the previous year on the front page is the API’s transitions of the measures', async () => {
    const { context, page } = await openReport('municipality=990001&year=2024');
    const change = await page.locator('[data-report-front] [data-figure="change"]').innerText();
    const d = await api<{ transitions: { cells: { from: { order: number } | null; to: { order: number } | null; count: number; subjects: { policyNode: { depth: number } | null }[] }[] } }>(
      `{ transitions(filter: { municipalityCodes: ["990001"], scaleKeys: ["progress"] }, from: { fiscalYear: 2023, stage: SELF }, to: { fiscalYear: 2024, stage: SELF }) {
          cells { from { id order } to { id order } count subjects(first: 60) { policyNode { id depth } } }
        } }`,
    );
    // measures are the 施策 (depth 3): count their moves
    let up = 0;
    let down = 0;
    let same = 0;
    for (const c of d.transitions.cells) {
      expect(c.subjects).toHaveLength(c.count); // every subject read
      if (!c.from || !c.to) continue;
      const n = c.subjects.filter((s) => s.policyNode?.depth === 3).length;
      if (c.to.order < c.from.order) up += n;
      else if (c.to.order > c.from.order) down += n;
      else same += n;
    }
    expect(up + down + same).toBeGreaterThan(0);
    expect(flat(change)).toContain(flat(`両年度に評価のある${up + down + same}件のうち、上がった${up}件・下がった${down}件・変わらない${same}件`));
    await context.close();
  }, 120_000);

  it('every bundled city, on screen and as a PDF: Japanese, no Latin word outside the reviewed list, the front page first', async () => {
    const cities = await api<{ municipalities: { code: string; name: string }[] }>('{ municipalities { id code name } }');
    expect(cities.municipalities.length).toBeGreaterThanOrEqual(5);
    for (const { code, name } of cities.municipalities) {
      const { context, page, errors } = await openReport(`municipality=${code}`);
      const screen = await viewText(page);
      expect(foreignWordsInContext(screen), `${name} on screen`).toEqual([]);
      const year = Number(/\/reports\/\d{6}\/(\d{4})\.pdf/.exec((await page.getAttribute('a[href$=".pdf"]', 'href')) ?? '')?.[1]);
      expect(year, name).toBeGreaterThan(2000);
      await context.close();
      expect(errors, name).toEqual([]);

      const res = await fetch(`${server.baseUrl}/reports/${code}/${year}.pdf`);
      expect(res.status, name).toBe(200);
      const file = join(work, `${code}.pdf`);
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      // A chart's bar label "C 7" (level and count) comes out of pdftotext as "C7": the rating code and the number apart again.
      const text = pdfText(file).replace(/(?<![A-Za-z])([A-DS])(\d)/g, '$1 $2');
      expect(text, name).toMatch(JAPANESE);
      expect(foreignWordsInContext(text), `${name} PDF`).toEqual([]);
      expect(flat(pdfText(file, 1, 1)), name).toContain('の要点');
      const png = firstPagePng(file, `report-${code}-${year}-page1`);
      expect(png.width, name).toBeGreaterThan(png.height); // landscape
    }
  }, 600_000);

  it('in English: the view’s labels are English (the data stays as printed)', async () => {
    const { context, page } = await openReport('municipality=990001&year=2023', 'en');
    const text = await viewText(page);
    for (const label of ['at a glance', 'Indicators at or above target', 'Change since FY2022', 'Download PDF', 'Prepared:', 'Data as of:']) expect(text).toContain(label);
    for (const ja of ['の要点', '作成日時', '目標を達成した指標']) expect(text).not.toContain(ja);
    await page.screenshot({ path: resolve(SCREENSHOTS, 'report-990001-en.png') });
    await context.close();
  }, 120_000);

  it('serves the workbook with a Japanese filename (RFC 5987)', async () => {
    const res = await fetch(`${server.baseUrl}/reports/102041/2022.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const cd = res.headers.get('content-disposition') ?? '';
    expect(cd).toContain('filename="report-102041-2022.xlsx"');
    const star = /filename\*=UTF-8''([^;]+)/.exec(cd)?.[1];
    expect(decodeURIComponent(star ?? '')).toBe('令和4年度_伊勢崎市_評価報告書.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.getWorksheet('成果・課題一覧（市の様式）')).toBeDefined();
  });

  it('answers 404 for an unknown city and 400 for a bad stage, in JSON', async () => {
    const missing = await fetch(`${server.baseUrl}/reports/999999/2022.xlsx`);
    expect(missing.status).toBe(404);
    const bad = await fetch(`${server.baseUrl}/reports/102041/2022.xlsx?stage=boss`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { message: string }[] }).errors[0]!.message).toContain('stage');
  });

  it('renders 伊勢崎’s .pdf on the server: A4 landscape, the front page alone first, the title on every page, one page break per policy area', async () => {
    const res = await fetch(`${server.baseUrl}/reports/102041/2022.pdf`);
    expect(res.status, await res.clone().text().catch(() => '')).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(work, 'isesaki.pdf');
    writeFileSync(file, bytes);

    const first = pdfText(file, 1, 1);
    for (const h of ['令和4年度', '評価報告書', '伊勢崎市', '令和4年度の要点']) expect(first).toContain(h);
    // the shell (navigation, filters) is not printed; the summary tables start on page 2
    expect(first).not.toContain('絞り込み');
    expect(first).not.toContain('政策分野ごとの評価の分布');
    expect(pdfText(file, 2, 2)).toContain('政策分野ごとの評価の分布');

    const pages = pdfPages(file);
    const all = pdfText(file);
    for (const h of ['健康づくりと疾病予防の推進', '健康づくり事業への参加者数', '10,650人', '前年度からの変更点', '付録', '市のルールと一致しない評価']) expect(all).toContain(h);
    // the front page, the summary, 5 areas, the differences and the appendix each start a page
    expect(pages).toBeGreaterThanOrEqual(1 + 1 + 5 + 2);
    // every page carries the report's title at its head and its number at its foot
    const perPage = all.split('\f').filter((p) => p.trim());
    expect(perPage).toHaveLength(pages);
    for (const [i, p] of perPage.entries()) {
      expect(p, `page ${i + 1}`).toContain('令和4年度 第2次伊勢崎市総合計画 評価報告書（伊勢崎市）');
      expect(p, `page ${i + 1}`).toContain(`${i + 1} / ${pages}`);
    }

    const png = firstPagePng(file, 'report-102041-2022-page1');
    expect(png.width).toBeGreaterThan(png.height); // landscape
    expect(png.width).toBeGreaterThan(650); // A4 at 60 dpi: 702 × 496
    expect(png.bytes).toBeGreaterThan(10_000); // not a blank page
  }, 120_000);

  it('prints the view itself (page.pdf): 所沢 projects with amounts, headers repeated on each table', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.baseUrl}/report?municipality=112089&year=2017`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-report-ready]', { timeout: 30_000 });
    // the download buttons point at the file endpoints
    expect(await page.getAttribute('a[href$=".xlsx"]', 'href')).toBe('/reports/112089/2017.xlsx');
    expect(await page.getAttribute('a[href$=".pdf"]', 'href')).toBe('/reports/112089/2017.pdf');
    await page.emulateMedia({ media: 'print' });
    // table headers repeat on every printed page; the shell is hidden
    expect(await page.evaluate("getComputedStyle(document.querySelector('.report-view thead')).display")).toBe('table-header-group');
    expect(await page.evaluate("getComputedStyle(document.querySelector('.app-header')).display")).toBe('none');
    const file = join(work, 'tokorozawa.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }));
    const text = pdfText(file);
    expect(text).toContain('平成29年度');
    expect(text).toContain('絆を紡ぐまちづくり');
    expect(text).toContain('地域づくり支援事業');
    expect(text).toContain('9,973');
    expect(text).toContain('93.7%');
    const png = firstPagePng(file, 'report-112089-2017-page1');
    expect(png.width).toBeGreaterThan(png.height);
    expect(statSync(file).size).toBeGreaterThan(10_000);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
