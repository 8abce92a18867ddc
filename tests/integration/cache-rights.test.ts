/**
 * The response cache answers what the database would (issue 19, finding 2): after any change of
 * rights or data — publishing, creating or changing users, roles, tokens, evaluation edits,
 * imports, the first account — a cached answer equals the uncached one, for every kind of caller.
 *
 * Two servers on one database: one with the response cache, one without. fast-check makes random
 * sequences of changes (sent to the cached server, as users would); after each, every caller asks
 * every query of both servers and the answers must be equal. The cache must also be used (hits
 * counted), or the comparison would prove nothing.
 *
 * Also: the cache key holds the negotiated media type; and the first account, made by another
 * process, closes anonymous reads for the very next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startAnotherServer, startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, PASSWORD, codeOf, firstAccount, makeUser, type Answer } from '../support/api-client.js';
import { hashPassword } from '../../server/src/auth/password.js';
import { SEEDS_DIR } from '../../server/src/dataset/seeds.js';

let cached: RunningServer;
let plain: RunningServer;
let A: { id: number; code: string };
const callers: Record<string, ApiClient> = {};
let root: ApiClient;
let adminA: ApiClient;
let editor: ApiClient;
let reviewer: ApiClient;
let analyst: ApiClient;
let token: { id: string; value: string } | null = null;
let subject: number;
let hits = 0;

const QUERIES: Record<string, (code: string) => { query: string; variables?: Record<string, unknown> }> = {
  municipalities: () => ({ query: `{ municipalities { code name dataVersion } }` }),
  publications: (code) => ({ query: `query ($c: String!) { publications(municipalityCode: $c) { fiscalYear { year } } }`, variables: { c: code } }),
  users: () => ({ query: `{ users { email role disabled } }` }),
  evaluations: (code) => ({
    query: `query ($c: [String!]) { evaluations(filter: { municipalityCodes: $c }, first: 5, orderBy: { field: FISCAL_YEAR, direction: DESC }) { totalCount nodes { id status fiscalYear { year } level { code } } } }`,
    variables: { c: [code] },
  }),
  distribution: (code) => ({
    query: `query ($c: [String!]) { ratingDistribution(filter: { municipalityCodes: $c }, groupBy: [FISCAL_YEAR]) { groups { fiscalYear { year } total } } }`,
    variables: { c: [code] },
  }),
  me: () => ({ query: `{ me { email role } }` }),
};

/** The same caller (cookie or token) on another server. */
function on(c: ApiClient, baseUrl: string): ApiClient {
  const other = new ApiClient(baseUrl, c.bearer);
  other.cookie = c.cookie;
  return other;
}
const comparable = (r: Answer) => ({ status: r.status, data: r.data ?? null, codes: (r.errors ?? []).map((e) => e.extensions?.code) });

/** Every caller asks every query of both servers (the cached one twice, so a hit can happen). */
async function compareAll(after: string) {
  const all: Record<string, ApiClient> = { ...callers, ...(token ? { token: new ApiClient(cached.baseUrl, token.value) } : {}) };
  for (const [who, c] of Object.entries(all)) {
    for (const [name, q] of Object.entries(QUERIES)) {
      const { query, variables } = q(A.code);
      const first = await c.gql(query, variables);
      const second = await c.gql(query, variables);
      if (second.headers.get('x-response-cache') === 'hit') hits++;
      const truth = await on(c, plain.baseUrl).gql(query, variables);
      expect(comparable(first), `${who} ${name} after ${after}`).toEqual(comparable(truth));
      expect(comparable(second), `${who} ${name} (again) after ${after}`).toEqual(comparable(truth));
    }
  }
}

beforeAll(async () => {
  cached = await startServer({ PUBLIC_MODE: '1', RESPONSE_CACHE_MB: '16' });
  plain = await startAnotherServer(cached.db, { PUBLIC_MODE: '1', RESPONSE_CACHE_MB: '0' });
  const q = cached.db.query;
  A = (await q<{ id: number; code: string; name: string }>(`select id, code, name from municipality`)).find((c) => c.name.includes('伊勢崎'))!;
  const [s] = await q<{ node: number; dept: number }>(
    `select es.policy_node_id as node, es.department_id as dept from evaluation_subject es
      where es.municipality_id = $1 and es.stage = 'self' and es.subject_kind = 'policy_node' and es.department_id is not null order by es.id limit 1`,
    [A.id],
  );
  subject = s!.node;
  root = await firstAccount(cached);
  adminA = await makeUser(root, 'admin@a.jp', 'ADMINISTRATOR', A.code);
  editor = await makeUser(root, 'editor@a.jp', 'DEPARTMENT_EDITOR', A.code, s!.dept);
  reviewer = await makeUser(root, 'reviewer@a.jp', 'REVIEWER', A.code);
  analyst = await makeUser(root, 'analyst@a.jp', 'ANALYST', A.code);
  callers.anonymous = new ApiClient(cached.baseUrl);
  callers.viewer = await makeUser(root, 'viewer@a.jp', 'VIEWER', A.code);
  callers.flip = await makeUser(root, 'flip@a.jp', 'VIEWER', A.code);
  callers.adminA = adminA;
  callers.root = root;
}, 240_000);
afterAll(async () => {
  await plain?.stop();
  await cached?.stop();
});

type Change = { name: string; run: () => Promise<void> };
let userCount = 0;
let editYear = 2040;
const must = (r: Answer, what: string) => expect(r.errors, `${what}: ${r.text.slice(0, 300)}`).toBeUndefined();

const changes: fc.Arbitrary<Change>[] = [
  fc.record({ year: fc.constantFrom(2022, 2040, 2041, 2042), published: fc.boolean() }).map(({ year, published }) => ({
    name: `${published ? 'publish' : 'unpublish'} ${year}`,
    run: async () => must(await adminA.gql(`mutation ($y: Int!, $p: Boolean!) { setPublished(municipalityCode: "${A.code}", fiscalYear: $y, published: $p) }`, { y: year, p: published }), 'setPublished'),
  })),
  fc.constant({
    name: 'create a user',
    run: async () => {
      const r = await adminA.gql(`mutation ($e: String!, $p: String!) { createUser(email: $e, displayName: "new", role: VIEWER, password: $p) { id } }`, { e: `new${++userCount}@a.jp`, p: PASSWORD });
      must(r, 'createUser');
    },
  }),
  fc.record({ role: fc.constantFrom('VIEWER', 'ANALYST', 'REVIEWER'), disabled: fc.boolean() }).map(({ role, disabled }) => ({
    name: `flip becomes ${role}${disabled ? ', disabled' : ''}`,
    run: async () => {
      const [u] = await cached.db.query<{ id: number }>(`select id from app_user where email = 'flip@a.jp'`);
      must(await adminA.gql(`mutation ($id: ID!, $r: Role, $d: Boolean) { updateUser(id: $id, role: $r, disabled: $d) { id } }`, { id: String(u!.id), r: role, d: disabled }), 'updateUser');
    },
  })),
  fc.constant({
    name: 'create a token',
    run: async () => {
      const r = await analyst.gql(`mutation { createApiToken(name: "script") { id token } }`);
      must(r, 'createApiToken');
      token = { id: r.data.createApiToken.id, value: r.data.createApiToken.token };
    },
  }),
  fc.constant({
    name: 'revoke the token',
    run: async () => {
      if (!token) return;
      must(await analyst.gql(`mutation ($id: ID!) { revokeApiToken(id: $id) }`, { id: token.id }), 'revokeApiToken');
    },
  }),
  fc.constant({
    name: 'write, submit and accept an evaluation',
    run: async () => {
      const year = editYear++;
      const entry = await editor.gql(`query ($id: ID!, $y: Int!) { evaluationEntry(subjectKind: POLICY_NODE, subjectId: $id, fiscalYear: $y, stage: SELF) { scale { levels { code } } } }`, { id: String(subject), y: year });
      const level = entry.data.evaluationEntry.scale.levels[0].code;
      const saved = await editor.gql(`mutation ($i: SaveEvaluationInput!) { saveEvaluation(input: $i) { id version } }`, {
        i: { subjectKind: 'POLICY_NODE', subjectId: String(subject), fiscalYear: year, stage: 'SELF', levelCode: level, achievement: '順調' },
      });
      must(saved, 'saveEvaluation');
      const { id } = saved.data.saveEvaluation;
      must(await editor.gql(`mutation ($id: ID!) { submitEvaluation(id: $id, version: 1) { status } }`, { id }), 'submit');
      must(await reviewer.gql(`mutation ($id: ID!) { acceptEvaluation(id: $id, version: 2) { status } }`, { id }), 'accept');
    },
  }),
  fc.integer({ min: 0, max: 1000 }).map((n) => ({
    name: `import a changed file (${n})`,
    run: async () => {
      const d = JSON.parse(readFileSync(join(SEEDS_DIR, 'isesaki-004.json'), 'utf8'));
      d.evaluations[0].comment = `変更 ${n}`;
      const r = await root.gql(`mutation ($c: String!) { importDataset(fileName: "isesaki.json", contentBase64: $c) { ok problems { en } } }`, {
        c: Buffer.from(JSON.stringify(d)).toString('base64'),
      });
      must(r, 'importDataset');
      expect(r.data.importDataset.ok, JSON.stringify(r.data.importDataset.problems)).toBe(true);
    },
  })),
];

describe('a cached answer always equals the uncached one', () => {
  it('before any change', async () => {
    await compareAll('nothing');
  });

  it('after random sequences of changes of rights and data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(...changes), { minLength: 1, maxLength: 5 }), async (sequence) => {
        for (const c of sequence) {
          await c.run();
          await compareAll(sequence.map((x) => x.name).join(' → '));
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
    console.log(`cache hits while comparing: ${hits}`);
    expect(hits).toBeGreaterThan(50);
  }, 600_000);
});

describe('the cache key', () => {
  it('holds the negotiated media type', async () => {
    const c = callers.root!;
    const query = `{ municipalities { code } }`;
    const json = await c.gql(query, {}, { accept: 'application/json' });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const again = await c.gql(query, {}, { accept: 'application/json' });
    expect(again.headers.get('x-response-cache')).toBe('hit');
    for (let i = 0; i < 2; i++) {
      const r = await c.gql(query, {}, { accept: 'application/graphql-response+json' });
      expect(r.headers.get('content-type'), `attempt ${i}`).toMatch(/^application\/graphql-response\+json/);
      expect(r.data).toEqual(json.data);
    }
  });
});

describe('the first account', () => {
  let fresh: RunningServer;
  beforeAll(async () => {
    fresh = await startServer({ PUBLIC_MODE: '0' });
  }, 180_000);
  afterAll(async () => fresh?.stop());

  it('closes anonymous reads for the very next request, when another process creates it', async () => {
    const anonymous = new ApiClient(fresh.baseUrl);
    const query = `{ municipalities { code } }`;
    // Open (no account yet): read, and cached.
    for (let i = 0; i < 3; i++) expect((await anonymous.gql(query)).status).toBe(200);
    // `npm run admin:create` in another process.
    await fresh.db.query(`insert into app_user (municipality_id, email, display_name, role, password_hash) values (null, 'first@example.jp', 'first', 'administrator', $1)`, [
      await hashPassword(PASSWORD),
    ]);
    const next = await anonymous.gql(query);
    expect(next.status, next.text.slice(0, 200)).toBe(401);
    expect(codeOf(next)).toBe('UNAUTHENTICATED');
  });
});
