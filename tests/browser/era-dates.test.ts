/// <reference lib="dom" />
/**
 * Dates on the administration pages read as the rest of the product (the walk report: "2026/12/08"
 * on /account and /admin/users, and in an evaluation's history): the day with its era in Japanese
 * (令和8年12月8日), a moment with its time (令和8年12月8日 10:05), and in English "8 Dec 2026".
 * An administrator's API token on /account and on /admin/users; a department editor's saved draft
 * in the entry page's history, in Japanese and in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';
import { signedInPage } from './support/sign-in.js';
import { firstAccount, makeUser } from '../support/api-client.js';

const ISESAKI = '102041';
/** A year without evaluations, so the draft is the subject's only record. */
const YEAR = 2031;
const ADMIN = 'kanri@isesaki.example.jp';
const EDITOR = 'shokan@isesaki.example.jp';
/** Western dates as the walk found them (2026/12/08, 2026-12-08, 12/8/2026). */
const WESTERN = /\d{4}[/-]\d{1,2}[/-]\d{1,2}|\d{1,2}\/\d{1,2}\/\d{4}/;

/** Today in Japan with its era, worked out here apart from the dashboard's own formatter. */
const today = () => new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Asia/Tokyo' }).format(new Date());

describe.skipIf(!browserTestsEnabled())('era dates on the account, users and entry history pages (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let subject: number;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await startServer({ PUBLIC_MODE: '0' });
    const [s] = await server.db.query<{ node: number; dept: number }>(
      `select es.policy_node_id as node, es.department_id as dept from evaluation_subject es join municipality m on m.id = es.municipality_id
        where m.code = $1 and es.stage = 'self' and es.subject_kind = 'policy_node' order by es.id limit 1`,
      [ISESAKI],
    );
    subject = s!.node;
    const root = await firstAccount(server);
    const admin = await makeUser(root, ADMIN, 'ADMINISTRATOR', ISESAKI);
    const token = await admin.gql(`mutation { createApiToken(name: "集計用", days: 30) { id } }`);
    expect(token.errors, token.text).toBeUndefined();
    const editor = await makeUser(root, EDITOR, 'DEPARTMENT_EDITOR', ISESAKI, s!.dept);
    const saved = await editor.gql(`mutation ($i: SaveEvaluationInput!) { saveEvaluation(input: $i) { id } }`, {
      i: { subjectKind: 'POLICY_NODE', subjectId: String(subject), fiscalYear: YEAR, stage: 'SELF', achievement: '計画どおり進んだ。' },
    });
    expect(saved.errors, saved.text).toBeUndefined();
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('/account and /admin/users show an API token’s dates with the era', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, ADMIN, problems);
    await page.goto(`${server.baseUrl}/account`, { waitUntil: 'networkidle' });
    const own = (await page.locator('[data-testid="api-tokens"]').innerText()).trim();
    expect(own).toContain(`集計用 · 作成 ${today()}・最終利用 —・有効期限 令和`);
    expect(own).not.toMatch(WESTERN);

    await page.goto(`${server.baseUrl}/admin/users`, { waitUntil: 'networkidle' });
    await page.locator('tr', { hasText: ADMIN }).locator('[data-testid="user-tokens"]').click();
    const listed = (await page.locator('[data-testid="api-tokens"]').innerText()).trim();
    expect(listed).toContain(`集計用 · 作成 ${today()}`);
    expect(listed).not.toMatch(WESTERN);
    await context.close();
    expect(problems).toEqual([]);
  });

  it('the evaluation entry’s history says when with the era, and in English with the month’s name', async () => {
    const { context, page } = await signedInPage(browser, server.baseUrl, EDITOR, problems);
    const url = `${server.baseUrl}/entry/policy_node/${subject}?city=${ISESAKI}&fy=${YEAR}&stage=self`;
    await page.goto(url, { waitUntil: 'networkidle' });
    const when = page.locator('[data-testid="history-row"] time').first();
    await when.waitFor();
    const ja = (await when.innerText()).trim();
    expect(ja).toMatch(new RegExp(`^${today()} \\d{2}:\\d{2}$`));
    expect(await page.locator('[data-testid="entry-history"]').innerText()).not.toMatch(WESTERN);

    await page.evaluate(() => localStorage.setItem('seisaku.locale', 'en'));
    await page.goto(url, { waitUntil: 'networkidle' });
    await when.waitFor();
    const en = (await when.innerText()).trim();
    expect(en).toMatch(/^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}$/);
    expect(en.slice(-5)).toBe(ja.slice(-5));
    await context.close();
    expect(problems).toEqual([]);
  });
});
