/**
 * The source documents' text through the live server (issue 20): a document belongs to its city,
 * and row-level security decides who reads its lines. A viewer of 伊勢崎 reads 伊勢崎's document
 * and gets nothing of 所沢's: not the document, not its lines, not through a provenance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { hashPassword } from '../../server/src/auth/password.js';
import { readSourceLines } from '../../server/src/provenance/source-files.js';

const PASSWORD = 'correct horse battery';
let server: RunningServer;
type Body = { data?: any; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };

class Client {
  cookie = '';
  async gql(query: string, variables: Record<string, unknown> = {}): Promise<Body & { status: number }> {
    const res = await fetch(`${server.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const set = res.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    return { status: res.status, ...((await res.json()) as Body) };
  }
}

let isesakiDoc: number;
let tokorozawaDoc: number;
let tokorozawaIndicator: number;
const viewer = new Client();

beforeAll(async () => {
  server = await startServer({ PUBLIC_MODE: '0' });
  const q = server.db.query;
  const docs = await q<{ id: number; key: string }>(`select id, key from source_document where key in ('isesaki-004', 'tokorozawa-002')`);
  isesakiDoc = docs.find((d) => d.key === 'isesaki-004')!.id;
  tokorozawaDoc = docs.find((d) => d.key === 'tokorozawa-002')!.id;
  tokorozawaIndicator = (await q<{ id: number }>(`select id from indicator where key = 'tokorozawa-kizuna-kpi-kanshin'`))[0]!.id;
  const [city] = await q<{ code: string }>(`select code from municipality where code = '102041'`);
  await q(`insert into app_user (municipality_id, email, display_name, role, password_hash) values (null, 'root@example.jp', 'root', 'administrator', $1)`, [await hashPassword(PASSWORD)]);
  for (let t = 0; t < 50; t++) {
    const r = await new Client().gql(`{ municipalities { code } }`);
    if (r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const root = new Client();
  await root.gql(`mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }`, { e: 'root@example.jp', p: PASSWORD });
  const made = await root.gql(
    `mutation ($e: String!, $p: String!, $m: String) { createUser(email: $e, displayName: $e, role: VIEWER, password: $p, municipalityCode: $m) { id } }`,
    { e: 'viewer@isesaki.jp', p: PASSWORD, m: city!.code },
  );
  expect(made.errors).toBeUndefined();
  const signed = await viewer.gql(`mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }`, { e: 'viewer@isesaki.jp', p: PASSWORD });
  expect(signed.errors).toBeUndefined();
}, 180_000);
afterAll(async () => server?.stop());

const LINES = `query ($id: ID!, $f: Int!, $t: Int!) { sourceDocument(id: $id) { id title lineCount lines(from: $f, to: $t) { number text page } } }`;

describe('source documents and row-level security', () => {
  it('a viewer reads their own city’s document, line by line, as the repository has it', async () => {
    const r = await viewer.gql(LINES, { id: String(isesakiDoc), f: 104, t: 105 });
    expect(r.errors).toBeUndefined();
    const src = readSourceLines('004_e1a3054432cb96ea.txt');
    expect(r.data.sourceDocument.lines).toEqual([
      { number: 104, text: src[103], page: 8 },
      { number: 105, text: src[104], page: 8 },
    ]);
  });

  it('another city’s document is not there for them: no document, no lines, no provenance', async () => {
    const r = await viewer.gql(LINES, { id: String(tokorozawaDoc), f: 1, t: 5 });
    expect(r.errors).toBeUndefined();
    expect(r.data.sourceDocument).toBeNull();
    const ind = await viewer.gql(`query ($id: ID!) { indicator(id: $id) { id provenance { document { id } } } }`, { id: String(tokorozawaIndicator) });
    expect(ind.data.indicator).toBeNull();
    // the administrator of every city reads it
    const root = new Client();
    await root.gql(`mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { id } }`, { e: 'root@example.jp', p: PASSWORD });
    const all = await root.gql(LINES, { id: String(tokorozawaDoc), f: 212, t: 212 });
    expect(all.data.sourceDocument.lines[0].text).toContain('718人 32.7% 29位');
  });

  it('signed out, nothing is served', async () => {
    const r = await new Client().gql(LINES, { id: String(isesakiDoc), f: 1, t: 2 });
    expect(r.status).toBe(401);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a request over the bound is refused before any text is read', async () => {
    const r = await viewer.gql(LINES, { id: String(isesakiDoc), f: 1, t: 229 });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(r.errors?.[0]?.message).toContain('200行まで');
  });
});
