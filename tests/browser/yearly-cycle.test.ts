/// <reference lib="dom" />
/**
 * The yearly cycle run as people run it (issue 23), in Chromium against the built server with a
 * real SMTP server in this process: the administrator creates an editor and a reviewer on the
 * users page and opens the cycle with a deadline (and a deadline for another department that has
 * already passed); the editor enters and submits; the reviewer returns it; the editor sees the
 * bell and the notification and receives the e-mail; the editor resubmits and the reviewer
 * accepts; the other department shows as overdue on the progress page with its reminder sent (and
 * its editor has the e-mail); the overview shows the open cycle in one line; the last
 * administrator cannot be deactivated; the audit log holds every step. Time: the worker runs
 * every 500 ms on the real clock; reminders days ahead are tested with an injected clock in
 * tests/integration/reminders.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signIn as signInAs, watchProblems } from './support/sign-in.js';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';
import { ApiClient, firstAccount, makeUser, PASSWORD } from '../support/api-client.js';
import { TestSmtpServer } from '../support/smtp.js';
import { foreignWords } from '../support/japanese-text.js';
import { tokyoDate } from '../../server/src/cycle/clock.js';

const SHOTS = process.env.SHOTS_DIR ?? resolve(import.meta.dirname, '../screenshots');
const ISESAKI = '102041';
const YEAR = 2031;
const EDITOR = 'hanako@isesaki.example.jp';
const REVIEWER = 'taro@isesaki.example.jp';
const OTHER_EDITOR = 'jiro@isesaki.example.jp';
const PUBLIC_URL = 'https://hyoka.city.example.jp';
const day = (offset: number) => tokyoDate(new Date(Date.now() + offset * 86_400_000));

describe.skipIf(!browserTestsEnabled())('the yearly cycle as people run it (browser)', () => {
  let server: RunningServer;
  let smtp: TestSmtpServer;
  let browser: Browser;
  let admin: BrowserContext;
  let editor: BrowserContext;
  let reviewer: BrowserContext;
  let subject: number;
  let dept: number;
  let otherDept: number;
  let otherDeptName: string;
  const problems: string[] = [];

  // Refused requests (a refused deactivation) are expected here.
  const newPage = async (context: BrowserContext): Promise<Page> => watchProblems(await context.newPage(), problems, [400, 401, 403, 409]);
  const signIn = (p: Page, email: string) => signInAs(p, server.baseUrl, email);
  const entryUrl = () => `${server.baseUrl}/entry/policy_node/${subject}?city=${ISESAKI}&fy=${YEAR}&stage=self`;
  async function openEntry(p: Page) {
    await p.goto(entryUrl(), { waitUntil: 'networkidle' });
    await p.waitForSelector('[data-testid="entry-status"]');
  }
  async function waitStatus(p: Page, text: string) {
    await p.waitForFunction((t) => document.querySelector('[data-testid="entry-status"]')?.textContent?.trim() === t, text);
  }
  /** Reloads until `selector` shows (the worker runs every 500 ms, the bell asks on load). */
  async function reloadUntil(p: Page, selector: string, ms = 20_000) {
    const until = Date.now() + ms;
    for (;;) {
      if (await p.locator(selector).count()) return;
      if (Date.now() > until) throw new Error(`${selector} did not appear`);
      await p.waitForTimeout(700);
      await p.reload({ waitUntil: 'networkidle' });
    }
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    smtp = new TestSmtpServer();
    await smtp.start(0);
    server = await startServer({ PUBLIC_MODE: '0', SMTP_URL: smtp.url, MAIL_FROM: 'hyoka@city.example.jp', PUBLIC_URL, REMINDER_INTERVAL_MS: '500' });
    const q = server.db.query;
    const [city] = await q<{ id: number }>(`select id from municipality where code = $1`, [ISESAKI]);
    const subjects = await q<{ node: number; dept: number; name: string }>(
      `select distinct on (es.department_id) es.policy_node_id as node, es.department_id as dept, d.name
         from evaluation_subject es join department d on d.id = es.department_id
        where es.municipality_id = $1 and es.stage = 'self' and es.subject_kind = 'policy_node' order by es.department_id, es.id limit 2`,
      [city!.id],
    );
    subject = subjects[0]!.node;
    dept = subjects[0]!.dept;
    otherDept = subjects[1]!.dept;
    otherDeptName = subjects[1]!.name;
    // The first account as `npm run admin:create` makes it; the other department's editor through the API.
    const root = await firstAccount(server);
    await makeUser(root, OTHER_EDITOR, 'DEPARTMENT_EDITOR', ISESAKI, otherDept);
    browser = await launchChromium();
    admin = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    editor = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    reviewer = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
  });

  it('the administrator creates two users on the users page', async () => {
    const p = await newPage(admin);
    await signIn(p, 'root@example.jp');
    await p.goto(`${server.baseUrl}/admin/users?city=${ISESAKI}`, { waitUntil: 'networkidle' });
    const create = async (email: string, name: string, role: string, department?: number) => {
      await p.fill('[data-testid="new-email"]', email);
      await p.fill('[data-testid="new-name"]', name);
      await p.selectOption('[data-testid="new-role"]', role);
      if (department) await p.selectOption('[data-testid="new-department"]', String(department));
      await p.fill('[data-testid="new-password"]', PASSWORD);
      await p.click('[data-testid="new-submit"]');
      await p.waitForSelector(`[data-testid="user-row-${email}"]`);
    };
    await create(EDITOR, '所管 花子', 'DEPARTMENT_EDITOR', dept);
    expect(await p.textContent('[data-testid="users-notice"]')).toContain('所管 花子さんを作成しました');
    await create(REVIEWER, '企画 太郎', 'REVIEWER');
    const row = p.locator(`[data-testid="user-row-${EDITOR}"]`);
    expect(await row.textContent()).toContain('所管課の入力担当');
    expect(foreignWords(await p.innerText('main'), ['example', 'jp', 'root', 'isesaki', 'hanako', 'taro', 'jiro'])).toEqual([]);
    await p.screenshot({ path: resolve(SHOTS, 'users-page.png'), fullPage: true });
    await p.close();
  });

  it('the administrator opens the cycle with a deadline, and another department’s that has passed', async () => {
    const p = await newPage(admin);
    await p.goto(`${server.baseUrl}/progress?city=${ISESAKI}&fy=${YEAR}&stage=self`, { waitUntil: 'networkidle' });
    await p.waitForSelector('[data-testid="cycle-form"]');
    expect(await p.textContent('[data-testid="cycle-none"]')).toContain('令和13年度');
    await p.fill('[data-testid="cycle-opens"]', day(-10));
    await p.fill('[data-testid="cycle-deadline"]', day(14));
    await p.waitForSelector('[data-testid="cycle-reviewer"] option:has-text("企画 太郎")', { state: 'attached' });
    await p.selectOption('[data-testid="cycle-reviewer"]', { label: '企画 太郎' });
    await p.click('[data-testid="cycle-add-own"]');
    await p.selectOption('[data-testid="cycle-own-dept-0"]', String(otherDept));
    await p.fill('[data-testid="cycle-own-deadline-0"]', day(-1));
    await p.click('[data-testid="cycle-save"]');
    expect(await (await p.waitForSelector('[data-testid="cycle-message"]')).textContent()).toContain('周期を開きました');
    const summary = await (await p.waitForSelector('[data-testid="cycle-summary"]')).textContent();
    await p.screenshot({ path: resolve(SHOTS, 'cycle-opened.png'), fullPage: true });
    expect(summary).toContain('確認者：企画 太郎');
    expect(await p.textContent('[data-testid="cycle-panel"]')).toContain(`${otherDeptName}の期限`);
    await p.close();
  });

  it('the editor submits, the reviewer returns it, and the editor sees the bell and gets the e-mail', async () => {
    const e = await newPage(editor);
    const r = await newPage(reviewer);
    await signIn(e, EDITOR);
    await openEntry(e);
    await e.locator('[data-testid="rating-group"] input[type="radio"]').first().check();
    await e.fill('#entry-achievement', '目標の8割を達成した。');
    await e.click('[data-testid="entry-save"]');
    await waitStatus(e, '下書き');
    await e.click('[data-testid="entry-submit"]');
    await waitStatus(e, '提出済');

    // The reviewer is told (the bell) and returns it with a reason.
    await signIn(r, REVIEWER);
    await reloadUntil(r, '[data-testid="bell-count"]');
    await openEntry(r);
    await r.fill('#entry-return-comment', '課題への対応を書いてください。');
    await r.click('[data-testid="entry-return"]');
    await waitStatus(r, '差戻し');

    await openEntry(e);
    await reloadUntil(e, '[data-testid="bell-count"]');
    expect(await e.getAttribute('[data-testid="bell"]', 'aria-label')).toMatch(/通知（未読 [1-9]\d*件）/);
    await e.click('[data-testid="bell"]');
    const note = e.locator('[data-testid="notification"]', { hasText: '【差戻し】' }).first();
    await note.waitFor();
    expect(await note.textContent()).toContain('差戻しの理由: 課題への対応を書いてください。');
    expect(await note.textContent()).toContain('令和13年度 一次評価');
    await e.screenshot({ path: resolve(SHOTS, 'bell-returned.png'), fullPage: false });
    // The link in the list opens the item.
    await note.locator('a').click();
    await e.waitForURL(/\/entry\/policy_node\//);

    const mail = (await smtp.waitFor(1)) && (await waitForMail(smtp, (m) => m.to.includes(EDITOR) && m.subject.startsWith('【差戻し】')));
    expect(mail.subject).toMatch(/^【差戻し】.+（令和13年度 一次評価）$/);
    expect(mail.text).toContain('差戻しの理由: 課題への対応を書いてください。');
    expect(mail.text).toContain(`開く: ${PUBLIC_URL}/entry/policy_node/${subject}?city=${ISESAKI}&fy=${YEAR}&stage=self`);
    const toReviewer = await waitForMail(smtp, (m) => m.to.includes(REVIEWER) && m.subject.startsWith('【提出】'));
    expect(toReviewer.text).toContain('所管 花子さんが評価を提出しました');
    await e.close();
    await r.close();
  });

  it('the editor resubmits and the reviewer accepts', async () => {
    const e = await newPage(editor);
    const r = await newPage(reviewer);
    await openEntry(e);
    await e.fill('#entry-response', 'SNSでの周知を始める。');
    await e.click('[data-testid="entry-submit"]');
    await waitStatus(e, '提出済');
    await openEntry(r);
    await r.click('[data-testid="entry-accept"]');
    await waitStatus(r, '承認');
    // The editor's own page says what is assigned to them: the department and its deadline.
    await e.goto(`${server.baseUrl}/account`, { waitUntil: 'networkidle' });
    const assigned = await (await e.waitForSelector('[data-testid="account-cycle"]')).textContent();
    expect(assigned).toContain(`令和13年度 一次評価（自己評価）：あなたの課の提出期限`);
    expect(await e.textContent('[data-testid="account-assigned"]')).toContain('所管課の入力担当');
    await e.screenshot({ path: resolve(SHOTS, 'account.png'), fullPage: true });
    await e.close();
    await r.close();
  });

  it('the other department is overdue on the progress page, with its reminder sent', async () => {
    const p = await newPage(admin);
    await p.goto(`${server.baseUrl}/progress?city=${ISESAKI}&fy=${YEAR}&stage=self`, { waitUntil: 'networkidle' });
    const item = () => p.locator('[data-testid="progress-item"]', { hasText: otherDeptName }).first();
    await reloadUntil(p, `[data-testid="progress-item"]:has-text("${otherDeptName}") [data-testid="progress-reminded"]`);
    const text = (await item().textContent()) ?? '';
    expect(text).toMatch(/期限超過 [1-9]\d*/);
    expect(text).toContain('督促済み');
    // The editor's own department is not late (its deadline is the default, two weeks ahead).
    const mine = p.locator('[data-testid="progress-item"]', { hasText: /./ }).filter({ has: p.locator('[data-testid="progress-numbers"]') });
    expect(await mine.count()).toBeGreaterThan(1);
    expect(foreignWords(await p.innerText('main'))).toEqual([]);
    await p.screenshot({ path: resolve(SHOTS, 'progress-overdue.png'), fullPage: true });
    // The same in English.
    await p.selectOption('.lang select', 'en');
    await p.waitForFunction(() => document.querySelector('[data-testid="cycle-panel"]')?.textContent?.includes('Evaluation cycle'));
    expect(await item().textContent()).toContain('reminder sent');
    await p.screenshot({ path: resolve(SHOTS, 'progress-overdue-en.png'), fullPage: false });
    await p.selectOption('.lang select', 'ja');
    const overdue = await waitForMail(smtp, (m) => m.to.includes(OTHER_EDITOR) && m.subject.startsWith('【期限超過】'));
    expect(overdue.subject).toContain('令和13年度 一次評価の提出期限');
    expect(overdue.text).toContain(`開く: ${PUBLIC_URL}/progress?city=${ISESAKI}&fy=${YEAR}&stage=self`);
    // Executives see the open cycle in one line on the overview.
    await p.goto(`${server.baseUrl}/?city=${ISESAKI}`, { waitUntil: 'networkidle' });
    const line = await (await p.waitForSelector('[data-testid="cycle-line"]')).textContent();
    expect(line).toContain('受付中：令和13年度 一次評価');
    expect(line).toMatch(/期限超過 [1-9]\d*課/);
    await p.screenshot({ path: resolve(SHOTS, 'overview-line.png') });
    await p.close();
  });

  it('the last administrator cannot be deactivated', async () => {
    const p = await newPage(admin);
    await p.goto(`${server.baseUrl}/admin/users?city=${ISESAKI}`, { waitUntil: 'networkidle' });
    // A system administrator manages the chosen city's users; the root account is listed with every city.
    const root = new ApiClient(server.baseUrl);
    await root.signIn('root@example.jp');
    const r = await root.gql(`mutation { updateUser(id: "1", disabled: true) { id } }`);
    expect(r.errors?.[0]?.message).toContain('最後の管理者は無効にしたり管理者でなくしたりできません');
    await p.goto(`${server.baseUrl}/admin/users`, { waitUntil: 'networkidle' });
    await p.locator('[data-testid="user-row-root@example.jp"] [data-testid="user-disable"]').click();
    expect(await (await p.waitForSelector('[data-testid="users-error"]')).textContent()).toContain('最後の管理者は無効にしたり管理者でなくしたりできません');
    expect(await p.textContent('[data-testid="user-row-root@example.jp"] [data-testid="user-state"]')).toContain('有効');
    await p.screenshot({ path: resolve(SHOTS, 'last-admin.png'), fullPage: true });
    await p.close();
  });

  it('the administrator resets a password; the user sets a new one at next sign-in', async () => {
    const p = await newPage(admin);
    await p.goto(`${server.baseUrl}/admin/users`, { waitUntil: 'networkidle' });
    await p.locator(`[data-testid="user-row-${REVIEWER}"] [data-testid="user-reset"]`).click();
    const once = ((await (await p.waitForSelector('[data-testid="one-time-password"]')).textContent()) ?? '').trim();
    expect(once).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(await p.textContent(`[data-testid="user-row-${REVIEWER}"] [data-testid="user-state"]`)).toContain('パスワード変更待ち');
    await p.close();
    const r = await newPage(await browser.newContext({ locale: 'ja-JP' }));
    await r.goto(`${server.baseUrl}/signin`, { waitUntil: 'networkidle' });
    await r.fill('#signin-email', REVIEWER);
    await r.fill('#signin-password', once);
    await r.click('[data-testid="signin-submit"]');
    await r.waitForURL(/\/account/);
    expect(await (await r.waitForSelector('[data-testid="must-change"]')).textContent()).toContain('新しいパスワードを設定してください');
    await r.fill('[data-testid="pw-current"]', once);
    await r.fill('[data-testid="pw-next"]', 'a new reviewer password');
    await r.fill('[data-testid="pw-again"]', 'a new reviewer password');
    await r.click('[data-testid="pw-save"]');
    expect(await (await r.waitForSelector('[data-testid="account-notice"]')).textContent()).toContain('パスワードを変更しました');
    expect(await r.locator('[data-testid="must-change"]').count()).toBe(0);
    await r.context().close();
  });

  it('the audit log holds every user change and workflow step', async () => {
    const rows = await server.db.query<{ action: string; target: string | null }>(`select action, target from audit_log order by id`);
    const actions = rows.map((x) => x.action);
    expect(actions.filter((a) => a === 'user_create')).toHaveLength(3);
    expect(actions).toContain('cycle_open');
    expect(actions.filter((a) => a === 'evaluation_submit')).toHaveLength(2);
    expect(actions.filter((a) => a === 'evaluation_return')).toHaveLength(1);
    expect(actions.filter((a) => a === 'evaluation_accept')).toHaveLength(1);
    expect(actions).toEqual(expect.arrayContaining(['password_reset', 'password_change']));
    const p = await newPage(admin);
    await p.goto(`${server.baseUrl}/audit`, { waitUntil: 'networkidle' });
    await p.waitForFunction(() => document.body.textContent?.includes('評価の承認'));
    const text = (await p.textContent('body')) ?? '';
    for (const label of ['評価の周期の開始', '評価の提出', '評価の差戻し', '評価の承認', '利用者の作成']) expect(text).toContain(label);
    await p.close();
    expect(problems).toEqual([]);
  });
});

async function waitForMail(smtp: TestSmtpServer, match: (m: TestSmtpServer['mails'][number]) => boolean, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const m = smtp.mails.find(match);
    if (m) return m;
    if (Date.now() > until) throw new Error(`no such mail among: ${smtp.mails.map((x) => `${x.to.join(',')} ${x.subject}`).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
