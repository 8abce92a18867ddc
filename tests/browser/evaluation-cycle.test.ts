/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The evaluation cycle through the dashboard's forms in Chromium (issue 7): once accounts exist,
 * an anonymous visit goes to the sign-in page; a wrong password is announced; a department
 * editor of a 伊勢崎市 department and a reviewer walk one subject through draft → submitted →
 * returned (with a comment) → submitted → accepted, and the history table shows those steps;
 * the progress view counts it; the editor enters an indicator's actual value. Users are created
 * as tests/integration/auth.test.ts does (the first account in SQL, the others with createUser).
 * Screenshots go to tests/screenshots/ (gitignored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';
import { hashPassword } from '../../server/src/auth/password.js';

const SHOTS = resolve(import.meta.dirname, '../screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'correct horse battery';
const ISESAKI = '102041';
/** A year without evaluations, so the cycle starts from nothing. */
const YEAR = 2031;
const EDITOR = 'editor@isesaki.example.jp';
const REVIEWER = 'reviewer@isesaki.example.jp';

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

describe.skipIf(!browserTestsEnabled())('evaluation cycle (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let editor: BrowserContext;
  let reviewer: BrowserContext;
  let subject: number;
  let dept: number;
  let deptName: string;
  let indicator: number;
  const problems: string[] = [];

  async function gql(query: string, variables: Record<string, unknown> = {}, cookie = ''): Promise<Body & { cookie: string }> {
    const res = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const set = res.headers.get('set-cookie');
    return { cookie: set ? set.split(';')[0]! : cookie, ...((await res.json()) as Body) };
  }

  async function newPage(context: BrowserContext): Promise<Page> {
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      // Refused requests (401 before signing in, a wrong password) are expected here.
      if (m.type() === 'error' && !/status of (400|401|409|429)/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    return p;
  }

  async function axeViolations(p: Page): Promise<string[]> {
    await p.evaluate(AXE_SOURCE);
    const result = (await p.evaluate(`
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } })
        .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) })))
    `)) as { id: string; impact: string; help: string; targets: string[] }[];
    return result.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
  }

  async function signIn(p: Page, email: string, password = PASSWORD) {
    await p.goto(`${server.baseUrl}/signin`, { waitUntil: 'networkidle' });
    await p.fill('#signin-email', email);
    await p.fill('#signin-password', password);
    await p.click('[data-testid="signin-submit"]');
  }

  const entryUrl = () => `${server.baseUrl}/entry/policy_node/${subject}?city=${ISESAKI}&fy=${YEAR}&stage=self`;
  async function openEntry(p: Page) {
    await p.goto(entryUrl(), { waitUntil: 'networkidle' });
    await p.waitForSelector('[data-testid="entry-status"]');
  }
  const status = (p: Page) => p.textContent('[data-testid="entry-status"]').then((s) => s?.trim());
  async function waitStatus(p: Page, text: string) {
    await p.waitForFunction((t) => document.querySelector('[data-testid="entry-status"]')?.textContent?.trim() === t, text);
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // With the response cache on, as it ships: every save bumps the city's data version, so a
    // reload after a save must show the saved record, not a cached answer.
    server = await startServer({ PUBLIC_MODE: '0' });
    const q = server.db.query;
    const [city] = await q<{ id: number }>(`select id from municipality where code = $1`, [ISESAKI]);
    const [s] = await q<{ node: number; dept: number; name: string }>(
      `select es.policy_node_id as node, es.department_id as dept, d.name from evaluation_subject es join department d on d.id = es.department_id
        where es.municipality_id = $1 and es.stage = 'self' and es.subject_kind = 'policy_node' order by es.id limit 1`,
      [city!.id],
    );
    subject = s!.node;
    dept = s!.dept;
    deptName = s!.name;
    const [i] = await q<{ id: number }>(
      `select i.id from indicator i join policy_node pn on pn.id = i.policy_node_id join department d on d.id = pn.effective_department_id
        join department e on e.id = $2 where i.municipality_id = $1 and d.path like e.path || '%' and i.project_id is null order by i.id limit 1`,
      [city!.id, dept],
    );
    indicator = i!.id;
    // The first account, as `npm run admin:create` makes it; then the others through createUser.
    await q(`insert into app_user (municipality_id, email, display_name, role, password_hash) values (null, 'root@example.jp', 'root', 'administrator', $1)`, [
      await hashPassword(PASSWORD),
    ]);
    for (let t = 0; t < 50; t++) {
      const r = await gql(`{ municipalities { code } }`);
      if (r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') break;
      await new Promise((ok) => setTimeout(ok, 200));
    }
    const root = await gql(`mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }`, { e: 'root@example.jp', p: PASSWORD });
    expect(root.errors).toBeUndefined();
    const make = async (email: string, name: string, role: string, departmentId?: number) => {
      const r = await gql(
        `mutation ($e: String!, $n: String!, $r: Role!, $m: String, $d: ID, $p: String!) { createUser(email: $e, displayName: $n, role: $r, password: $p, municipalityCode: $m, departmentId: $d) { id } }`,
        { e: email, n: name, r: role, m: ISESAKI, d: departmentId ? String(departmentId) : null, p: PASSWORD },
        root.cookie,
      );
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    };
    await make(EDITOR, '所管 花子', 'DEPARTMENT_EDITOR', dept);
    await make(REVIEWER, '企画 太郎', 'REVIEWER');
    browser = await launchChromium();
    editor = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
    reviewer = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends an anonymous visit to the sign-in page, and announces a wrong password', async () => {
    const p = await newPage(await browser.newContext({ locale: 'ja-JP' }));
    await p.goto(`${server.baseUrl}/policy?city=${ISESAKI}`, { waitUntil: 'networkidle' });
    await p.waitForURL(/\/signin\?redirect=/);
    await p.fill('#signin-email', EDITOR);
    await p.fill('#signin-password', 'not the password');
    await p.click('[data-testid="signin-submit"]');
    const error = await p.waitForSelector('[data-testid="signin-error"]');
    expect(await error.getAttribute('role')).toBe('alert');
    expect(await error.textContent()).toContain('メールアドレスまたはパスワードが違います');
    expect(p.url()).toContain('/signin');
    expect(await axeViolations(p)).toEqual([]);
    await p.screenshot({ path: resolve(SHOTS, 'signin-error.png'), fullPage: true });
    await p.context().close();
  });

  it('walks one subject through draft → submitted → returned → submitted → accepted', async () => {
    const e = await newPage(editor);
    const r = await newPage(reviewer);

    // The editor signs in, sees 「評価を入力」 on the node page and opens the form.
    await signIn(e, EDITOR);
    await e.waitForURL((u) => !u.pathname.startsWith('/signin'));
    expect(await e.textContent('[data-testid="session-user"]')).toContain('所管 花子');
    expect(await e.textContent('.main-nav')).toContain('評価入力');
    await e.goto(`${server.baseUrl}/policy/${subject}?city=${ISESAKI}&fy=${YEAR}&stage=self`, { waitUntil: 'networkidle' });
    await e.click('[data-testid="entry-button"]');
    await e.waitForURL(/\/entry\/policy_node\//);
    await e.waitForSelector('[data-testid="entry-status"]');
    expect(await status(e)).toBe('未着手');

    // Validation as they type: the required 達成状況, emptied, says so.
    await e.fill('#entry-achievement', 'x');
    await e.fill('#entry-achievement', '');
    expect(await e.textContent('[data-field="entry-achievement"] .field-error')).toContain('達成状況を入力してください');
    expect(await e.getAttribute('#entry-achievement', 'aria-invalid')).toBe('true');

    // Draft.
    await e.locator('[data-testid="rating-group"] input[type="radio"]').first().check();
    await e.fill('#entry-achievement', '目標の8割を達成した。');
    await e.fill('#entry-issues', '周知が不足している。');
    await e.click('[data-testid="entry-save"]');
    await waitStatus(e, '下書き');
    expect(await e.textContent('[data-testid="entry-announcement"]')).toContain('下書きを保存しました');
    // Submitted.
    await e.click('[data-testid="entry-submit"]');
    await waitStatus(e, '提出済');

    // The reviewer returns it: the comment is required.
    await signIn(r, REVIEWER);
    await r.waitForURL((u) => !u.pathname.startsWith('/signin'));
    await openEntry(r);
    expect(await status(r)).toBe('提出済');
    await r.click('[data-testid="entry-return"]');
    expect(await r.textContent('[data-testid="review"] .field-error')).toContain('差し戻す理由');
    await r.fill('#entry-return-comment', '課題への対応を書いてください。');
    await r.click('[data-testid="entry-return"]');
    await waitStatus(r, '差戻し');

    // The editor sees why, answers, and submits again (saved first, then submitted).
    await openEntry(e);
    expect(await status(e)).toBe('差戻し');
    expect(await e.textContent('[data-testid="return-reason"]')).toContain('課題への対応を書いてください。');
    await e.fill('#entry-response', 'SNSでの周知を始める。');
    await e.screenshot({ path: resolve(SHOTS, 'entry-returned.png'), fullPage: true });
    await e.click('[data-testid="entry-submit"]');
    await waitStatus(e, '提出済');

    // The reviewer accepts.
    await openEntry(r);
    await r.click('[data-testid="entry-accept"]');
    await waitStatus(r, '承認');
    await r.waitForFunction(() => document.querySelectorAll('[data-testid="history-row"]').length >= 6);
    const actions = await r.$$eval('[data-testid="history-action"]', (els) => els.map((x) => x.textContent?.trim()));
    expect(actions).toEqual(['作成', '提出', '差戻し', '保存', '提出', '承認']);
    const history = (await r.textContent('[data-testid="entry-history"]')) ?? '';
    expect(history).toContain('企画 太郎');
    expect(history).toContain('所管 花子');
    expect(history).toContain('課題への対応を書いてください。');
    expect(history).toMatch(/提出済\s*→\s*(から)?\s*差戻し/);
    expect(await axeViolations(r)).toEqual([]);
    await r.screenshot({ path: resolve(SHOTS, 'entry-accepted.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('shows CONFLICT with an offer to reload when someone saved first', async () => {
    // Two tabs of the editor on a new draft of the next year.
    const a = await newPage(editor);
    const b = await newPage(editor);
    const url = `${server.baseUrl}/entry/policy_node/${subject}?city=${ISESAKI}&fy=${YEAR + 1}&stage=self`;
    for (const p of [a, b]) {
      await p.goto(url, { waitUntil: 'networkidle' });
      await p.waitForSelector('#entry-achievement');
    }
    await a.fill('#entry-achievement', 'タブA');
    await a.click('[data-testid="entry-save"]');
    await waitStatus(a, '下書き');
    await b.fill('#entry-achievement', 'タブB');
    await b.click('[data-testid="entry-save"]');
    const error = await b.waitForSelector('[data-testid="entry-error"]');
    expect(await error.textContent()).toContain('他の人が先に更新しました');
    await b.click('[data-testid="entry-reload"]');
    await waitStatus(b, '下書き');
    await b.waitForFunction(() => (document.querySelector('#entry-achievement') as HTMLTextAreaElement | null)?.value === 'タブA');
    await a.close();
    await b.close();
  });

  it('shows progress per department, opening its subjects with their status', async () => {
    const p = await newPage(editor);
    await p.goto(`${server.baseUrl}/progress?city=${ISESAKI}&fy=${YEAR}&stage=self`, { waitUntil: 'networkidle' });
    const item = p.locator('[data-testid="progress-item"]', { hasText: deptName }).first();
    await item.waitFor();
    expect(await item.locator('[data-testid="progress-numbers"]').textContent()).toMatch(/提出 1 \/ \d+/);
    await item.locator('button.disclosure').click();
    expect(await item.locator('button.disclosure').getAttribute('aria-expanded')).toBe('true');
    const row = item.locator('[data-testid="subject-row"]', { hasText: '承認' }).first();
    await row.waitFor();
    expect(await axeViolations(p)).toEqual([]);
    await p.screenshot({ path: resolve(SHOTS, 'progress.png'), fullPage: true });
    await p.close();
  });

  it('lets the department editor enter an indicator actual', async () => {
    const p = await newPage(editor);
    await p.goto(`${server.baseUrl}/indicators/${indicator}?city=${ISESAKI}&fy=${YEAR}&stage=self`, { waitUntil: 'networkidle' });
    await p.waitForSelector('#actual-value');
    await p.fill('#actual-value', 'abc');
    expect(await p.textContent('[data-panel="actual-entry"] .field-error')).toContain('数値を入力してください');
    await p.fill('#actual-value', '1234');
    await p.click('[data-panel="actual-entry"] button[type="submit"]');
    await p.waitForFunction(() => document.querySelector('[data-panel="actual-entry"] [role="status"]')?.textContent?.includes('保存しました'));
    await p.waitForFunction(() => [...document.querySelectorAll('[data-testid="indicator-value"]')].some((r) => r.textContent?.includes('1234')));
    await p.screenshot({ path: resolve(SHOTS, 'indicator-actual.png'), fullPage: true });
    await p.close();
  });
});
