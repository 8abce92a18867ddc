/**
 * The Japanese interface is Japanese: every view of every bundled city, rendered in Chromium in
 * Japanese, has no word of Latin letters outside the reviewed allowlist
 * (tests/support/japanese-text.ts) — no English prose, no raw codes or enum values. What is
 * checked is what a person reads or hears: the page's text, chart texts (axes, labels, legends),
 * every chart's table view, tooltips on hover, menu options, titles and screen-reader labels.
 * Data stays as printed: words printed in the source documents pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { browserTestsEnabled, launchChromium } from './support/chromium.js';
import { queryServer, startServer, type RunningServer } from './support/server.js';
import { hoverCharts, openPage, pageTexts, settle, tableViewTexts } from './support/page.js';
import { foreignWordsInContext } from '../support/japanese-text.js';

const CITIES = ['伊勢崎市', '香取市', '綾瀬市', '所沢市', 'サンプル市'];

interface CityIds {
  code: string;
  name: string;
  indicators: { nodes: { id: string }[] };
  nodes: { nodes: { id: string }[] };
  leaves: { nodes: { id: string }[] };
  departments: { id: string }[];
}

describe.skipIf(!browserTestsEnabled())('Japanese views carry no English and no raw codes (browser)', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  const cities: CityIds[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'ja-JP' });
    const post = (query: string) => queryServer<any>(server, query);
    const list = (await post('{ municipalities { code name } }')).municipalities as { code: string; name: string }[];
    for (const m of list) {
      const d = await post(`{
        indicators(filter: { municipalityCodes: ["${m.code}"] }, first: 1) { nodes { id } }
        nodes: policyNodes(filter: { municipalityCodes: ["${m.code}"], depths: [1] }, first: 1) { nodes { id } }
        leaves: policyNodes(filter: { municipalityCodes: ["${m.code}"], depths: [3] }, first: 1) { nodes { id } }
        departments(municipalityCode: "${m.code}") { id } }`);
      cities.push({ ...m, ...d });
    }
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  /** The views of one city, as a person reaches them (no year: each opens on its default). */
  function views(c: CityIds): [string, string][] {
    const out: [string, string][] = [
      ['概要', `/?city=${c.code}`],
      ['施策体系', `/policy?city=${c.code}`],
      ['指標の一覧', `/indicators?city=${c.code}`],
      ['組織（組織×年度）', `/departments?city=${c.code}`],
      ['組織（組織×評価）', `/departments?city=${c.code}&mode=levels`],
      ['比較', `/compare?city=${c.code}`],
      ['評価の一覧', `/evaluations?city=${c.code}`],
      ['評価の進み具合', `/progress?city=${c.code}`],
    ];
    for (const [name, list] of [['施策（上位）', c.nodes], ['施策（第3階層）', c.leaves]] as const)
      if (list.nodes[0]) out.push([name, `/policy/${list.nodes[0].id}?city=${c.code}`]);
    if (c.indicators.nodes[0]) {
      out.push(['指標', `/indicators/${c.indicators.nodes[0].id}?city=${c.code}`]);
      out.push(['指標の比較', `/indicators?city=${c.code}&cmp=${c.indicators.nodes[0].id}`]);
    }
    if (c.departments[0]) out.push(['組織のページ', `/departments/${c.departments[0].id}?city=${c.code}`]);
    return out;
  }

  it('the bundled cities are the ones checked', () => {
    expect(cities.map((c) => c.name).sort()).toEqual([...CITIES].sort());
  });

  it.each(CITIES)(
    '%s: every view in Japanese',
    async (name) => {
      const c = cities.find((x) => x.name === name)!;
      const found: Record<string, string[]> = {};
      for (const [view, path] of views(c)) {
        const { page } = await openPage(context, server.baseUrl, path);
        // The tree fully open, so that every node's line is read.
        const expand = page.locator('[data-panel="tree"] button', { hasText: 'すべて展開' });
        if (await expand.count()) {
          await expand.click();
          await settle(page);
        }
        const text = [await pageTexts(page), await hoverCharts(page), await tableViewTexts(page)].join('\n');
        expect(text.length, `${name} ${view}`).toBeGreaterThan(200);
        const words = foreignWordsInContext(text);
        if (words.length) found[`${view} (${path})`] = words;
        await page.close();
      }
      expect(found).toEqual({});
    },
    240_000,
  );

  it('the sign-in page', async () => {
    const { page } = await openPage(context, server.baseUrl, '/signin');
    expect(foreignWordsInContext(await pageTexts(page))).toEqual([]);
    await page.close();
  });
});
