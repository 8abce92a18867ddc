/**
 * Security checks (issue 9):
 * - security headers on every response (dashboard, API, health, 404, a refused request);
 * - in production, errors carry no stack trace and no SQL (a real internal error: a table the
 *   database user cannot find; an id out of range; a malformed body);
 * - no secrets in the repository (every file git tracks or would track);
 * - SQL only through parameters: no SQL text built from non-constant values in server/src,
 *   except interpolations documented on the spot with `// sql-safe: <why>`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { startServer, type RunningServer } from '../browser/support/server.js';

const ROOT = resolve(import.meta.dirname, '../..');

// ---------- headers and production errors (one production server) ----------

describe('HTTP (NODE_ENV=production)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ NODE_ENV: 'production' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const gql = (query: string, variables: Record<string, unknown> = {}) => post(JSON.stringify({ query, variables }));

  function expectSecurityHeaders(res: Response, what: string) {
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
    expect(scriptSrc, `${what}: script-src`).toEqual(["'self'"]);
    expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(directives.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'none'"]);
    expect(directives.get('object-src'), `${what}: object-src`).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(res.headers.get('x-frame-options'), what).toBe('DENY');
    expect(res.headers.get('referrer-policy'), what).toBe('no-referrer');
    expect(res.headers.get('x-powered-by'), what).toBeNull();
  }

  it('sends the security headers on every kind of response', async () => {
    const cases: [string, Promise<Response>][] = [
      ['dashboard /', fetch(`${server.baseUrl}/`)],
      ['client route /indicators', fetch(`${server.baseUrl}/indicators`)],
      ['POST /graphql', gql('{ municipalities { code } }')],
      ['GET /graphql without a query', fetch(`${server.baseUrl}/graphql`)],
      ['/healthz', fetch(`${server.baseUrl}/healthz`)],
      ['/readyz', fetch(`${server.baseUrl}/readyz`)],
      ['404', fetch(`${server.baseUrl}/reports/no-such-report`)],
      ['malformed JSON', post('{"query": ')],
      ['CSRF-refused GET with a query', fetch(`${server.baseUrl}/graphql?query=${encodeURIComponent('{ municipalities { code } }')}`)],
    ];
    const statuses: Record<string, number> = {};
    for (const [what, p] of cases) {
      const res = await p;
      statuses[what] = res.status;
      await res.arrayBuffer();
      expectSecurityHeaders(res, `${what} (${res.status})`);
    }
    expect(statuses['POST /graphql']).toBe(200);
    expect(statuses['/healthz']).toBe(200);
    expect(statuses['404']).toBe(404);
    expect(statuses['malformed JSON']).toBeGreaterThanOrEqual(400);
    expect(statuses['malformed JSON']).toBeLessThan(500);
  });

  it('refuses simple cross-site requests (CSRF prevention): a form POST, a text/plain POST, a GET without a preflight header', async () => {
    const form = await post('query=%7B+municipalities+%7B+code+%7D+%7D', { 'content-type': 'application/x-www-form-urlencoded' });
    const text = await post('{"query":"{ municipalities { code } }"}', { 'content-type': 'text/plain' });
    const get = await fetch(`${server.baseUrl}/graphql?query=${encodeURIComponent('{ municipalities { code } }')}`);
    for (const [what, res] of [['form', form], ['text/plain', text], ['GET', get]] as const) {
      expect(res.status, what).toBe(400);
      const body = await res.text();
      expect(body, what).toMatch(/CSRF|preflight|content-type/i);
      expect(body, what).not.toMatch(/"code":"\d{6}"/); // no data came back
    }
  });

  /** No stack frame, no SQL, no table or driver names. */
  function expectNoLeak(text: string, what: string) {
    expect(text, what).not.toMatch(/\bat \S+ \(|\.[jt]s:\d+|node_modules|stacktrace/i);
    expect(text, what).not.toMatch(/\b(select|insert|update|delete)\b[\s\S]*\b(from|into|set)\b/i);
    expect(text, what).not.toMatch(/relation|syntax error|pg_|postgres|knex|mikro|out of range for type|municipality_hidden/i);
  }

  it('answers an internal database error without stack trace or SQL', async () => {
    // A real fault: the table the query reads is not there (renamed behind the server's back).
    await server.db.query('alter table municipality rename to municipality_hidden');
    let text: string;
    let status: number;
    try {
      const res = await gql('{ plans(municipalityCode: "112089") { name roots { name } } municipalities { code name } }');
      status = res.status;
      text = await res.text();
    } finally {
      await server.db.query('alter table municipality_hidden rename to municipality');
    }
    const body = JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] };
    expect(body.errors?.length, text).toBeGreaterThan(0);
    expect([200, 500], text).toContain(status);
    for (const e of body.errors!) {
      expect(e.extensions?.code, text).toBe('INTERNAL_SERVER_ERROR');
      expect(e.message).toBe('内部エラーが発生しました / Internal server error');
    }
    expectNoLeak(text, 'missing table');
    // …but the log has the details (the server's output reaches this process through a pipe,
    // possibly after the answer did: wait for it, bounded).
    await expect.poll(() => server.output(), { timeout: 5_000, interval: 20 }).toMatch(/municipality/);
  });

  it('answers odd ids and bodies without internals', async () => {
    const probes: [string, Promise<Response>][] = [
      ['id out of integer range', gql('query($id: ID!) { indicator(id: $id) { name } evaluation(id: $id) { id } }', { id: '99999999999999999999' })],
      ['id with SQL in it', gql('query($id: ID!) { policyNode(id: $id) { name } }', { id: "1' or '1'='1" })],
      ['search with SQL wildcards and quotes', gql('{ evaluations(filter: { search: "%\'; drop table evaluation; --" }) { nodes { id } } }')],
      ['cursor that is not ours', gql('{ evaluations(after: "not-a-cursor\'--") { nodes { id } } }')],
      ['malformed JSON', post('{"query": "{ municipalities { code } ')],
      ['wrong content type', fetch(`${server.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ municipalities { code } }' })],
    ];
    for (const [what, p] of probes) {
      const res = await p;
      const text = await res.text();
      expect(res.status, `${what}: ${text.slice(0, 300)}`).toBeLessThan(500);
      expectNoLeak(text, `${what}: ${text.slice(0, 300)}`);
    }
    // The tables are all still there.
    const res = await gql('{ municipalities { code } }');
    expect(((await res.json()) as { data: { municipalities: unknown[] } }).data.municipalities.length).toBeGreaterThan(0);
  });
});

// ---------- secrets ----------

/** Files git tracks, plus new files it would track (not ignored). */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, maxBuffer: 64 << 20 });
  return [...new Set(out.toString('utf8').split('\0').filter(Boolean))].filter((f) => {
    try {
      return statSync(join(ROOT, f)).isFile();
    } catch {
      return false; // deleted in the working tree
    }
  });
}

/** Passwords allowed in URLs: the embedded PostgreSQL's local one (documented) and placeholders. */
const ALLOWED_URL_PASSWORDS = new Set(['seisaku-local', 'pass', 'password', 'secret', '***', 'postgres']);
const SECRET_PATTERNS: [string, RegExp][] = [
  ['private key', new RegExp('-----BEGIN ([A-Z]+ )?' + 'PRIVATE KEY-----')],
  ['AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['AWS secret key', /aws_secret_access_key\s*[=:]\s*['"]?[A-Za-z0-9/+=]{40}/i],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{36,}\b/],
  ['Slack token', /\bxox[baprs]-[A-Za-z0-9-]{10,}/],
  ['npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
  ['Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
];

describe('repository', () => {
  it('holds no secrets', () => {
    const found: string[] = [];
    let scanned = 0;
    for (const f of repositoryFiles()) {
      const bytes = readFileSync(join(ROOT, f));
      if (bytes.length > 20 << 20 || bytes.subarray(0, 8000).includes(0)) continue; // binary
      const text = bytes.toString('utf8');
      scanned++;
      for (const [what, re] of SECRET_PATTERNS) if (re.test(text)) found.push(`${f}: ${what}`);
      for (const m of text.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/([^\s:/@'"`]+):([^\s@/'"`]+)@/gi)) {
        const password = decodeURIComponent(m[2]!);
        if (ALLOWED_URL_PASSWORDS.has(password) || /^\$\{.*\}$|^<.*>$|^\$[A-Z_]+$/.test(password)) continue;
        found.push(`${f}: password in URL ${m[0].replace(m[2]!, '…')}`);
      }
      if (/(^|\/)\.env(\.|$)/.test(f) && !/\.example$/.test(f)) found.push(`${f}: an .env file is committed`);
    }
    expect(scanned).toBeGreaterThan(100);
    expect(found, found.join('\n')).toEqual([]);
  });
});

// ---------- SQL built from values ----------

/** Text that is SQL for sure (fragments without these are checked where they are spliced into such text). */
const SQL_TEXT = /\b(select\b[\s\S]*\bfrom\b|insert\s+into\b|update\s+(\S+|\?\?)(\s+as\s+\w+)?\s+set\b|delete\s+from\b|with\s+recursive\b|set\s+local\b|analyze\s|create\s+(table|index|database)\b)/i;

/**
 * Interpolations reviewed when this check was introduced: identifiers, aliases and fragments
 * that come from fixed lists in the code, never from a request or a file. Keyed by file and the
 * interpolated expression (not the line, which moves). New code documents its own with
 * `// sql-safe: <why>` instead of growing this list.
 */
const REVIEWED: Record<string, { exprs: string[]; why: string }> = {
  'server/src/analytics/analytics.service.ts': {
    why: 'grouping columns, ordinals and joins are chosen from the RatingGroupBy/BandGroupBy enums; every value is a ? binding',
    exprs: [
      "[...keys, 'es.scale_id', 'es.level_id', 'count(*)::int as n'].join(', ')",
      'where',
      '[...ordinals, String(by.length + 1), String(by.length + 2)].join(\', \')',
      "[...keys, `${a}.scale_id`, `${a}.level_id`, rollup ? 'sum(r.n)::int as n' : 'count(*)::int as n'].join(', ')",
      "[...keyCols, 'c.scale_id'].join(', ')",
      "[...keyCols.map((k) => `${k} nulls last`), 'c.scale_id'].join(', ')",
      'side',
      'from',
    ],
  },
  'server/src/dataset/upsert.ts': {
    why: 'table and column names come from the importer\'s TableSpec constants, types from pg_attribute for those columns; rows go in as ? bindings',
    exprs: ['scope.sql', "insertCols.map((c) => `?::${types.get(c)}[]`).join(', ')", 'setSql', "batch.map(() => tuple).join(', ')"],
  },
  'server/src/graphql/filters.ts': {
    why: 'column expressions of the filtered view, fixed per resolver; filter values are ? bindings',
    exprs: ['cols.municipalityId', 'cols.departmentId', 'cols.nodePath', "s.where.join(' and ')"],
  },
  'server/src/analytics/rollups.ts': {
    why: 'ROLLUP_COLUMNS is a constant; rollupSelect is called with literal conditions whose values are ? bindings',
    exprs: ['condition', 'ROLLUP_COLUMNS', "rollupSelect('es.municipality_id = ?')"],
  },
  'server/src/workflow/workflow.resolver.ts': { why: 'the subject column from a constant map keyed by the SubjectKind enum', exprs: ['COLUMN[input.subjectKind]'] },
  'server/src/graphql/loaders.ts': { why: 'table names from the fixed list of loaders', exprs: ['t'] },
  'server/src/graphql/pagination.ts': {
    why: 'select list, view, sort key and id column fixed per connection resolver; direction from the SortDirection enum; cursor values are ? bindings',
    exprs: ['q.select', 'q.sortKey', 'q.from', 'dir', 'q.idColumn'],
  },
  'server/src/report/report.service.ts': {
    why: 'table aliases are literals in the same statement',
    exprs: ["cols('pl')", "flag('pl')", "cols('pn')", "flag('pn')", "cols('i')", "flag('i')", "cols('v')", "flag('v')", "cols('p')", "flag('p')", "cols('a')", "flag('a')", "cols('e')", "flag('e')"],
  },
};

/** Helpers whose result is safe to splice: escaping, and the WHERE assembler (its parts are checked where they are written). */
const SAFE_CALLS = /^(pg\.)?escape(Identifier|Literal)\(|^whereSql\(/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : tsFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/**
 * Interpolations that cannot carry a value: literals, and placeholder lists such as
 * `${cols.map(() => '??').join(', ')}` (knex `?` values and `??` identifiers).
 */
function isPlaceholderOnly(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return isPlaceholderOnly(e.expression);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return /^[\s?,():[\]]*$/.test(e.text);
  if (ts.isNumericLiteral(e)) return true;
  // A choice between two literals: `${rollup ? 'rating_rollup r' : 'evaluation_subject es'}`.
  if (ts.isConditionalExpression(e)) return isLiteral(e.whenTrue) && isLiteral(e.whenFalse);
  if (ts.isTemplateExpression(e)) return /^[\s?,():[\]]*$/.test(e.head.text) && e.templateSpans.every((s) => /^[\s?,():[\]]*$/.test(s.literal.text) && isPlaceholderOnly(s.expression));
  if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const method = e.expression.name.text;
    if (method === 'join') return e.arguments.every((a) => ts.isStringLiteral(a) && /^[\s,]*$/.test(a.text)) && isPlaceholderOnly(e.expression.expression);
    if (method === 'map') {
      const fn = e.arguments[0];
      return !!fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isExpression(fn.body) && isPlaceholderOnly(fn.body as ts.Expression);
    }
  }
  return false;
}

function isLiteral(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return isLiteral(e.expression);
  return ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e);
}

interface Finding {
  file: string;
  line: number;
  text: string;
}

function unsafeSqlInterpolations(file: string): Finding[] {
  const source = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines = source.split('\n');
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
  const annotated = (node: ts.Node) => {
    // `// sql-safe: why` on the line above the statement, or on its first or last line.
    let stmt: ts.Node = node;
    while (stmt.parent && !ts.isStatement(stmt) && !ts.isVariableDeclaration(stmt)) stmt = stmt.parent;
    const first = lineOf(stmt.getStart(sf));
    const last = lineOf(node.getEnd());
    const interp = lineOf(node.getStart(sf));
    return [first - 1, first, interp - 1, interp, last].some((l) => /\/\/\s*sql-safe:\s*\S/.test(lines[l] ?? ''));
  };
  const findings: Finding[] = [];
  const report = (node: ts.Node) => findings.push({ file: relative(ROOT, file), line: lineOf(node.getStart(sf)) + 1, text: node.getText(sf).replace(/\s+/g, ' ').slice(0, 160) });

  const visit = (node: ts.Node) => {
    if (ts.isTemplateExpression(node)) {
      const literalText = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
      if (SQL_TEXT.test(literalText)) {
        for (const span of node.templateSpans) {
          if (isPlaceholderOnly(span.expression) || SAFE_CALLS.test(span.expression.getText(sf))) continue;
          if (REVIEWED[relative(ROOT, file)]?.exprs.includes(span.expression.getText(sf).replace(/\s+/g, ' '))) continue;
          // A nested template is checked on its own.
          if (ts.isTemplateExpression(span.expression) && SQL_TEXT.test(span.expression.head.text)) continue;
          if (!annotated(span.expression)) report(span.expression);
        }
      }
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const sides = [node.left, node.right];
      const sqlSide = sides.find((s) => (ts.isStringLiteral(s) || ts.isNoSubstitutionTemplateLiteral(s)) && SQL_TEXT.test(s.text));
      const other = sides.find((s) => s !== sqlSide);
      if (sqlSide && other && !isPlaceholderOnly(other) && !ts.isStringLiteral(other) && !annotated(node)) report(other);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

describe('SQL', () => {
  it('is built only with bound parameters (or documented constant identifiers)', () => {
    const files = tsFiles(join(ROOT, 'server/src'));
    expect(files.length).toBeGreaterThan(30);
    const findings = files.flatMap(unsafeSqlInterpolations);
    expect(findings.map((f) => `${f.file}:${f.line}: \${${f.text}}`).join('\n')).toBe('');
  });

  it('the check itself catches a value spliced into SQL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seisaku-sql-probe-'));
    const probe = join(dir, 'probe.ts');
    const code = [
      'const name = process.argv[2];',
      'export const a = `select * from city where name = \'${name}\'`;',
      "export const b = 'delete from city where id = ' + name;",
      'export const c = `select * from ?? where id in (${[1, 2].map(() => \'?\').join(\', \')})`;',
      '// sql-safe: the column comes from a fixed list',
      'export const d = `select ${["id", "name"][0]} from city`;',
    ].join('\n');
    writeFileSync(probe, code);
    const found = unsafeSqlInterpolations(probe).map((f) => f.line);
    rmSync(dir, { recursive: true, force: true });
    expect(found).toEqual([2, 3]);
  });
});
