/**
 * Who may see and change what (issue 7), through the live server: sign-in, rate limits, a role
 * matrix over the evaluation cycle, and isolation by city (lists, aggregations, text search,
 * CSV) enforced by row-level security, including the API's role with no city set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { hashPassword } from '../../server/src/auth/password.js';

const PASSWORD = 'correct horse battery';
let server: RunningServer;
type Body = { data?: any; errors?: { message: string; extensions?: { code?: string; field?: string; retryAfter?: number } }[] };

class Client {
  cookie = '';
  constructor(readonly bearer?: string) {}
  async gql(query: string, variables: Record<string, unknown> = {}): Promise<Body & { status: number }> {
    const res = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return { status: res.status, ...((await res.json()) as Body) };
  }
  async signIn(email: string, password = PASSWORD) {
    return this.gql(`mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { id role } }`, { e: email, p: password });
  }
}
const code = (r: Body) => r.errors?.[0]?.extensions?.code;

let A: { id: number; code: string };
let B: { id: number; code: string };
let dept: number;
let subject: number; // policy node of `dept` evaluated at the self stage
let otherSubject: number; // policy node of another department
let indicator: number; // an indicator of `dept`
const YEAR = 2031;
const users: Record<string, Client> = {};

beforeAll(async () => {
  server = await startServer({ PUBLIC_MODE: '0' });
  const q = server.db.query;
  const cities = await q<{ id: number; code: string; name: string }>(`select id, code, name from municipality order by id`);
  A = cities.find((c) => c.name.includes('伊勢崎'))!;
  B = cities.find((c) => c.name.includes('所沢'))!;
  const [s] = await q<{ node: number; dept: number }>(
    `select es.policy_node_id as node, es.department_id as dept from evaluation_subject es
      where es.municipality_id = $1 and es.stage = 'self' and es.subject_kind = 'policy_node' and es.department_id is not null
      order by es.id limit 1`,
    [A.id],
  );
  subject = s!.node;
  dept = s!.dept;
  const [o] = await q<{ node: number }>(
    `select pn.id as node from policy_node pn join department d on d.id = pn.effective_department_id
      join department e on e.id = $2 where pn.municipality_id = $1 and not (d.path like e.path || '%') order by pn.id limit 1`,
    [A.id, dept],
  );
  otherSubject = o!.node;
  const [i] = await q<{ id: number }>(
    `select i.id from indicator i join policy_node pn on pn.id = i.policy_node_id join department d on d.id = pn.effective_department_id
      join department e on e.id = $2 where i.municipality_id = $1 and d.path like e.path || '%' order by i.id limit 1`,
    [A.id, dept],
  );
  indicator = i!.id;
  // The first account, as `npm run admin:create` makes it: a system administrator.
  await q(`insert into app_user (municipality_id, email, display_name, role, password_hash) values (null, 'root@example.jp', 'root', 'administrator', $1)`, [
    await hashPassword(PASSWORD),
  ]);
  // Wait until the server has noticed that accounts exist.
  for (let t = 0; t < 50; t++) {
    const r = await new Client().gql(`{ municipalities { code } }`);
    if (code(r) === 'UNAUTHENTICATED') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const root = new Client();
  expect(code(await root.signIn('root@example.jp'))).toBeUndefined();
  users.root = root;
  const make = async (email: string, role: string, city: string, departmentId?: number) => {
    const r = await root.gql(
      `mutation ($e: String!, $r: Role!, $m: String, $d: ID, $p: String!) { createUser(email: $e, displayName: $e, role: $r, password: $p, municipalityCode: $m, departmentId: $d) { id role } }`,
      { e: email, r: role, m: city, d: departmentId ?? null, p: PASSWORD },
    );
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const c = new Client();
    expect(code(await c.signIn(email))).toBeUndefined();
    users[email === 'reviewer@b.jp' ? 'reviewerB' : email.split('@')[0]!] = c;
  };
  await make('viewer@a.jp', 'VIEWER', A.code);
  await make('analyst@a.jp', 'ANALYST', A.code);
  await make('editor@a.jp', 'DEPARTMENT_EDITOR', A.code, dept);
  await make('reviewer@a.jp', 'REVIEWER', A.code);
  await make('committee@a.jp', 'COMMITTEE_MEMBER', A.code);
  await make('admin@a.jp', 'ADMINISTRATOR', A.code);
  await make('reviewer@b.jp', 'REVIEWER', B.code);
}, 180_000);
afterAll(async () => server?.stop());

const SAVE = `mutation ($i: SaveEvaluationInput!) { saveEvaluation(input: $i) { id status version levelCode history { action userName } } }`;
const input = (stage: string, extra: Record<string, unknown> = {}) => ({ subjectKind: 'POLICY_NODE', subjectId: String(subject), fiscalYear: YEAR, stage, ...extra });
async function levelCodes(c: Client, stage: string): Promise<string[]> {
  const r = await c.gql(`query ($id: ID!, $y: Int!, $s: Stage!) { evaluationEntry(subjectKind: POLICY_NODE, subjectId: $id, fiscalYear: $y, stage: $s) { scale { levels { code } } } }`, {
    id: String(subject),
    y: YEAR,
    s: stage,
  });
  return r.data.evaluationEntry.scale.levels.map((l: { code: string }) => l.code);
}

describe('signing in', () => {
  it('refuses anonymous reads once accounts exist (PUBLIC_MODE off), and says why', async () => {
    const r = await new Client().gql(`{ municipalities { code } }`);
    expect(r.status).toBe(401);
    expect(code(r)).toBe('UNAUTHENTICATED');
    expect((await new Client().gql(`{ me { id } }`)).data.me).toBeNull();
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and answers `me`', async () => {
    const res = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { signIn(email: "viewer@a.jp", password: "${PASSWORD}") { id } }` }),
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; Secure behind TLS
    const me = await users.viewer!.gql(`{ me { email role systemAdministrator municipality { code } } }`);
    expect(me.data.me).toEqual({ email: 'viewer@a.jp', role: 'VIEWER', systemAdministrator: false, municipality: { code: A.code } });
  });

  it('rate-limits wrong passwords per account with a clear message and retry-after', async () => {
    const c = new Client();
    for (let i = 0; i < 5; i++) expect(code(await c.signIn('committee@a.jp', 'wrong password!'))).toBe('UNAUTHENTICATED');
    const r = await c.signIn('committee@a.jp'); // even the right password now waits
    expect(code(r)).toBe('RATE_LIMITED');
    expect(r.status).toBe(429);
    expect(r.errors![0]!.extensions!.retryAfter).toBeGreaterThan(0);
    expect(r.errors![0]!.message).toMatch(/too many sign-in attempts/);
  });
});

describe('role matrix (evaluation cycle)', () => {
  let id: string;
  let version: number;

  it('only the department editor of the subject’s department writes its self-evaluation', async () => {
    const codes = await levelCodes(users.editor!, 'SELF');
    expect(codes.length).toBeGreaterThan(1);
    for (const who of ['viewer', 'analyst', 'reviewer', 'committee', 'admin', 'root']) {
      expect(code(await users[who]!.gql(SAVE, { i: input('SELF', { levelCode: codes[0] }) })), who).toBe('FORBIDDEN');
    }
    expect(code(await users.editor!.gql(SAVE, { i: { ...input('SELF'), subjectId: String(otherSubject) } }))).toBe('FORBIDDEN');
    const badLevel = await users.editor!.gql(SAVE, { i: input('SELF', { levelCode: 'ZZ' }) });
    expect(code(badLevel)).toBe('BAD_USER_INPUT');
    expect(badLevel.errors![0]!.extensions!.field).toBe('levelCode');
    const tooLong = await users.editor!.gql(SAVE, { i: input('SELF', { issues: 'あ'.repeat(4001) }) });
    expect(tooLong.errors![0]!.extensions!.field).toBe('issues');
    const r = await users.editor!.gql(SAVE, { i: input('SELF', { levelCode: codes[0], achievement: '順調' }) });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data.saveEvaluation).toMatchObject({ status: 'DRAFT', version: 1, levelCode: codes[0] });
    id = r.data.saveEvaluation.id;
    version = 1;
  });

  it('refuses a save from an older version: someone else saved first', async () => {
    const codes = await levelCodes(users.editor!, 'SELF');
    const ok = await users.editor!.gql(SAVE, { i: input('SELF', { levelCode: codes[1], version }) });
    expect(ok.data.saveEvaluation.version).toBe(2);
    const stale = await users.editor!.gql(SAVE, { i: input('SELF', { levelCode: codes[0], version }) });
    expect(code(stale)).toBe('CONFLICT');
    expect(stale.errors![0]!.message).toMatch(/他の人が先に更新しました.*someone else saved first/);
    version = 2;
  });

  it('the editor submits; only a reviewer of the same city returns (with a comment) or accepts', async () => {
    const SUBMIT = `mutation ($id: ID!, $v: Int!) { submitEvaluation(id: $id, version: $v) { status version } }`;
    const RETURN = `mutation ($id: ID!, $v: Int!, $c: String!) { returnEvaluation(id: $id, version: $v, comment: $c) { status version } }`;
    const ACCEPT = `mutation ($id: ID!, $v: Int!) { acceptEvaluation(id: $id, version: $v) { status version history { action comment } } }`;
    expect(code(await users.reviewer!.gql(SUBMIT, { id, v: version }))).toBe('FORBIDDEN');
    const s = await users.editor!.gql(SUBMIT, { id, v: version });
    expect(s.data.submitEvaluation).toEqual({ status: 'SUBMITTED', version: 3 });
    expect(code(await users.editor!.gql(SAVE, { i: input('SELF', { version: 3 }) }))).toBe('FORBIDDEN'); // submitted: locked
    for (const who of ['editor', 'viewer', 'analyst', 'committee', 'admin']) expect(code(await users[who]!.gql(RETURN, { id, v: 3, c: 'x' })), who).toBe('FORBIDDEN');
    // Another city's reviewer does not even see it.
    expect(code(await users.reviewerB!.gql(RETURN, { id, v: 3, c: 'x' }))).toBe('NOT_FOUND');
    expect(code(await users.reviewer!.gql(RETURN, { id, v: 3, c: ' ' }))).toBe('BAD_USER_INPUT');
    expect((await users.reviewer!.gql(RETURN, { id, v: 3, c: '根拠を追記してください' })).data.returnEvaluation).toEqual({ status: 'RETURNED', version: 4 });
    expect((await users.editor!.gql(SUBMIT, { id, v: 4 })).data.submitEvaluation.status).toBe('SUBMITTED');
    expect(code(await users.editor!.gql(ACCEPT, { id, v: 5 }))).toBe('FORBIDDEN');
    const a = await users.reviewer!.gql(ACCEPT, { id, v: 5 });
    expect(a.data.acceptEvaluation.status).toBe('ACCEPTED');
    expect(a.data.acceptEvaluation.history.map((h: { action: string }) => h.action)).toEqual(['create', 'save', 'submit', 'return', 'submit', 'accept']);
    expect(a.data.acceptEvaluation.history[3].comment).toBe('根拠を追記してください');
    const hist = await server.db.query<{ n: string }>(`select count(*) as n from evaluation_history where evaluation_id = $1 and before is not null and after is not null`, [id]);
    expect(Number(hist[0]!.n)).toBe(5);
  });

  it('reviewers write secondary, committee members external, and nobody else', async () => {
    const sec = await users.reviewer!.gql(SAVE, { i: input('SECONDARY', { comment: '概ね順調' }) });
    expect(sec.errors, JSON.stringify(sec.errors)).toBeUndefined();
    expect(code(await users.editor!.gql(SAVE, { i: input('SECONDARY') }))).toBe('FORBIDDEN');
    const ext = await users.committee!.gql(SAVE, { i: input('EXTERNAL', { request: '周知を' }) });
    expect(ext.errors, JSON.stringify(ext.errors)).toBeUndefined();
    expect(code(await users.reviewer!.gql(SAVE, { i: input('EXTERNAL') }))).toBe('FORBIDDEN');
    expect(code(await users.root!.gql(SAVE, { i: input('COUNCIL') }))).toBe('FORBIDDEN');
  });

  it('indicator actuals: the department editor only, version-checked, with history', async () => {
    const Q = `mutation ($i: ID!, $v: Int) { saveIndicatorActual(indicatorId: $i, fiscalYear: ${YEAR}, value: 42.5, version: $v) { version text } }`;
    for (const who of ['viewer', 'reviewer', 'committee', 'admin']) {
      const r = await users[who]!.gql(Q, { i: String(indicator) });
      expect(code(r), `${who} ${JSON.stringify(r.errors)}`).toBe('FORBIDDEN');
    }
    expect((await users.editor!.gql(Q, { i: String(indicator) })).data.saveIndicatorActual).toEqual({ version: 1, text: '42.5' });
    expect(code(await users.editor!.gql(Q, { i: String(indicator) }))).toBe('CONFLICT');
    expect((await users.editor!.gql(Q, { i: String(indicator), v: 1 })).data.saveIndicatorActual.version).toBe(2);
    const h = await server.db.query(`select * from indicator_value_history where indicator_id = $1`, [indicator]);
    expect(h.length).toBe(2);
  });

  it('progress per department counts statuses and missing subjects', async () => {
    const r = await users.viewer!.gql(`query ($m: String!) { evaluationProgress(municipalityCode: $m, fiscalYear: ${YEAR}, stage: SELF, deadline: "2000-01-01") {
      department { id } total draft submitted returned accepted missing late } }`, { m: A.code });
    expect(r.errors).toBeUndefined();
    const mine = r.data.evaluationProgress.find((p: { department: { id: string } | null }) => p.department?.id === String(dept));
    expect(mine.accepted).toBe(1);
    expect(mine.total).toBe(mine.missing + mine.accepted + mine.draft + mine.submitted + mine.returned);
    expect(mine.late).toBe(mine.missing + mine.draft + mine.returned);
  });

  it('administrators manage their own city’s users and publishing only; analysts get read-only API tokens', async () => {
    expect(code(await users.viewer!.gql(`{ users { email } }`))).toBe('FORBIDDEN');
    const list = await users.admin!.gql(`{ users { email } }`);
    expect(list.data.users.map((u: { email: string }) => u.email)).not.toContain('reviewer@b.jp');
    expect(code(await users.admin!.gql(`{ users(municipalityCode: "${B.code}") { email } }`))).toBe('FORBIDDEN');
    expect(code(await users.admin!.gql(`mutation { setPublished(municipalityCode: "${B.code}", fiscalYear: 2022, published: true) }`))).toBe('FORBIDDEN');
    expect((await users.admin!.gql(`mutation { setPublished(municipalityCode: "${A.code}", fiscalYear: 2022, published: true) }`)).data.setPublished).toBe(true);
    expect(code(await users.viewer!.gql(`mutation { createApiToken(name: "x") { token } }`))).toBe('FORBIDDEN');
    const t = await users.analyst!.gql(`mutation { createApiToken(name: "script", days: 30) { token } }`);
    const token = t.data.createApiToken.token as string;
    const script = new Client(token);
    expect((await script.gql(`{ municipalities { code } }`)).data.municipalities).toEqual([{ code: A.code }]);
    expect(code(await script.gql(SAVE, { i: input('SELF') }))).toBe('FORBIDDEN');
    const stored = await server.db.query<{ token_hash: string }>(`select token_hash from api_token`);
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
    expect(code(await new Client('skh_not-a-token').gql(`{ municipalities { code } }`))).toBe('UNAUTHENTICATED');
  });
});

describe('isolation by city', () => {
  it('no query of a city’s user returns another city’s data (lists, aggregation, text search, by id)', async () => {
    const c = users.viewer!;
    expect((await c.gql(`{ municipalities { code } }`)).data.municipalities).toEqual([{ code: A.code }]);
    const [own] = await server.db.query<{ n: string }>(`select count(*) as n from evaluation where municipality_id = $1`, [A.id]);
    const list = await c.gql(`{ evaluations(first: 1) { totalCount } }`);
    expect(list.data.evaluations.totalCount).toBe(Number(own!.n));
    // Asking for another city by its code is refused exactly as an unknown code: no data, and
    // nothing says whether the city exists (filter-arguments.ts).
    const asked = await c.gql(`query ($m: [String!]) { evaluations(filter: { municipalityCodes: $m }, first: 5) { totalCount } }`, { m: [B.code] });
    expect(asked.data?.evaluations ?? null).toBeNull();
    const unknownCode = '999997'; // well formed (check digit 7), no such city
    const unknown = await c.gql(`query ($m: [String!]) { evaluations(filter: { municipalityCodes: $m }, first: 5) { totalCount } }`, { m: [unknownCode] });
    expect(asked.errors?.[0]?.message.replaceAll(B.code, '<code>')).toBe(unknown.errors?.[0]?.message.replaceAll(unknownCode, '<code>'));
    expect(asked.errors?.[0]?.message).toMatch(/閲覧が許されていません/);
    const agg = await c.gql(`{ ratingDistribution(groupBy: [MUNICIPALITY]) { groups { municipality { code } total } } }`);
    expect(agg.errors).toBeUndefined();
    expect(new Set(agg.data.ratingDistribution.groups.map((g: { municipality: { code: string } }) => g.municipality.code))).toEqual(new Set([A.code]));
    const search = await c.gql(`{ evaluations(filter: { search: "の" }, first: 500) { nodes { municipality { code } } } }`);
    expect(search.data.evaluations.nodes.length).toBeGreaterThan(0);
    expect(search.data.evaluations.nodes.every((n: { municipality: { code: string } }) => n.municipality.code === A.code)).toBe(true);
    const [bEval] = await server.db.query<{ id: number }>(`select id from evaluation where municipality_id = $1 limit 1`, [B.id]);
    expect((await c.gql(`{ evaluation(id: "${bEval!.id}") { id } }`)).data.evaluation).toBeNull();
    expect((await c.gql(`{ plans(municipalityCode: "${B.code}") { id } }`)).data.plans).toEqual([]);
    expect((await c.gql(`{ departments(municipalityCode: "${B.code}") { id } }`)).data.departments).toEqual([]);
    // The system administrator sees every city.
    expect((await users.root!.gql(`{ municipalities { code } }`)).data.municipalities.length).toBeGreaterThan(2);
  });

  it('CSV answers with the caller’s city only', async () => {
    const res = await fetch(`${server.baseUrl}/csv`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: users.viewer!.cookie },
      body: JSON.stringify({ query: `{ municipalities { code name } }` }),
    });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(text).toContain(A.code);
    expect(text).not.toContain(B.code);
    const anon = await fetch(`${server.baseUrl}/csv`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ municipalities { code } }` }) });
    expect(await anon.text()).not.toContain(A.code);
  });

  it('reports answer with the caller’s city only', async () => {
    const year = async (code: string) =>
      (await server.db.query<{ y: number }>(`select max(e.fiscal_year)::int as y from evaluation e join municipality m on m.id = e.municipality_id where m.code = $1`, [code]))[0]!.y;
    const own = await fetch(`${server.baseUrl}/reports/${A.code}/${await year(A.code)}.xlsx`, { headers: { cookie: users.viewer!.cookie } });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toMatch(/spreadsheetml/);
    await own.arrayBuffer();
    const other = await fetch(`${server.baseUrl}/reports/${B.code}/${await year(B.code)}.xlsx`, { headers: { cookie: users.viewer!.cookie } });
    expect(other.status).toBeGreaterThanOrEqual(400);
    const body = Buffer.from(await other.arrayBuffer());
    expect(body.subarray(0, 2).toString('latin1')).not.toBe('PK'); // no workbook (zip) came back
    const anon = await fetch(`${server.baseUrl}/reports/${A.code}/${await year(A.code)}.xlsx`);
    expect(anon.status).toBeGreaterThanOrEqual(400);
  });

  it('the API’s database role sees no row without a city set, and only its city with one', async () => {
    const client = new pg.Client({ connectionString: server.db.url });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('set local role seisaku_app');
      const role = await client.query(`select rolbypassrls, rolsuper from pg_roles where rolname = current_user`);
      expect(role.rows[0]).toEqual({ rolbypassrls: false, rolsuper: false });
      for (const t of ['municipality', 'evaluation', 'indicator_value', 'policy_node', 'department', 'evaluation_subject', 'evaluation_history']) {
        const r = await client.query(`select count(*)::int as n from ${t}`);
        expect(r.rows[0].n, t).toBe(0);
      }
      await client.query('savepoint s');
      await expect(client.query(`select count(*) from app_user`)).rejects.toThrow(/permission denied/);
      await client.query('rollback to savepoint s');
      await client.query(`select set_config('app.municipality_ids', $1, true)`, [String(A.id)]);
      const r = await client.query(`select distinct municipality_id from evaluation_subject`);
      expect(r.rows.map((x) => x.municipality_id)).toEqual([A.id]);
      await client.query('savepoint s');
      await expect(client.query(`insert into publication (municipality_id, fiscal_year) values ($1, 2020)`, [B.id])).rejects.toThrow(/row-level security/);
      await client.query('rollback to savepoint s');
    } finally {
      await client.query('rollback').catch(() => {});
      await client.end();
    }
  });
});
