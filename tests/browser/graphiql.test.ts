/**
 * The analyst's first hour (browser test): they open the bundled GraphiQL at /graphiql, read the
 * schema in the Docs pane, and run every example tab (docs/queries) as it opens, each returning
 * data for the bundled cities without errors. Every request the page sends must be answered 200
 * (the page once sent "Content-Type: application/json, application/json" and got 400 for all of
 * them, introspection included).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { startServer, type RunningServer } from './support/server.js';

const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots');
const EXAMPLES = readdirSync(resolve(import.meta.dirname, '../../docs/queries')).filter((f) => f.endsWith('.graphql'));

/** The text of GraphiQL's result pane (CodeMirror holds the whole text; the DOM only the visible lines). */
const resultText = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('.result-window .CodeMirror') as (Element & { CodeMirror?: { getValue(): string } }) | null;
    return el?.CodeMirror?.getValue() ?? '';
  });

/** Whether a result holds something a person would call data: a non-empty list or a non-zero number somewhere. */
function hasContent(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0 && v.some((x) => x !== null);
  if (v && typeof v === 'object') return Object.values(v).some(hasContent);
  return typeof v === 'number' ? v !== 0 : false;
}

describe.skipIf(!browserTestsEnabled())('analyst journey: GraphiQL (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens /graphiql, reads the schema in Docs, and runs every example tab to data without errors', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    const statuses: { status: number; contentType: string }[] = [];
    const errors: string[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/graphql') statuses.push({ status: r.status(), contentType: r.request().headers()['content-type'] ?? '' });
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`${server.baseUrl}/graphiql`, { waitUntil: 'domcontentloaded' });
    expect(res?.status()).toBe(200);

    // Docs: the root types, then the Query type's fields, as the analyst clicks through them.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().click({ timeout: 20_000 });
    await expect.poll(() => docs.innerText(), { timeout: 10_000 }).toContain('achievementBands');
    const fields = await docs.innerText();
    for (const f of ['municipalities', 'ratingDistribution', 'annualReport', 'stageComparison']) expect(fields).toContain(f);
    // the descriptions are the bilingual ones of the schema
    expect(fields).toContain('自治体の一覧');
    await page.screenshot({ path: resolve(SCREENSHOTS, 'graphiql-docs.png') });

    // The welcome tab and one tab per example, in file order.
    const tabs = page.locator('.graphiql-tab');
    await expect.poll(() => tabs.count()).toBe(1 + EXAMPLES.length);
    const names = (await tabs.allInnerTexts()).map((t) => t.trim());
    const ran: string[] = [];
    for (let i = 0; i < names.length; i++) {
      await tabs.nth(i).locator('.graphiql-tab-button').click();
      await expect.poll(() => resultText(page)).toBe(''); // this tab has not run yet
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(() => resultText(page), { timeout: 30_000 }).toMatch(/^\{[\s\S]*\}$/);
      const text = await resultText(page);
      const result = JSON.parse(text) as { data?: unknown; errors?: { message: string }[] };
      expect(result.errors?.map((e) => e.message), `${names[i]}: ${text.slice(0, 1000)}`).toBeUndefined();
      expect(hasContent(result.data), `${names[i]} returned no data: ${text.slice(0, 300)}`).toBe(true);
      ran.push(names[i]!);
      if (i === 1) await page.screenshot({ path: resolve(SCREENSHOTS, 'graphiql-example.png') });
    }
    expect(ran).toHaveLength(1 + EXAMPLES.length);

    // A header of their own in the Headers pane (here the body's type, as the page once preset it) changes nothing.
    await tabs.nth(0).locator('.graphiql-tab-button').click();
    await page.getByRole('button', { name: 'Headers' }).click();
    await page.evaluate(() => {
      const editors = [...document.querySelectorAll('.graphiql-editor-tool .CodeMirror')] as (Element & { CodeMirror?: { setValue(v: string): void } })[];
      const visible = editors.find((e) => (e as HTMLElement).offsetParent !== null);
      visible?.CodeMirror?.setValue('{ "Content-Type": "application/json" }');
    });
    const before = statuses.length;
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => statuses.length, { timeout: 30_000 }).toBeGreaterThan(before);
    await expect.poll(async () => (JSON.parse((await resultText(page)) || '{}') as { data?: { municipalities?: unknown[] } }).data?.municipalities?.length ?? 0).toBeGreaterThanOrEqual(5);

    // Every request was answered (introspection first), each sent as one plain JSON body.
    expect(statuses.length).toBeGreaterThanOrEqual(1 + ran.length);
    expect(statuses.filter((s) => s.status !== 200)).toEqual([]);
    expect(new Set(statuses.map((s) => s.contentType))).toEqual(new Set(['application/json']));
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
