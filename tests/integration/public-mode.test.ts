/**
 * PUBLIC_MODE=1 (server/src/auth/request-scope.ts): once accounts exist, a request without
 * signing in reads the published fiscal years of the cities that published any, accepted
 * evaluations only. The per-city counts (`municipality_summary`) count every row, so row-level
 * security hides them there and the API counts what the caller may see instead; a signed-in
 * caller still gets the stored counts, and the response cache keeps the two apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { hashPassword } from '../../server/src/auth/password.js';

const PASSWORD = 'correct horse battery';
const YEAR = 2022;
let server: RunningServer;
let A: { id: number; code: string };
let B: { id: number; code: string };

type Body = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
async function gql(query: string, cookie = ''): Promise<Body & { status: number }> {
  const res = await fetch(`${server.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, ...((await res.json()) as Body) };
}

const COUNTS = `{ municipalities { code counts { plans policyNodes indicators indicatorValues evaluations } } }`;

beforeAll(async () => {
  server = await startServer({ PUBLIC_MODE: '1' });
  const q = server.db.query;
  const cities = await q<{ id: number; code: string; name: string }>(`select id, code, name from municipality order by id`);
  A = cities.find((c) => c.code === '990001')!; // the generated sample city: ten years of data
  B = cities.find((c) => c.name.includes('所沢'))!;
  await q(`insert into app_user (municipality_id, email, display_name, role, password_hash) values (null, 'root@example.jp', 'root', 'administrator', $1)`, [
    await hashPassword(PASSWORD),
  ]);
  await q(`insert into publication (municipality_id, fiscal_year) values ($1, $2)`, [A.id, YEAR]);
  // Until the server has noticed the account (no longer open to everyone): B is then out of sight.
  for (let t = 0; t < 50; t++) {
    const r = await gql(COUNTS);
    if (r.data && !r.data.municipalities.some((m: { code: string }) => m.code === B.code)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
}, 180_000);
afterAll(async () => server?.stop());

describe('public mode', () => {
  it('counts only what an anonymous caller may see: published years, accepted evaluations', async () => {
    const q = server.db.query;
    const r = await gql(COUNTS);
    expect(r.errors).toBeUndefined();
    const codes = r.data.municipalities.map((m: { code: string }) => m.code);
    expect(codes).toEqual([A.code]);
    const [expected] = await q<Record<string, number>>(
      `select (select count(*) from plan where municipality_id = $1)::int as plans,
              (select count(*) from policy_node where municipality_id = $1)::int as policy_nodes,
              (select count(*) from indicator where municipality_id = $1)::int as indicators,
              (select count(*) from indicator_value where municipality_id = $1 and (kind <> 'actual' or fiscal_year = $2))::int as indicator_values,
              (select count(*) from evaluation where municipality_id = $1 and status = 'accepted' and fiscal_year = $2)::int as evaluations,
              (select count(*) from evaluation where municipality_id = $1)::int as all_evaluations,
              (select count(*) from indicator_value where municipality_id = $1)::int as all_values`,
      [A.id, YEAR],
    );
    // The published year leaves some rows out, so the stored counts would be wrong here.
    expect(expected!.all_values).toBeGreaterThan(expected!.indicator_values!);
    expect(r.data.municipalities[0].counts).toEqual({
      plans: expected!.plans,
      policyNodes: expected!.policy_nodes,
      indicators: expected!.indicators,
      indicatorValues: expected!.indicator_values,
      evaluations: expected!.evaluations,
    });
  });

  it('gives a signed-in administrator the stored counts of every city, not the anonymous answer', async () => {
    const res = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }`, variables: { e: 'root@example.jp', p: PASSWORD } }),
    });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const r = await gql(COUNTS, cookie);
    expect(r.errors).toBeUndefined();
    const byCode = new Map(r.data.municipalities.map((m: { code: string; counts: unknown }) => [m.code, m.counts]));
    expect(byCode.has(B.code)).toBe(true);
    const [stored] = await server.db.query<{ evaluations: number; indicator_values: number }>(
      `select evaluations, indicator_values from municipality_summary where municipality_id = $1`,
      [A.id],
    );
    expect(byCode.get(A.code)).toMatchObject({ evaluations: stored!.evaluations, indicatorValues: stored!.indicator_values });
    // And the anonymous answer is still the published one (the cache keys callers apart).
    const anonymous = await gql(COUNTS);
    expect(anonymous.data.municipalities.map((m: { code: string }) => m.code)).toEqual([A.code]);
    expect(anonymous.data.municipalities[0].counts.indicatorValues).toBeLessThan(stored!.indicator_values);
  });

  it('a survey’s results show for published years only; goals per year, like targets, always (所沢)', async () => {
    await server.db.query(`insert into publication (municipality_id, fiscal_year) values ($1, 2016)`, [B.id]);
    const node = (await server.db.query<{ id: number }>(`select id from policy_node where key = 'tokorozawa-juten-kizuna'`))[0]!.id;
    const read = async () => (await gql(`{ policyNode(id: "${node}") { surveyResults { count } yearlyGoals { fiscalYear { year } } } }`)).data?.policyNode;
    // the published year is 2016: the 2017 survey is hidden, the goals of 2015-2018 are not
    let n: any;
    for (let t = 0; t < 50 && !(n = await read()); t++) await new Promise((r) => setTimeout(r, 200));
    expect(n.surveyResults).toEqual([]);
    expect(n.yearlyGoals.map((g: any) => g.fiscalYear.year)).toEqual([2015, 2016, 2017, 2018]);
    // (publishing by SQL does not touch the city's data_version, which keys the response cache: bumped here)
    await server.db.query(`insert into publication (municipality_id, fiscal_year) values ($1, 2017)`, [B.id]);
    await server.db.query(`update municipality set data_version = data_version + 1 where id = $1`, [B.id]);
    for (let t = 0; t < 50 && (n = await read())?.surveyResults.length !== 2; t++) await new Promise((r) => setTimeout(r, 200));
    expect(n.surveyResults.map((r: any) => r.count)).toEqual([718, 554]);
  });
});
