/**
 * The API's filters refuse nonsense instead of answering with nothing (the walk report): a
 * municipality code that is not a 全国地方公共団体コード, a well-formed code of no city the caller
 * sees (row-level security: "unknown or not visible", the same words whether the city exists or
 * not), and fiscal years outside 1989–2100 in `in`, `from` and `to`, as `fiscalYear` arguments
 * already are. Each error names the argument's path and the value; the database is as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { firstAccount, makeUser, type ApiClient } from '../support/api-client.js';
import { databaseChecksum } from '../support/db.js';

const ISESAKI = '102041';
const TOKOROZAWA = '112089';
/** 千代田区: a real code with its check digit, of a city the database does not hold. */
const CHIYODA = '131016';
/** Sessions and their last writes move with every request; the data must not. */
const DATA = { except: ['session'] };

let server: RunningServer;
let root: ApiClient;
let isesakiAnalyst: ApiClient;
beforeAll(async () => {
  server = await startServer({ PUBLIC_MODE: '0' });
  root = await firstAccount(server);
  isesakiAnalyst = await makeUser(root, 'bunseki@isesaki.example.jp', 'ANALYST', ISESAKI);
}, 180_000);
afterAll(async () => server?.stop());

const EVALS = `query ($f: EvaluationFilter) { evaluations(filter: $f, first: 1) { totalCount } }`;
const DISTRIBUTION = `query ($f: EvaluationFilter) { ratingDistribution(filter: $f, groupBy: [STAGE]) { groups { rated } } }`;
const POLICIES = `query ($f: DepartmentPolicyFilter) { departmentPolicies(filter: $f, first: 1) { totalCount } }`;

async function refused(client: ApiClient, query: string, f: Record<string, unknown>) {
  const r = await client.gql(query, { f });
  expect(r.data ?? null, r.text).toBeNull();
  const e = r.errors![0]!;
  expect(e.extensions?.code, r.text).toBe('BAD_USER_INPUT');
  return { field: String(e.extensions?.field), message: e.message };
}

describe('filter arguments are checked, with their path', () => {
  it.each([
    ['letters', EVALS, { municipalityCodes: ['abc'] }, 'filter.municipalityCodes[0]', /「abc」は自治体コードではありません.*6桁.*検査数字/],
    ['a wrong check digit, second in the list', EVALS, { municipalityCodes: [ISESAKI, '102042'] }, 'filter.municipalityCodes[1]', /「102042」は自治体コードではありません/],
    ['five digits, in a department policy filter', POLICIES, { municipalityCodes: ['10204'] }, 'filter.municipalityCodes[0]', /「10204」/],
    ['a year before 平成 in from', DISTRIBUTION, { fiscalYears: { from: 1200 } }, 'filter.fiscalYears.from', /1989から2100の年度.*指定: 1200/],
    ['a year after 2100 in to', EVALS, { fiscalYears: { to: 2101 } }, 'filter.fiscalYears.to', /指定: 2101/],
    ['a year out of range in in', POLICIES, { fiscalYears: { in: [2022, 1800] } }, 'filter.fiscalYears.in[1]', /指定: 1800/],
  ])('%s is refused', async (_what, query, f, field, message) => {
    const before = await databaseChecksum(server.db, DATA);
    const e = await refused(root, query, f);
    expect(e.field).toBe(field);
    expect(e.message.startsWith(`${field}: `)).toBe(true);
    expect(e.message).toMatch(message);
    expect(await databaseChecksum(server.db, DATA)).toBe(before);
  });

  it('a well-formed code of no city is refused by name', async () => {
    const e = await refused(root, EVALS, { municipalityCodes: [ISESAKI, CHIYODA] });
    expect(e.field).toBe('filter.municipalityCodes[1]');
    expect(e.message).toContain(`自治体コード ${CHIYODA} の自治体はないか、閲覧が許されていません`);
    expect(e.message).toContain('unknown or not visible');
  });

  it('a city the caller may not see is refused in the same words as one that does not exist', async () => {
    const hidden = await refused(isesakiAnalyst, EVALS, { municipalityCodes: [TOKOROZAWA] });
    const absent = await refused(isesakiAnalyst, EVALS, { municipalityCodes: [CHIYODA] });
    expect(hidden.field).toBe('filter.municipalityCodes[0]');
    expect(hidden.message.replaceAll(TOKOROZAWA, 'X')).toBe(absent.message.replaceAll(CHIYODA, 'X'));
    // The same code is answered for a caller who sees the city.
    const r = await root.gql(EVALS, { f: { municipalityCodes: [TOKOROZAWA] } });
    expect(r.errors, r.text).toBeUndefined();
    expect(r.data.evaluations.totalCount).toBeGreaterThan(0);
  });

  it('good filters still answer: the edges of the years, the caller’s own city', async () => {
    const r = await isesakiAnalyst.gql(EVALS, { f: { municipalityCodes: [ISESAKI], fiscalYears: { from: 1989, to: 2100 } } });
    expect(r.errors, r.text).toBeUndefined();
    expect(r.data.evaluations.totalCount).toBeGreaterThan(0);
    const lit = await isesakiAnalyst.gql(`{ evaluations(filter: { municipalityCodes: ["${ISESAKI}"], fiscalYears: { in: [2022] } }, first: 1) { totalCount } }`);
    expect(lit.errors, lit.text).toBeUndefined();
  });
});
