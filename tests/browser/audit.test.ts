/// <reference lib="dom" />
/**
 * The audit log page (issue 19, finding 9) in Chromium: an administrator finds 監査ログ in the
 * header, sees the acts newest first in Japanese — the kinds of act in words, the time with its
 * era, no code or enum value — filters them by kind (the filter in the URL), and reads the same
 * in English; a viewer has no such link, and the page tells them it is for administrators.
 * Screenshots go to tests/screenshots/ (gitignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';
import { signedInPage } from './support/sign-in.js';
import { PASSWORD, firstAccount, makeUser } from '../support/api-client.js';
import { foreignWordsInContext } from '../support/japanese-text.js';

const SHOTS = resolve(import.meta.dirname, '../screenshots');
const SEEDS = join(import.meta.dirname, '../../data/seeds');

describe.skipIf(!browserTestsEnabled())('audit log page (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let A: { code: string };
  /** Data shown as it is: e-mail addresses, file and token names, the hash. */
  const data: string[] = [];
  const problems: string[] = [];

  const signedIn = (email: string) => signedInPage(browser, server.baseUrl, email, problems);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ PUBLIC_MODE: '0' });
    A = (await server.db.query<{ code: string; name: string }>(`select code, name from municipality`)).find((c) => c.name.includes('伊勢崎'))!;
    const root = await firstAccount(server);
    const admin = await makeUser(root, 'kanri@isesaki.example.jp', 'ADMINISTRATOR', A.code);
    await makeUser(root, 'etsuran@isesaki.example.jp', 'VIEWER', A.code);
    // Acts to see: an import, publishing, a user, a change of role, a token.
    const file = readFileSync(join(SEEDS, 'isesaki-004.json'));
    const r = await admin.gql(`mutation ($c: String!) { importDataset(fileName: "isesaki-004.json", contentBase64: $c) { ok } }`, { c: file.toString('base64') });
    expect(r.data.importDataset.ok).toBe(true);
    await admin.gql(`mutation { setPublished(municipalityCode: "${A.code}", fiscalYear: 2022, published: true) }`);
    const u = await admin.gql(`mutation { createUser(email: "bunseki@isesaki.example.jp", displayName: "分析 花子", role: ANALYST, password: "${PASSWORD}") { id } }`);
    await admin.gql(`mutation ($id: ID!) { updateUser(id: $id, role: VIEWER) { id } }`, { id: u.data.createUser.id });
    await admin.gql(`mutation { createApiToken(name: "集計用", days: 30) { id } }`);
    const hash = (await server.db.query<{ h: string }>(`select details->>'sha256' as h from audit_log where action = 'import' order by id desc limit 1`))[0]!.h;
    data.push('root', 'kanri@isesaki.example.jp', 'etsuran@isesaki.example.jp', 'bunseki@isesaki.example.jp', 'isesaki-004.json', hash.slice(0, 12));
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an administrator reads the log in Japanese, newest first, with era dates and no codes', async () => {
    const { context, page } = await signedIn('kanri@isesaki.example.jp');
    const link = page.locator('.main-nav a', { hasText: '監査ログ' });
    await expect.poll(() => link.count()).toBe(1);
    await link.click();
    await page.waitForURL(/\/audit/);
    const rows = page.locator('[data-testid="audit-row"]');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(5);
    const kinds = await rows.locator('th').allTextContents();
    expect(kinds.slice(0, 5)).toEqual(['APIトークンの作成', '利用者の変更', '利用者の作成', '年度の公開', 'データの取込']);
    const text = (await rows.allTextContents()).join('\n');
    expect(text).toMatch(/令和\d+年\d+月\d+日/);
    expect(text).toContain('役割：分析担当 → 閲覧者');
    expect(text).toContain('役割：分析担当');
    expect(text).toContain('令和4年度');
    expect(text).toMatch(/有効期限：令和\d+年\d+月\d+日/);
    expect(await page.locator('[data-panel="audit-log"] h2, [data-panel="audit-log"] h3').first().textContent()).toMatch(/監査ログ（\d+件）/);
    expect(text).toMatch(/追加 0件・変更 0件・変更なし \d+件/);
    // No English prose and no raw codes; data (addresses, file names, the hash) stays as it is.
    const main = await page.locator('main').innerText();
    expect(foreignWordsInContext(main, data)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'audit-ja.png'), fullPage: true });

    // Filtered by kind: the filter is in the URL, and only those acts are listed.
    await page.selectOption('[data-testid="audit-kind"]', 'PUBLISH');
    await page.waitForURL(/kind=PUBLISH/);
    await expect.poll(async () => [...new Set(await rows.locator('th').allTextContents())]).toEqual(['年度の公開']);

    // In English.
    await page.selectOption('.lang select', 'en');
    await expect.poll(() => rows.first().locator('th').textContent()).toBe('Fiscal year published');
    expect(await page.locator('h1').textContent()).toBe('Audit log');
    expect(await page.locator('[data-panel="audit-log"] h2, [data-panel="audit-log"] h3').first().textContent()).toMatch(/Audit log（1 entry）/);
    await page.screenshot({ path: join(SHOTS, 'audit-en.png'), fullPage: true });
    await context.close();
    expect(problems).toEqual([]);
  });

  it('a viewer has no link to it, and the page says it is for administrators', async () => {
    const { context, page } = await signedIn('etsuran@isesaki.example.jp');
    await page.waitForSelector('.main-nav');
    expect(await page.locator('.main-nav a', { hasText: '監査ログ' }).count()).toBe(0);
    await page.goto(`${server.baseUrl}/audit`, { waitUntil: 'networkidle' });
    await expect.poll(() => page.locator('[data-testid="audit-forbidden"]').textContent()).toBe('監査ログは管理者だけが見られます。');
    expect(await page.locator('[data-testid="audit-row"]').count()).toBe(0);
    await context.close();
  });
});
