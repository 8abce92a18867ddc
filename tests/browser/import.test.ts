/// <reference lib="dom" />
/**
 * Imports from the dashboard (issue 23) in Chromium: an administrator opens データ取込, chooses
 * a CSV of actual values saved by Excel in Shift_JIS, sees every change before it happens (the
 * value and its printed text, before → after), confirms, finds the new figures on the indicator's
 * page, and the import in the audit log. A damaged CSV shows each problem with its row and
 * column and writes nothing. Screenshots go to tests/screenshots/ (gitignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import iconv from 'iconv-lite';
import type { Browser, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';
import { signedInPage } from './support/sign-in.js';
import { firstAccount, makeUser } from '../support/api-client.js';
import { databaseChecksum } from '../support/db.js';
import { importClient } from '../support/import-jobs.js';
import { SEEDS_DIR } from '../../server/src/dataset/seeds.js';

/** The data, not the sign-in (a session row moves with every mutation: its last write's WAL position) nor the import jobs' own rows. */
const DATA = { except: ['session', 'import_job'] };
import { foreignWordsInContext } from '../support/japanese-text.js';

const SHOTS = resolve(import.meta.dirname, '../screenshots');
/** Another administrator's imports meanwhile, through the API. */
const TOKEN = 'browser-import-admin-token-0123456789';

describe.skipIf(!browserTestsEnabled())('imports from the dashboard (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let isesaki: { code: string; id: number };
  const problems: string[] = [];

  const signedIn = (email: string) => signedInPage(browser, server.baseUrl, email, problems);

  async function choose(page: Page, name: string, bytes: Buffer) {
    await page.setInputFiles('[data-testid="import-file"]', { name, mimeType: 'text/csv', buffer: bytes });
    await page.selectOption('[data-testid="import-city"]', isesaki.code);
    await page.click('[data-testid="import-preview"]');
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ PUBLIC_MODE: '0', ADMIN_TOKEN: TOKEN });
    isesaki = (await server.db.query<{ code: string; id: number }>(`select code, id from municipality where name = '伊勢崎市'`))[0]!;
    const root = await firstAccount(server);
    await makeUser(root, 'kanri@isesaki.example.jp', 'ADMINISTRATOR', isesaki.code);
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an administrator imports a Shift_JIS CSV of actual values through the preview', async () => {
    const { context, page } = await signedIn('kanri@isesaki.example.jp');
    await page.locator('.main-nav a', { hasText: 'データ取込' }).click();
    await page.waitForURL(/\/import/);
    // As Excel saves 「CSV（コンマ区切り）」 on Japanese Windows: Shift_JIS, CRLF, era years.
    const csv = iconv.encode('指標,年度,種別,値,表記\r\n1-1-1-i1,令和4年度,実績値,6100,"6,100人"\r\n1-1-1-i1,令和5年度,実績値,7250,"7,250人"\r\n', 'Shift_JIS');
    const before = await databaseChecksum(server.db, DATA);
    await choose(page, '令和5年度実績.csv', csv);
    const ready = page.locator('[data-testid="import-ready"]');
    await ready.waitFor();
    expect(await ready.locator('h2').textContent()).toBe('伊勢崎市への取込の変更点（令和5年度実績.csv、CSV（Shift_JIS））');
    const changes = await page.locator('[data-testid="import-change"]').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent!.trim())));
    expect(changes).toEqual([
      ['指標値 1-1-1-i1 令和4年度 実績値', '値', '5900', '6100'],
      ['表記', '5,900人', '6,100人'],
    ]);
    expect(await page.locator('[data-testid="import-added"] [data-testid="import-record"]').allTextContents()).toEqual(['指標値 1-1-1-i1 令和5年度 実績値']);
    // Records the city has that the file lacks are counted, and kept unless the box is ticked.
    expect(await page.locator('[data-testid="import-missing"] summary').textContent()).toMatch(/ファイルにない記録 \d+件/);
    expect(await page.locator('[data-testid="import-remove-missing"]').isChecked()).toBe(false);
    const main = await page.locator('main').innerText();
    expect(foreignWordsInContext(main, ['令和5年度実績.csv', 'CSV（Shift_JIS）', '1-1-1-i1', 'UTF-8', 'Shift_JIS', 'JSON', 'Excel', 'CSV'])).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'import-preview-ja.png'), fullPage: true });
    // Nothing is written until the administrator confirms.
    expect(await databaseChecksum(server.db, DATA)).toBe(before);

    await page.click('[data-testid="import-confirm"]');
    const done = page.locator('[data-testid="import-done"]');
    await done.waitFor();
    expect(await done.innerText()).toContain('指標値：追加 1件・変更 1件・変更なし 0件');
    await page.screenshot({ path: join(SHOTS, 'import-done-ja.png'), fullPage: true });

    // The dashboard shows the new figures on the indicator's page.
    const indicatorId = (await server.db.query<{ id: number }>(`select id from indicator where municipality_id = $1 and key = '1-1-1-i1'`, [isesaki.id]))[0]!.id;
    await page.goto(`${server.baseUrl}/indicators/${indicatorId}?city=${isesaki.code}`, { waitUntil: 'networkidle' });
    const values = page.locator('[data-testid="indicator-value"]');
    await expect.poll(async () => (await values.allInnerTexts()).join('\n')).toMatch(/令和4年度[^\n]*6,100/);
    expect((await values.allInnerTexts()).join('\n')).toMatch(/令和5年度[^\n]*7,250/);

    // The audit log lists the import with the file's name and what it did.
    await page.goto(`${server.baseUrl}/audit`, { waitUntil: 'networkidle' });
    const first = page.locator('[data-testid="audit-row"]').first();
    await expect.poll(() => first.locator('th').textContent()).toBe('データの取込');
    expect(await first.innerText()).toContain('令和5年度実績.csv');
    expect(await first.innerText()).toContain('追加 1件・変更 1件');

    // …and exports it to CSV for Excel: Japanese headers, the acts in words, no codes.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="audit-csv"]')]);
    expect(download.suggestedFilename()).toMatch(/^監査ログ_\d{4}-\d{2}-\d{2}\.csv$/);
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(exported.startsWith('\ufeff日時,操作,操作した人,自治体,対象,内容,ファイルのハッシュ値\r\n')).toBe(true);
    const lines = exported.slice(1).trim().split('\r\n');
    // Every entry this city's administrator may see (row-level security: the city's own).
    expect(lines.length - 1).toBe(Number((await server.db.query<{ n: string }>(`select count(*) as n from audit_log where municipality_id = $1`, [isesaki.id]))[0]!.n));
    expect(lines[1]).toMatch(/^令和\d+年\d+月\d+日 \d+:\d+,データの取込,kanri@isesaki\.example\.jp,伊勢崎市,令和5年度実績\.csv,追加 1件・変更 1件・変更なし 0件,[0-9a-f]{64}$/);
    const hashes = [...exported.matchAll(/[0-9a-f]{64}/g)].map((m) => m[0]);
    expect(foreignWordsInContext(exported, ['kanri@isesaki.example.jp', 'root', '令和5年度実績.csv', 'isesaki-004.json', ...hashes])).toEqual([]);
    await context.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('a damaged CSV shows each problem with its row and column and writes nothing; cancel writes nothing', async () => {
    const { context, page } = await signedIn('kanri@isesaki.example.jp');
    await page.goto(`${server.baseUrl}/import`, { waitUntil: 'networkidle' });
    const before = await databaseChecksum(server.db, DATA);
    await choose(page, 'bad.csv', Buffer.from('指標,年度,種別,値,表記\n1-1-1-i1,令和X年度,実績値,1,1\n1-1-1-i1,2023,見込み,2,2\n'));
    const list = page.locator('[data-testid="import-problem"]');
    await expect.poll(() => list.count()).toBe(2);
    const rows = await list.allInnerTexts();
    expect(rows[0]).toMatch(/bad\.csv 指標値 2行目 B（年度）/);
    expect(rows[1]).toMatch(/3行目 C（種別）\s+「見込み」は選択肢にありません/);
    await page.screenshot({ path: join(SHOTS, 'import-problems-ja.png'), fullPage: true });
    expect(await databaseChecksum(server.db, DATA)).toBe(before);

    // A JSON file's place is its path; a bad city code says what a code is and what was found.
    const seed = JSON.parse(readFileSync(join(SEEDS_DIR, 'isesaki-004.json'), 'utf8'));
    seed.municipality.code = '10204X';
    // The city comes from the file: no city to choose.
    await page.setInputFiles('[data-testid="import-file"]', { name: 'isesaki.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(seed)) });
    await page.click('[data-testid="import-preview"]');
    await expect
      .poll(() => list.allInnerTexts())
      .toEqual([expect.stringMatching(/^isesaki\.json municipality\.code\s+自治体コードは6桁の数字（全国地方公共団体コード：.*）です。書かれていたのは「10204X」です/)]);
    expect(await databaseChecksum(server.db, DATA)).toBe(before);

    await choose(page, 'ok.csv', Buffer.from('指標,年度,種別,値,表記\n1-1-1-i1,2022,実績値,1,1\n'));
    await page.locator('[data-testid="import-ready"]').waitFor();
    await page.click('[data-testid="import-cancel"]');
    await page.locator('[data-testid="import-cancelled"]').waitFor();
    expect(await databaseChecksum(server.db, DATA)).toBe(before);

    // In English.
    await page.selectOption('.lang select', 'en');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Import data');
    await context.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('the file chooser speaks the page’s language, opens from the keyboard and is named for screen readers; no filter bar on the administrators’ pages', async () => {
    const { context, page } = await signedIn('kanri@isesaki.example.jp');
    await page.goto(`${server.baseUrl}/import`, { waitUntil: 'networkidle' });
    const chooser = page.getByLabel('取り込むファイル', { exact: true });
    expect(await chooser.getAttribute('type')).toBe('file');
    expect(await page.locator('[data-testid="file-chooser-button"]').innerText()).toBe('ファイルを選ぶ');
    expect(await page.locator('[data-testid="file-chooser-name"]').innerText()).toBe('ファイルが選ばれていません');
    // The browser's own button text is out of sight; what a person sees is the page's own, in Japanese.
    const box = await page.locator('[data-testid="file-chooser-button"]').boundingBox();
    expect(box!.width).toBeGreaterThan(40);
    await page.screenshot({ path: join(SHOTS, 'import-chooser-ja.png'), clip: { x: 0, y: 0, width: 1360, height: 500 } });
    // Tab reaches the input, its focus shows on the button, and Space opens the file dialog.
    await page.locator('h1').click();
    for (let i = 0; i < 30 && !(await chooser.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await chooser.evaluate((e) => e === document.activeElement)).toBe(true);
    expect(await page.locator('[data-testid="file-chooser-button"]').evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');
    const [dialog] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await dialog.setFiles({ name: '実績値.csv', mimeType: 'text/csv', buffer: Buffer.from('指標,年度,種別,値,表記\n1-1-1-i1,2022,実績値,1,1\n') });
    await expect.poll(() => page.locator('[data-testid="file-chooser-name"]').innerText()).toBe('実績値.csv');
    // Screen readers hear the label and, as its description, the file chosen.
    const described = await chooser.evaluate((e) => document.getElementById(e.getAttribute('aria-describedby')!)?.textContent?.trim());
    expect(described).toBe('実績値.csv');
    await page.screenshot({ path: join(SHOTS, 'import-chooser-chosen-ja.png'), clip: { x: 0, y: 0, width: 1360, height: 500 } });
    await page.selectOption('.lang select', 'en');
    await expect.poll(() => page.locator('[data-testid="file-chooser-button"]').innerText()).toBe('Choose a file');
    expect(await page.getByLabel('File to import', { exact: true }).getAttribute('type')).toBe('file');
    await page.screenshot({ path: join(SHOTS, 'import-chooser-en.png'), clip: { x: 0, y: 0, width: 1360, height: 500 } });
    await page.selectOption('.lang select', 'ja');

    // The filter bar (city, plan, year, stage, department) means nothing on these pages.
    for (const path of ['/import', '/audit', '/admin/users', '/account']) {
      await page.goto(`${server.baseUrl}${path}`, { waitUntil: 'networkidle' });
      await page.locator('h1').waitFor();
      expect(await page.locator('.filter-bar').count(), path).toBe(0);
    }
    await page.screenshot({ path: join(SHOTS, 'account-no-filters-ja.png'), fullPage: true });
    // …and stays where it does.
    await page.goto(`${server.baseUrl}/`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.locator('.filter-bar').count()).toBe(1);
    await context.close();
    expect(problems).toEqual([]);
  }, 120_000);

  it('a confirmation after the city’s data changed since the preview is refused in Japanese, writes nothing, and offers a new preview', async () => {
    const { context, page } = await signedIn('kanri@isesaki.example.jp');
    await page.goto(`${server.baseUrl}/import`, { waitUntil: 'networkidle' });
    await choose(page, '令和6年度実績.csv', Buffer.from('指標,年度,種別,値,表記\n1-1-1-i1,2024,実績値,8000,"8,000人"\n'));
    await page.locator('[data-testid="import-ready"]').waitFor();
    // Meanwhile another administrator imports into the same city.
    const other = importClient(server.baseUrl, TOKEN);
    const theirs = await other.start('別の実績.csv', Buffer.from('指標,年度,種別,値,表記\n1-1-1-i1,2022,実績値,6200,"6,200人"\n'), isesaki.code);
    expect((await other.confirm(theirs.id)).data!.job.state).toBe('DONE');

    const before = await databaseChecksum(server.db, DATA);
    await page.click('[data-testid="import-confirm"]');
    const stale = page.locator('[data-testid="import-stale"]');
    await stale.waitFor();
    expect(await stale.locator('h2').innerText()).toBe('伊勢崎市のデータがプレビューの後に変わったため、取り込んでいません');
    expect(await stale.innerText()).toContain('何も書き込んでいません。もう一度プレビューして、変更点を確かめてから確定してください');
    expect(foreignWordsInContext(await page.locator('main').innerText(), ['令和6年度実績.csv', 'UTF-8', 'Shift_JIS', 'JSON', 'Excel', 'CSV'])).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'import-stale-ja.png'), fullPage: true });
    expect(await databaseChecksum(server.db, DATA)).toBe(before);

    await page.click('[data-testid="import-preview-again"]');
    await page.locator('[data-testid="import-ready"]').waitFor();
    expect(await page.locator('[data-testid="import-added"] [data-testid="import-record"]').allTextContents()).toEqual(['指標値 1-1-1-i1 令和6年度 実績値']);
    await page.click('[data-testid="import-confirm"]');
    await page.locator('[data-testid="import-done"]').waitFor();
    const [row] = await server.db.query<{ text: string }>(
      `select v.text from indicator_value v join indicator i on i.id = v.indicator_id where i.municipality_id = $1 and i.key = '1-1-1-i1' and v.kind = 'actual' and v.fiscal_year = 2024`,
      [isesaki.id],
    );
    expect(row?.text).toBe('8,000人');
    await context.close();
    expect(problems).toEqual([]);
  }, 120_000);
});
