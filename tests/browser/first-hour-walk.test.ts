/**
 * What new users met in their first hour with the product (a walk through every view as an
 * executive, an analyst and report staff, in Chromium on the bundled data), one test per defect,
 * each written as the person's task and checking what they see or hear:
 * - the lagging panels named one of several tied areas as "the most lagging", and the overview
 *   ranked the tied areas differently from the report's front page;
 * - the report printed its dates in the Western calendar (2026年12月8日) beside era years;
 * - the evaluation list could not be reached from the navigation, nor GraphiQL from the dashboard;
 * - the stage comparison's summary read "21 / 評価が異なる対象 2" (21 what?);
 * - a lagging area's page said only "この項目の評価はありません" (an area is rated through its
 *   measures) and led nowhere to the ratings the overview had counted for it;
 * - a screen reader heard the tables' numbers as "2 link, 0 link" and the filter bar's two
 *   checkboxes both as "配下を含む";
 * - columns of numbers stood right-aligned under headers aligned left (収録データ, 評価の低い…).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';
import { openPage, panelTable, settle } from './support/page.js';

const ISESAKI = '102041';
const AYASE = '142182';

describe.skipIf(!browserTestsEnabled())('a new user’s first hour: what the walk found (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let ja: BrowserContext;
  let en: BrowserContext;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    ja = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
    en = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
    await en.addInitScript(() => localStorage.setItem('seisaku.locale', 'en'));
  });
  afterAll(async () => {
    await ja?.close();
    await en?.close();
    await browser?.close();
    await server?.stop();
  });

  const summaryOf = (page: Page, panel: string) => page.locator(`[data-panel="${panel}"] .summary`).first().innerText();
  /** Rows of a lagging table as [name, lagging count]. */
  const laggingCounts = async (page: Page, panel: string) => (await panelTable(page, `[data-panel="${panel}"]`)).map((r) => [r[0]!, Number(r[r.length - 2])] as const);

  it('executive: the overview’s “most lagging” sentence is true when several areas and departments tie, in Japanese and English', async () => {
    const { page, problems } = await openPage(ja, server.baseUrl, `/?city=${ISESAKI}&fy=2022`);
    for (const panel of ['lagging-areas', 'lagging-departments']) {
      const rows = await laggingCounts(page, panel);
      const most = rows[0]![1];
      const tied = rows.filter(([, n]) => n === most);
      // 伊勢崎's areas: four share the most C/D ratings; its departments: seven share one each.
      expect(tied.length, panel).toBeGreaterThan(1);
      const summary = await summaryOf(page, panel);
      expect(summary).toContain(`最も多いのは${most}件で`);
      expect(summary).toContain(`${tied.length}つが並びます`);
      for (const [name] of tied.slice(0, 3)) expect(summary).toContain(name);
    }
    expect(problems).toEqual([]);
    await page.close();

    const english = await openPage(en, server.baseUrl, `/?city=${ISESAKI}&fy=2022`);
    const summary = await summaryOf(english.page, 'lagging-areas');
    expect(summary).toMatch(/4 tie for the most low ratings \(C\/D\), 2 each: .+ and others\./);
    await english.page.close();
  });

  it('executive: the overview ranks the lagging areas as the report’s front page does (the worst of the tied first)', async () => {
    const overview = await openPage(ja, server.baseUrl, `/?city=${ISESAKI}&fy=2022`);
    const fromOverview = (await laggingCounts(overview.page, 'lagging-areas')).slice(0, 5).map(([name]) => name);
    await overview.page.close();
    const report = await openPage(ja, server.baseUrl, `/report?municipality=${ISESAKI}&year=2022`);
    await report.page.waitForSelector('[data-report-ready]');
    const fromReport = (await laggingCounts(report.page, 'report-lowest-areas')).map(([name]) => name);
    await report.page.close();
    expect(fromReport.length).toBe(5);
    expect(fromOverview).toEqual(fromReport);
    // 基本政策1 has two D where the others tied with it have C: it leads both.
    expect(fromOverview[0]).toMatch(/^1 /);
  });

  it('report staff: the report screen prints when it was made with the era, like every year on it', async () => {
    const { page } = await openPage(ja, server.baseUrl, `/report?municipality=${ISESAKI}&year=2022`);
    await page.waitForSelector('[data-report-ready]');
    const head = await page.locator('main').innerText();
    expect(head).toMatch(/作成日時: 令和\d+年\d+月\d+日 \d{2}:\d{2}/);
    expect(head).toMatch(/データの集計日時: 令和\d+年\d+月\d+日 \d{2}:\d{2}/);
    expect(head).not.toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    await page.close();
  });

  it('analyst, keyboard only: the evaluation list and GraphiQL are in the header, by name, and open with Enter', async () => {
    const { page } = await openPage(ja, server.baseUrl, `/?city=${ISESAKI}`);
    const nav = page.getByRole('navigation', { name: 'メイン' });
    const link = nav.getByRole('link', { name: '評価一覧' });
    expect(await link.count()).toBe(1);
    // Tab from the top of the page until the link has the focus, then Enter.
    await page.locator('body').focus();
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await link.evaluate((el) => el === document.activeElement);
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/evaluations\?/);
    await settle(page);
    // The filters came along, and the navigation says where the reader is.
    expect(new URL(page.url()).searchParams.get('city')).toBe(ISESAKI);
    expect(await link.getAttribute('aria-current')).toBe('page');
    expect(await page.locator('[data-panel="evaluation-list"]').getAttribute('data-state')).toBe('ready');

    const api = page.getByRole('link', { name: 'API（GraphiQL）' });
    expect(await api.count()).toBe(1);
    await api.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/graphiql\/$/);
    await page.locator('.graphiql-container').waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('executive: the stage comparison says in a sentence what its numbers count', async () => {
    const { page } = await openPage(ja, server.baseUrl, `/compare?city=${AYASE}`);
    const summary = await page.locator('[data-testid="stage-summary"]').innerText();
    expect(summary).toMatch(/^一次評価（自己評価）と二次評価の両方で評価された\d+件のうち、評価が異なるのは\d+件（二次評価が厳しい ▼ \d+件・甘い ▲ \d+件）、同じは\d+件です。$/);
    await page.close();
  });

  it('executive: from a lagging area on the overview to the ratings counted for it', async () => {
    const { page, problems } = await openPage(ja, server.baseUrl, `/?city=${ISESAKI}&fy=2022`);
    const [first] = await laggingCounts(page, 'lagging-areas');
    const area = page.locator('[data-panel="lagging-areas"] tbody tr').first().locator('th a');
    const areaCode = (await area.innerText()).trim().split(/\s/)[0]!;
    await area.click();
    await page.waitForURL(/\/policy\/\d+/);
    await settle(page);
    const node = page.locator('[data-panel="node"]');
    expect(await node.innerText()).toContain('この項目自体の評価はありません。');
    await node.getByRole('link', { name: 'この項目の配下の評価を一覧で見る' }).click();
    await page.waitForURL(/\/evaluations\?.*area=/);
    await settle(page);
    const subjects = await page.locator('[data-panel="evaluation-list"] tbody th').allInnerTexts();
    expect(subjects.length).toBeGreaterThan(0);
    // Measures carry their codes: every one rated here is under the area.
    const coded = subjects.map((s) => s.trim()).filter((s) => /^\d+(-\d+)+ /.test(s));
    expect(coded.length).toBeGreaterThan(0);
    for (const s of coded) expect(s.startsWith(`${areaCode}-`), s).toBe(true);
    expect(first![0]).toContain(areaCode);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('screen reader: every number link of a table says its row and column; the two 配下を含む boxes say whose', async () => {
    const { page } = await openPage(ja, server.baseUrl, `/?city=${ISESAKI}&fy=2022`);
    await panelTable(page, '[data-panel="lagging-areas"]');
    const links = page.locator('[data-panel="lagging-areas"] tbody td').getByRole('link');
    const names = await links.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()));
    expect(names.length).toBeGreaterThan(5);
    for (const n of names) expect(n, n).toMatch(/^\d[\d-]* .+・.+: \d+$/);
    const first = (await page.locator('[data-panel="lagging-areas"] tbody tr').first().locator('th').innerText()).trim();
    expect(await page.getByRole('link', { name: `${first}・D: `, exact: false }).count()).toBe(1);

    const form = page.getByRole('form', { name: '絞り込み' });
    expect(await form.getByRole('checkbox', { name: '組織の配下を含む', exact: true }).count()).toBe(1);
    expect(await form.getByRole('checkbox', { name: '政策分野の配下を含む', exact: true }).count()).toBe(1);
    await page.close();
  });

  it('executive: a column of numbers has its header above the numbers, not across the column', async () => {
    const { page } = await openPage(ja, server.baseUrl, `/?city=${ISESAKI}&fy=2022`);
    for (const panel of ['lagging-areas', 'city-counts']) {
      const table = page.locator(`[data-panel="${panel}"] table`).first();
      await table.waitFor();
      const aligned = await table.evaluate((t) => {
        const heads = [...t.querySelectorAll('thead th')];
        const first = t.querySelector('tbody tr');
        const cells = first ? [...first.children] : [];
        return heads.map((h, i) => [h.textContent?.trim(), getComputedStyle(h).textAlign, cells[i] ? getComputedStyle(cells[i]).textAlign : ''] as const);
      });
      const numeric = aligned.filter(([, , cell]) => cell === 'right');
      expect(numeric.length, panel).toBeGreaterThan(0);
      for (const [name, head] of numeric) expect(head, `${panel}: ${name}`).toBe('right');
    }
    await page.close();
  });
});
