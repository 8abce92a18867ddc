/**
 * Stored HTML injection through charts (issue 19 item 6): a dataset whose rating-level labels,
 * scale, department, policy node and indicator names are HTML is imported, and every chart view
 * is opened and hovered with the Content-Security-Policy stripped from the page (so that only the
 * escaping stands between the data and the DOM). No element may be created from the data, and no
 * handler may run; the names must show as the text they are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { queryServer, startServer, type RunningServer } from './support/server.js';
import { hoverCharts, openPage, settle } from './support/page.js';
import { SEEDS_DIR } from '../../server/src/dataset/seeds.js';
import { municipalityCheckDigit } from '../../server/src/shared/municipality-code.js';

const TOKEN = 'test-admin-token-escaping-0123456789';
const CODE = `99002${municipalityCheckDigit('99002')}`;
/** Markup that, if it ever became elements, leaves a mark: the attribute, and a counter when its handler runs. */
const hostile = (what: string) => `<img src=x data-xss onerror="window.__xss=(window.__xss||0)+1">${what}<b data-xss>!</b>`;

/** The generated sample city as a new city whose every name a chart can show is HTML. */
function hostileDataset(): string {
  const d = JSON.parse(readFileSync(join(SEEDS_DIR, 'generated-sample-city.json'), 'utf8'));
  d.municipality = { ...d.municipality, code: CODE, name: hostile('テスト市'), nameEn: hostile('Test City') };
  for (const s of d.ratingScales) {
    s.name = hostile(s.name);
    for (const l of s.levels) l.label = hostile(l.label);
  }
  for (const dep of d.departments) dep.name = hostile(dep.name);
  for (const n of d.policyNodes) n.name = hostile(n.name);
  for (const i of d.indicators) i.name = hostile(i.name);
  return Buffer.from(JSON.stringify(d)).toString('base64');
}

describe.skipIf(!browserTestsEnabled())('data texts in charts are text, never markup (browser, CSP off)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = await startServer({ ADMIN_TOKEN: TOKEN });
    const r = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({
        query: `mutation($c: String!) { importDataset(fileName: "hostile.json", contentBase64: $c, dryRun: false) { ok problems { path en } } }`,
        variables: { c: hostileDataset() },
      }),
    });
    const body = (await r.json()) as { data?: { importDataset: { ok: boolean; problems: unknown[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.importDataset).toMatchObject({ ok: true, problems: [] });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
    // The page's CSP would stop a handler from running but not the element from being made: take it away.
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['content-security-policy'];
      await route.fulfill({ response, headers });
    });
  }, 180_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const gql = <T>(query: string) => queryServer<T>(server, query);
  /** Elements made from the data, and handler runs. */
  const injected = (page: Page) =>
    page.evaluate(() => ({
      elements: document.querySelectorAll('[data-xss], img[src="x"]').length,
      ran: (window as unknown as { __xss?: number }).__xss ?? 0,
    }));
  /** Draws the charts of table-first panels too. */
  async function showCharts(page: Page) {
    const unchecked = page.locator('input[type="radio"][value="chart"]:not(:checked)');
    while (await unchecked.count()) await unchecked.first().check();
    await settle(page);
  }

  it('the CSP is really off in these pages (an inline script runs)', async () => {
    const { page } = await openPage(context, server.baseUrl, `/?city=${CODE}`);
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = 1';
      document.head.appendChild(s);
      return (window as unknown as { __inlineRan?: number }).__inlineRan ?? 0;
    });
    expect(ran).toBe(1);
    await page.close();
  });

  it('every chart view, drawn and hovered, makes no element from the data and shows the names as text', async () => {
    const ids = await gql<{ indicators: { nodes: { id: string }[] }; departments: { id: string }[]; policyNodes: { nodes: { id: string }[] } }>(
      `{ indicators(filter: { municipalityCodes: ["${CODE}"] }, first: 3) { nodes { id } }
         departments(municipalityCode: "${CODE}") { id }
         policyNodes(filter: { municipalityCodes: ["${CODE}"], depths: [3] }, first: 1) { nodes { id } } }`,
    );
    const paths = [
      `/?city=${CODE}`,
      `/?city=${CODE}&scale=outlook`,
      `/departments?city=${CODE}`,
      `/departments?city=${CODE}&mode=levels`,
      `/departments?city=${CODE}&metric=mean`,
      ...ids.departments.slice(0, 2).map((d) => `/departments/${d.id}?city=${CODE}`),
      `/indicators/${ids.indicators.nodes[0]!.id}?city=${CODE}`,
      `/indicators?city=${CODE}&cmp=${ids.indicators.nodes.map((n) => n.id).join(',')}`,
      `/compare?city=${CODE}`,
      `/compare?city=${CODE}&cmode=stages`,
      `/policy/${ids.policyNodes.nodes[0]!.id}?city=${CODE}`,
      `/evaluations?city=${CODE}`,
    ];
    let charts = 0;
    let tooltips = 0;
    let legendsWithMarkup = 0;
    for (const path of paths) {
      const { page } = await openPage(context, server.baseUrl, path);
      await showCharts(page);
      charts += await page.locator('.chart svg').count();
      const tips = await hoverCharts(page, 10);
      tooltips += tips.split('\n').filter(Boolean).length;
      // The names are shown as the text they are, markup characters and all.
      legendsWithMarkup += (await page.locator('.apexcharts-legend-text').allTextContents()).filter((t) => t.includes('<img src=x')).length;
      expect(await injected(page), path).toEqual({ elements: 0, ran: 0 });
      await page.close();
    }
    expect(charts).toBeGreaterThan(10);
    expect(tooltips).toBeGreaterThan(10);
    expect(legendsWithMarkup).toBeGreaterThan(0);
  }, 300_000);
});
