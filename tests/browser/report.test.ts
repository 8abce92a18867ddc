/**
 * The annual report's print view and files over HTTP (browser test): the .xlsx with a
 * Japanese filename, the .pdf rendered by headless Chromium on the server, and the print view
 * printed here with page.pdf. The first page becomes a PNG (pdftoppm, kept in
 * tests/screenshots/) and its text (pdftotext) must hold the Japanese headings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import ExcelJS from 'exceljs';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';

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

/** Text of pages `from`..`to` of a PDF file (pdftotext keeps the layout order). */
const pdfText = (file: string, from?: number, to?: number) =>
  execFileSync('pdftotext', [...(from ? ['-f', String(from)] : []), ...(to ? ['-l', String(to)] : []), '-layout', file, '-'], { encoding: 'utf8' });
const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);

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

describe.skipIf(!browserTestsEnabled() || !havePoppler())('annual report: files and print view (browser)', () => {
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

  it('renders the .pdf on the server: A4 landscape, Japanese headings, one page break per policy area', async () => {
    const res = await fetch(`${server.baseUrl}/reports/102041/2022.pdf`);
    expect(res.status, await res.clone().text().catch(() => '')).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? '')).toBe('令和4年度_伊勢崎市_評価報告書.pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(work, 'isesaki.pdf');
    writeFileSync(file, bytes);

    const first = pdfText(file, 1, 1);
    expect(first).toMatch(JAPANESE);
    expect(first).toContain('令和4年度');
    expect(first).toContain('評価報告書');
    expect(first).toContain('伊勢崎市');
    expect(first).toContain('概要');
    expect(first).toContain('政策分野ごとの評価の分布');
    // the shell (navigation, filters) is not printed
    expect(first).not.toContain('絞り込み');

    const all = pdfText(file);
    for (const h of ['健康づくりと疾病予防の推進', '健康づくり事業への参加者数', '10,650人', '前年度からの変更点', '付録', '市のルールと一致しない評価']) expect(all).toContain(h);
    // 5 areas, the differences and the appendix each start a page after the summary
    expect(pdfPages(file)).toBeGreaterThanOrEqual(1 + 5 + 2);

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
