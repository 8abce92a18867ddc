/**
 * What browser tests do with a dashboard page: wait until it has settled, read a panel's table
 * view, read every text a person can see or hear (chart texts and tooltips included), and
 * collect page errors and requests that leave the server.
 */
import type { BrowserContext, Page } from 'playwright-core';

/** Waits until no panel is loading and every chart has drawn. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  // Functions, not strings: the CSP forbids eval.
  await page.waitForFunction(() => !document.querySelector('[data-state="loading"]'), undefined, { timeout: 20_000 });
  await page.waitForFunction(() => Array.from(document.querySelectorAll('.chart')).every((c) => c.querySelector('svg')), undefined, { timeout: 20_000 });
}

export interface OpenedPage {
  page: Page;
  /** Page errors, console errors and CSP violations. */
  problems: string[];
  /** Requests to anywhere but the server. */
  foreign: string[];
}

/** Opens `path` on the server in a new page of `context` and waits until it has settled. */
export async function openPage(context: BrowserContext, baseUrl: string, path: string): Promise<OpenedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 400|status of 500/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(baseUrl) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  await page.goto(`${baseUrl}${path}`, { waitUntil: 'networkidle' });
  await settle(page);
  return { page, problems, foreign };
}

/** Rows of the first table inside a panel, as text cells (switching the panel to 表 first). */
export async function panelTable(page: Page, selector: string): Promise<string[][]> {
  const panel = page.locator(selector).first();
  const tableRadio = panel.locator('input[type="radio"][value="table"]');
  if ((await tableRadio.count()) && !(await tableRadio.isChecked())) await tableRadio.check();
  return panel.locator('table tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
}

/**
 * Every text of the page a person reads or hears: the visible text, SVG texts of the charts,
 * the options of every menu, titles, labels for screen readers and alternative texts.
 */
export async function pageTexts(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [document.body.innerText];
    // A chart's text element holds its words and a <title> repeating them: each read once.
    for (const t of document.querySelectorAll('svg text'))
      out.push([...t.childNodes].filter((n) => n.nodeName.toLowerCase() !== 'title').map((n) => n.textContent ?? '').join(''));
    for (const t of document.querySelectorAll('svg title')) out.push(t.textContent ?? '');
    for (const o of document.querySelectorAll('option')) out.push(o.textContent ?? '');
    for (const e of document.querySelectorAll('[title], [aria-label], [alt], [placeholder]'))
      for (const a of ['title', 'aria-label', 'alt', 'placeholder']) if (e.getAttribute(a)) out.push(e.getAttribute(a)!);
    for (const e of document.querySelectorAll('.sr-only')) out.push(e.textContent ?? '');
    if (document.title) out.push(document.title);
    return out.join('\n');
  });
}

/** Texts of every chart panel's table view (each panel switched to 表 and back). */
export async function tableViewTexts(page: Page): Promise<string> {
  const out: string[] = [];
  const panels = page.locator('[data-panel]:has(input[type="radio"][value="table"])');
  for (const panel of await panels.all()) {
    const radio = panel.locator('input[type="radio"][value="table"]').first();
    const chartRadio = panel.locator('input[type="radio"][value="chart"]').first();
    const wasChart = await chartRadio.isChecked();
    await radio.check();
    out.push(await panel.innerText());
    if (wasChart) await chartRadio.check();
  }
  await settle(page);
  return out.join('\n');
}

/**
 * Hovers every bar, point and heatmap cell of every chart (up to `perChart` each) and returns
 * the tooltips' texts: what ApexCharts writes as HTML.
 */
export async function hoverCharts(page: Page, perChart = 12): Promise<string> {
  const out: string[] = [];
  for (const chart of await page.locator('.chart').all()) {
    await chart.scrollIntoViewIfNeeded();
    const marks = chart.locator('.apexcharts-series path, .apexcharts-series rect, .apexcharts-series circle, .apexcharts-marker');
    const n = Math.min(await marks.count(), perChart);
    for (let i = 0; i < n; i++) {
      const box = await marks.nth(i).boundingBox();
      if (!box || box.width < 1 || box.height < 1) continue;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForTimeout(30);
      const tip = chart.locator('.apexcharts-tooltip');
      if (await tip.count()) out.push(await tip.first().innerText());
    }
    await page.mouse.move(0, 0);
  }
  return out.join('\n');
}
