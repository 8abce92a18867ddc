/**
 * Signing in as a person does, for browser tests: the sign-in page, the e-mail and password, and
 * waiting until the dashboard has moved on from it. With `problems`, page errors and console
 * errors of the new page are collected (refused requests a test expects are left out).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD } from '../../support/api-client.js';

/** Fills in and sends the sign-in form on `page`; waits until the dashboard leaves /signin. */
export async function signIn(page: Page, baseUrl: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/signin`, { waitUntil: 'networkidle' });
  await page.fill('#signin-email', email);
  await page.fill('#signin-password', password);
  await page.click('[data-testid="signin-submit"]');
  await page.waitForURL((u) => !u.pathname.startsWith('/signin'));
}

/** Collects a page's errors into `problems`, except console errors for the statuses a test expects. */
export function watchProblems(page: Page, problems: string[], expectedStatuses: readonly number[] = [401, 403]): Page {
  const expected = new RegExp(`status of (${expectedStatuses.join('|')})`);
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return page;
}

/** A new Japanese browser context with one page signed in as `email`; its errors go to `problems`. */
export async function signedInPage(browser: Browser, baseUrl: string, email: string, problems: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
  const page = watchProblems(await context.newPage(), problems);
  await signIn(page, baseUrl, email);
  return { context, page };
}
