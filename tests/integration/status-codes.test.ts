/**
 * Honest status codes on every route (issue 19, findings 3 and 8): one table of cases, each with
 * the route, who asks, and the status and error code it must get — 401 unauthenticated, 403
 * forbidden, 400 bad request, 404 not found, 503 database unavailable — and never a 500.
 *
 * GraphQL's request errors (parsing, validation, variables, limits) are 400 for a client that
 * accepts application/graphql-response+json and 200 with the error for one that accepts only
 * application/json, as GraphQL over HTTP asks (tests/integration/http-audit.test.ts); the 400
 * rows below ask for application/graphql-response+json, and one row checks the JSON form.
 *
 * The outage rows reach PostgreSQL through a proxy the test cuts (tests/support/pg-proxy.ts),
 * so the database goes away for this server only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, codeOf, firstAccount, makeUser, type Answer } from '../support/api-client.js';
import { startPgProxy, type PgProxy } from '../support/pg-proxy.js';

let server: RunningServer;
let proxy: PgProxy;
const who: Record<'anonymous' | 'viewer' | 'token' | 'revoked', ApiClient> = {} as never;
let A: { code: string; year: number };
let B: { code: string; year: number };

const GQL_RESPONSE = { accept: 'application/graphql-response+json' };
const LIST = `{ municipalities { code } }`;
const SEARCH = `query ($s: String) { evaluations(filter: { search: $s }, first: 5) { totalCount } }`;

beforeAll(async () => {
  proxy = await startPgProxy(inject('pgAdminUrl'));
  server = await startServer({ NODE_ENV: 'production', PUBLIC_MODE: '0' }, { databaseUrl: (url) => proxy.via(url) });
  const cities = await server.db.query<{ code: string; name: string; year: number }>(
    `select m.code, m.name, max(e.fiscal_year)::int as year from municipality m join evaluation e on e.municipality_id = m.id group by m.code, m.name`,
  );
  A = cities.find((c) => c.name.includes('伊勢崎'))!;
  B = cities.find((c) => c.name.includes('所沢'))!;
  const root = await firstAccount(server);
  who.anonymous = new ApiClient(server.baseUrl);
  who.viewer = await makeUser(root, 'viewer@a.jp', 'VIEWER', A.code);
  const analyst = await makeUser(root, 'analyst@a.jp', 'ANALYST', A.code);
  const t1 = await analyst.gql(`mutation { createApiToken(name: "script") { token } }`);
  who.token = new ApiClient(server.baseUrl, t1.data.createApiToken.token);
  const t2 = await analyst.gql(`mutation { createApiToken(name: "old") { id token } }`);
  who.revoked = new ApiClient(server.baseUrl, t2.data.createApiToken.token);
  expect((await analyst.gql(`mutation ($id: ID!) { revokeApiToken(id: $id) }`, { id: t2.data.createApiToken.id })).data.revokeApiToken).toBe(true);
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await proxy?.close();
});

type Route = 'graphql' | 'csv' | 'reports';
interface Case {
  route: Route;
  what: string;
  send: () => Promise<Answer>;
  status: number;
  code?: string;
}

const postCsv = (c: ApiClient, query: string, variables: Record<string, unknown> = {}) => c.post('/csv', JSON.stringify({ query, variables }));
const report = (c: ApiClient, city: { code: string; year: number }, extra = '') => c.get(`/reports/${city.code}/${city.year}.xlsx${extra}`);

const cases = (): Case[] => [
  // 401: nobody signed in, or a credential that is no longer valid.
  { route: 'graphql', what: 'anonymous query', send: () => who.anonymous.gql(LIST), status: 401, code: 'UNAUTHENTICATED' },
  { route: 'graphql', what: 'anonymous mutation', send: () => who.anonymous.gql(`mutation { setPublished(municipalityCode: "${A.code}", fiscalYear: 2022, published: true) }`), status: 401, code: 'UNAUTHENTICATED' },
  { route: 'graphql', what: 'revoked token', send: () => who.revoked.gql(LIST), status: 401, code: 'UNAUTHENTICATED' },
  { route: 'csv', what: 'anonymous stored example', send: () => who.anonymous.get('/csv/evaluation-text-search'), status: 401, code: 'UNAUTHENTICATED' },
  { route: 'csv', what: 'anonymous query', send: () => postCsv(who.anonymous, LIST), status: 401, code: 'UNAUTHENTICATED' },
  { route: 'csv', what: 'revoked token', send: () => postCsv(who.revoked, LIST), status: 401, code: 'UNAUTHENTICATED' },
  { route: 'reports', what: 'anonymous', send: () => report(who.anonymous, A), status: 401, code: 'UNAUTHENTICATED' },
  { route: 'reports', what: 'revoked token', send: () => report(who.revoked, A), status: 401, code: 'UNAUTHENTICATED' },
  // 403: signed in, not allowed.
  { route: 'graphql', what: 'mutation through a read-only token', send: () => who.token.gql(`mutation { setPublished(municipalityCode: "${A.code}", fiscalYear: 2022, published: true) }`), status: 403, code: 'FORBIDDEN' },
  { route: 'csv', what: 'a viewer listing users', send: () => postCsv(who.viewer, `{ users { email } }`), status: 403, code: 'FORBIDDEN' },
  { route: 'csv', what: 'a mutation', send: () => postCsv(who.viewer, `mutation { signOut }`), status: 400, code: 'BAD_REQUEST' },
  // 400: the request itself is wrong.
  { route: 'graphql', what: 'malformed JSON body', send: () => who.viewer.post('/graphql', '{"query": '), status: 400, code: 'BAD_REQUEST' },
  { route: 'graphql', what: 'two operations without operationName', send: () => who.viewer.gql(`query A { __typename } query B { __typename }`, {}, GQL_RESPONSE), status: 400 },
  { route: 'graphql', what: 'two operations without operationName (application/json)', send: () => who.viewer.gql(`query A { __typename } query B { __typename }`), status: 400 },
  { route: 'graphql', what: 'NUL in a search', send: () => who.viewer.gql(SEARCH, { s: 'a\u0000b' }, GQL_RESPONSE), status: 400, code: 'BAD_USER_INPUT' },
  { route: 'graphql', what: 'NUL in a search (application/json: 200 with the error)', send: () => who.viewer.gql(SEARCH, { s: 'a\u0000b' }), status: 200, code: 'BAD_USER_INPUT' },
  { route: 'graphql', what: 'a query over the depth limit', send: () => who.viewer.gql(`{ ${'a: plans(municipalityCode: "1") { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } }'.slice(3)} }`, {}, GQL_RESPONSE), status: 400, code: 'LIMIT_EXCEEDED' },
  { route: 'csv', what: 'variables that are not JSON', send: () => who.viewer.get('/csv/evaluation-text-search?variables=%7Bnot'), status: 400, code: 'BAD_USER_INPUT' },
  { route: 'csv', what: 'NUL in a search', send: () => postCsv(who.viewer, SEARCH, { s: 'a\u0000b' }), status: 400, code: 'BAD_USER_INPUT' },
  { route: 'reports', what: 'an unknown stage', send: () => report(who.viewer, A, '?stage=final'), status: 400, code: 'BAD_USER_INPUT' },
  // 404: another city's report (row-level security hides it).
  { route: 'reports', what: 'another city', send: () => report(who.viewer, B), status: 404, code: 'NOT_FOUND' },
];

const outage = (): Case[] => [
  // Accounts exist and the request has no credentials: refused without asking the database.
  { route: 'graphql', what: 'anonymous query', send: () => who.anonymous.gql(LIST), status: 401, code: 'UNAUTHENTICATED' },
  { route: 'graphql', what: 'signed-in query', send: () => who.viewer.gql(LIST), status: 503, code: 'DATABASE_UNAVAILABLE' },
  { route: 'graphql', what: 'signed-in mutation', send: () => who.viewer.gql(`mutation { signOut }`), status: 503, code: 'DATABASE_UNAVAILABLE' },
  { route: 'graphql', what: 'token query', send: () => who.token.gql(LIST), status: 503, code: 'DATABASE_UNAVAILABLE' },
  { route: 'graphql', what: 'sign-in', send: () => new ApiClient(server.baseUrl).signIn('viewer@a.jp'), status: 503, code: 'DATABASE_UNAVAILABLE' },
  { route: 'csv', what: 'signed-in query', send: () => postCsv(who.viewer, LIST), status: 503, code: 'DATABASE_UNAVAILABLE' },
  { route: 'csv', what: 'signed-in stored example', send: () => who.viewer.get('/csv/evaluation-text-search'), status: 503, code: 'DATABASE_UNAVAILABLE' },
  { route: 'reports', what: 'signed-in', send: () => report(who.viewer, A), status: 503, code: 'DATABASE_UNAVAILABLE' },
  { route: 'reports', what: 'token', send: () => report(who.token, A), status: 503, code: 'DATABASE_UNAVAILABLE' },
];

function check(c: Case, r: Answer) {
  const where = `${c.route}: ${c.what} → ${r.status} ${r.text.slice(0, 300)}`;
  expect(r.status, where).toBe(c.status);
  if (c.code) expect(codeOf(r), where).toBe(c.code);
  expect(r.text, where).not.toMatch(/\bat \S+:\d+|node_modules|TypeError|stack/);
}

describe('status codes, database up', () => {
  it.each(cases().map((c) => [`${c.route} ${c.status}: ${c.what}`, c] as const))('%s', async (_name, c) => {
    check(c, await c.send());
  });
});

describe('status codes, database unavailable', () => {
  it.each(outage().map((c) => [`${c.route} ${c.status}: ${c.what}`, c] as const))('%s', async (_name, c) => {
    proxy.cut();
    try {
      check(c, await c.send());
    } finally {
      proxy.restore();
    }
  });

  it('serves again once the database is back', async () => {
    proxy.restore();
    let ok = false;
    for (let i = 0; i < 50 && !ok; i++) {
      ok = (await who.viewer.gql(LIST)).status === 200;
      if (!ok) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ok).toBe(true);
  });
});
