/**
 * The annual report as files:
 *   GET /reports/<municipalityCode>/<year>.xlsx[?plan=<id>&stage=self]   Excel workbook
 *   GET /reports/<municipalityCode>/<year>.pdf[?plan=<id>&stage=self]    the dashboard's print
 *       view (/report?…) rendered by headless Chromium; 501 where Chromium or the built
 *       dashboard is missing.
 *
 * The content comes through the same Apollo pipeline as /graphql (the `annualReport` field,
 * every field selected), so the caller, its cities (row-level security), the limits and the
 * statement timeout are the same as for the API. Files are named in Japanese with RFC 5987
 * (`filename*=UTF-8''…`) beside an ASCII fallback.
 */
import express, { type Request, type Response, type Router } from 'express';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { ApolloServer } from '@apollo/server';
import {
  getNamedType,
  isEnumType,
  isObjectType,
  isScalarType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { Logger } from 'pino';
import type { GraphQLContext } from '../graphql/context.js';
import type { AnnualReport } from '../report/report.service.js';
import { reportFileName, reportTitle, reportWorkbookBuffer } from '../report/report.xlsx.js';
import { statusOfErrors } from './error-status.js';

export interface ReportsDeps {
  apollo: ApolloServer<GraphQLContext>;
  schema: GraphQLSchema;
  /** The same context as /graphql's (who asks, which cities). */
  context: (req: Request, res: Response) => Promise<GraphQLContext> | GraphQLContext;
  /** The built dashboard's directory (the PDF renders its print view). */
  dashboardDir?: string;
  logger?: Logger;
  /** Chromium's path; default CHROMIUM_PATH or /usr/bin/chromium. */
  chromiumPath?: string;
}

const CODE = /^[0-9]{6}$/;
const FILE = /^(\d{4})\.(xlsx|pdf)$/;
const STAGES = new Set(['self', 'secondary', 'external', 'council']);
/** PDFs rendered at once; more get 503 (each is a Chromium process). */
const MAX_CONCURRENT_PDF = 2;
const PDF_TIMEOUT_MS = 90_000;

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

export function chromiumExecutable(explicit?: string): string | null {
  const candidates = [explicit, process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p)) ?? null;
}

/** `{ a b c { d } }`: every field of an object type, recursively (the report types have no cycles or arguments). */
export function fullSelection(type: GraphQLObjectType, seen: Set<string> = new Set()): string {
  const parts: string[] = [];
  for (const f of Object.values(type.getFields())) {
    if (f.args.some((a) => a.type.toString().endsWith('!'))) continue;
    const named = getNamedType(f.type);
    if (isScalarType(named) || isEnumType(named)) parts.push(f.name);
    else if (isObjectType(named) && !seen.has(named.name)) parts.push(`${f.name} ${fullSelection(named, new Set([...seen, type.name]))}`);
  }
  return `{ ${parts.join(' ')} }`;
}

let cachedQuery: { schema: GraphQLSchema; query: string } | null = null;
export function reportQuery(schema: GraphQLSchema): string {
  if (cachedQuery?.schema === schema) return cachedQuery.query;
  const type = schema.getType('AnnualReport');
  if (!isObjectType(type)) throw new Error('AnnualReport is not in the schema');
  const query = `query AnnualReportFile($code: String!, $year: Int, $plan: ID, $stage: Stage) {
  annualReport(municipalityCode: $code, fiscalYear: $year, planId: $plan, stage: $stage) ${fullSelection(type)}
}`;
  cachedQuery = { schema, query };
  return query;
}

/** `attachment; filename="report-102041-2022.xlsx"; filename*=UTF-8''%E4%BB%A4…` */
export function contentDisposition(japanese: string, ascii: string): string {
  const encoded = encodeURIComponent(japanese).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function sendError(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

export function reportsRouter(deps: ReportsDeps): Router {
  const router = express.Router();
  let rendering = 0;

  router.get('/:code/:file', async (req, res) => {
    const code = String(req.params.code);
    const m = FILE.exec(String(req.params.file));
    if (!CODE.test(code) || !m) {
      return void sendError(res, 404, 'NOT_FOUND', '/reports/<6桁の自治体コード>/<年度>.xlsx または .pdf / use /reports/<6-digit code>/<year>.xlsx or .pdf');
    }
    const year = Number(m[1]);
    const ext = m[2] as 'xlsx' | 'pdf';
    const plan = typeof req.query.plan === 'string' && req.query.plan !== '' ? req.query.plan : null;
    if (plan !== null && !/^[1-9][0-9]{0,9}$/.test(plan)) return void sendError(res, 400, 'BAD_USER_INPUT', 'plan: 計画のIDを指定してください / plan must be a plan id');
    const stageText = typeof req.query.stage === 'string' && req.query.stage !== '' ? req.query.stage.toLowerCase() : null;
    if (stageText !== null && !STAGES.has(stageText)) {
      return void sendError(res, 400, 'BAD_USER_INPUT', 'stage: self, secondary, external, council のいずれか / stage must be self, secondary, external or council');
    }

    // For a PDF, say at once when it cannot be made here (before any query).
    const chromium = ext === 'pdf' ? chromiumExecutable(deps.chromiumPath) : null;
    if (ext === 'pdf') {
      if (!chromium) {
        return void sendError(
          res,
          501,
          'NOT_IMPLEMENTED',
          'PDFの作成にはサーバーにChromiumが必要です（apt-get install chromium fonts-noto-cjk）。Excel版は .xlsx で取得できます / PDF needs Chromium on the server (apt-get install chromium fonts-noto-cjk); the .xlsx is available',
        );
      }
      // playwright-core is a root devDependency: an install without dev packages has none.
      if (!(await import('playwright-core').then(() => true, () => false))) {
        return void sendError(res, 501, 'NOT_IMPLEMENTED', 'PDFの作成には playwright-core が必要です（npm install） / PDF needs the playwright-core package (npm install)');
      }
      if (!deps.dashboardDir || !existsSync(`${deps.dashboardDir}/index.html`)) {
        return void sendError(res, 501, 'NOT_IMPLEMENTED', 'PDFは印刷用の画面から作るため、ダッシュボードのビルドが必要です（npm run build） / PDF renders the dashboard: run npm run build');
      }
    }

    const result = await deps.apollo.executeOperation(
      { query: reportQuery(deps.schema), variables: { code, year, plan, stage: stageText ? stageText.toUpperCase() : null } },
      { contextValue: await deps.context(req, res) },
    );
    if (result.body.kind !== 'single') return void sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'unexpected incremental result');
    const { data, errors } = result.body.singleResult;
    if (errors?.length) {
      return void res.status(statusOfErrors(errors)).json({ errors });
    }
    const report = (data as { annualReport: AnnualReport }).annualReport;

    if (ext === 'xlsx') {
      const buffer = await reportWorkbookBuffer(report);
      res
        .status(200)
        .setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .setHeader('Content-Disposition', contentDisposition(reportFileName(report, 'xlsx'), `report-${code}-${year}.xlsx`))
        .setHeader('Cache-Control', 'no-store')
        .send(buffer);
      return;
    }

    if (rendering >= MAX_CONCURRENT_PDF) {
      res.setHeader('Retry-After', '10');
      return void sendError(res, 503, 'BUSY', 'PDFを作成中です。しばらくしてから再度お試しください / PDFs are being rendered; retry shortly');
    }
    rendering++;
    try {
      const pdf = await renderReportPdf({
        chromium: chromium!,
        baseUrl: localBaseUrl(req),
        query: { municipality: code, year: String(year), ...(plan ? { plan } : {}), ...(stageText ? { stage: stageText } : {}) },
        title: reportTitle(report),
        // The headless browser asks the API as the caller did.
        headers: {
          ...(req.headers.cookie ? { cookie: req.headers.cookie } : {}),
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        },
      });
      res
        .status(200)
        .setHeader('Content-Type', 'application/pdf')
        .setHeader('Content-Disposition', contentDisposition(reportFileName(report, 'pdf'), `report-${code}-${year}.pdf`))
        .setHeader('Cache-Control', 'no-store')
        .send(pdf);
    } catch (e) {
      deps.logger?.error({ err: e }, 'report PDF failed');
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', `PDFを作成できませんでした / the PDF could not be rendered: ${(e as Error).message.split('\n')[0]}`);
    } finally {
      rendering--;
    }
  });
  return router;
}

/** This server as reached from this machine: the address and port the request came in on. */
function localBaseUrl(req: Request): string {
  const addr = req.socket.address() as AddressInfo;
  const host = !addr.address || addr.address === '::' || addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address.replace(/^::ffff:/, '');
  return `http://${host.includes(':') ? `[${host}]` : host}:${addr.port}`;
}

export interface RenderOptions {
  chromium: string;
  /** The server with the built dashboard (http://127.0.0.1:4000). */
  baseUrl: string;
  /** Query of the print view: municipality, year, plan, stage. */
  query: Record<string, string>;
  /** The running header of every page (the report's title). */
  title?: string;
  headers?: Record<string, string>;
}

/**
 * Opens /report?…&print=1 in headless Chromium, waits until the view says it is ready
 * (`data-report-ready`) and prints it to A4 (the view's @page rules decide the orientation).
 */
export async function renderReportPdf(opts: RenderOptions): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: opts.chromium, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  try {
    // The window as wide as the printed page (A4 landscape less the margins, 277 mm = 1047 px):
    // the charts are drawn at the width they print at.
    const context = await browser.newContext({ extraHTTPHeaders: opts.headers ?? {}, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1047, height: 740 } });
    const page = await context.newPage();
    const url = new URL('/report', opts.baseUrl);
    for (const [k, v] of Object.entries({ ...opts.query, print: '1' })) url.searchParams.set(k, v);
    await page.goto(url.toString(), { waitUntil: 'domcontentloaded', timeout: PDF_TIMEOUT_MS });
    await page.waitForSelector('[data-report-ready], [data-report-error]', { timeout: PDF_TIMEOUT_MS });
    const error = await page.$('[data-report-error]');
    if (error) throw new Error((await error.textContent())?.trim() || 'the print view reported an error');
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({
      format: 'A4',
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: `<div style="font-size:7px;width:100%;margin:0 10mm;color:#555;text-align:left">${escapeHtml(opts.title ?? '')}</div>`,
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
      margin: { top: '12mm', bottom: '14mm', left: '10mm', right: '10mm' },
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
