/**
 * The audit trail (issue 19, finding 9):
 * - a re-import that changes an evaluation writes its history (who, when, which file, before and
 *   after) and moves its version — it wrote nothing and left the version at 1;
 * - administration is logged — imports (file name, SHA-256, counts), publishing, users, roles and
 *   tokens: who, when, what — in the same transaction as the act, and read through `auditLog` by
 *   administrators only (a city's administrator: its city's entries), newest first, by pages,
 *   filtered by kind, days and user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../browser/support/server.js';
import { ApiClient, codeOf, firstAccount, makeUser } from '../support/api-client.js';

const SEEDS = join(import.meta.dirname, '../../data/seeds');
let server: RunningServer;
let root: ApiClient;
let adminA: ApiClient;
let adminB: ApiClient;
let viewer: ApiClient;
let A: { id: number; code: string };
let B: { id: number; code: string };

const IMPORT = `mutation ($n: String!, $c: String!) { importDataset(fileName: $n, contentBase64: $c) { ok problems { en } } }`;
const LOG = `query ($f: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $f, first: $first, after: $after) {
    totalCount
    nodes { id at action userId userName target municipality { code } fiscalYear { year label } counts { added changed unchanged } fileHash role changes { field before after } }
    pageInfo { hasNextPage endCursor }
  }
}`;

beforeAll(async () => {
  server = await startServer({ PUBLIC_MODE: '0' });
  const cities = await server.db.query<{ id: number; code: string; name: string }>(`select id, code, name from municipality`);
  A = cities.find((c) => c.name.includes('伊勢崎'))!;
  B = cities.find((c) => c.name.includes('所沢'))!;
  root = await firstAccount(server);
  adminA = await makeUser(root, 'admin@a.jp', 'ADMINISTRATOR', A.code);
  adminB = await makeUser(root, 'admin@b.jp', 'ADMINISTRATOR', B.code);
  viewer = await makeUser(root, 'viewer@a.jp', 'VIEWER', A.code);
}, 240_000);
afterAll(async () => server?.stop());

describe('a re-import that changes an evaluation', () => {
  it('writes its history (who, when, which file, before and after) and moves its version', async () => {
    const d = JSON.parse(readFileSync(join(SEEDS, 'isesaki-004.json'), 'utf8'));
    const i = d.evaluations.findIndex((e: { level: string | null; scale?: string }) => e.level !== null && e.scale);
    const e = d.evaluations[i];
    const scale = d.ratingScales.find((s: { key: string }) => s.key === e.scale);
    const other = scale.levels.map((l: { code: string }) => l.code).find((c: string) => c !== e.level);
    const before = e.level;
    e.level = other;
    const r = await adminA.gql(IMPORT, { n: 'isesaki-2023-修正.json', c: Buffer.from(JSON.stringify(d)).toString('base64') });
    expect(r.errors, r.text.slice(0, 300)).toBeUndefined();
    expect(r.data.importDataset.ok).toBe(true);

    const [row] = await server.db.query<{ id: number; version: number }>(
      `select e.id, e.version from evaluation e join rating_level l on l.id = e.level_id where e.municipality_id = $1 and l.code = $2 and e.fiscal_year = $3 and e.stage = $4 and e.version > 1`,
      [A.id, other, e.fiscalYear, e.stage],
    );
    expect(row, 'the changed evaluation has moved its version').toBeDefined();
    expect(row!.version).toBe(2);
    const history = await server.db.query<{ action: string; user_name: string; user_id: number; comment: string; before: { level_code: string; version: number }; after: { level_code: string; version: number } }>(
      `select * from evaluation_history where evaluation_id = $1`,
      [row!.id],
    );
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'import', user_name: 'admin@a.jp', comment: 'isesaki-2023-修正.json' });
    expect(history[0]!.before).toMatchObject({ level_code: before, version: 1 });
    expect(history[0]!.after).toMatchObject({ level_code: other, version: 2 });
  });
});

describe('the audit log', () => {
  it('records imports, publishing, users, roles and tokens: who, when, what', async () => {
    const bytes = readFileSync(join(SEEDS, 'tokorozawa-002.json'));
    const r = await root.gql(IMPORT, { n: 'tokorozawa-002.json', c: bytes.toString('base64') });
    expect(r.data.importDataset.ok).toBe(true);
    expect((await adminA.gql(`mutation { setPublished(municipalityCode: "${A.code}", fiscalYear: 2022, published: true) }`)).data.setPublished).toBe(true);
    expect((await adminA.gql(`mutation { setPublished(municipalityCode: "${A.code}", fiscalYear: 2022, published: false) }`)).data.setPublished).toBe(false);
    const made = await adminA.gql(`mutation { createUser(email: "analyst@a.jp", displayName: "分析 太郎", role: ANALYST, password: "correct horse battery") { id } }`);
    const analystId = made.data.createUser.id;
    expect((await adminA.gql(`mutation ($id: ID!) { updateUser(id: $id, role: VIEWER, disabled: true) { role disabled } }`, { id: analystId })).data.updateUser).toEqual({ role: 'VIEWER', disabled: true });
    const token = await adminA.gql(`mutation { createApiToken(name: "集計スクリプト", days: 30) { id } }`);
    expect((await adminA.gql(`mutation ($id: ID!) { revokeApiToken(id: $id) }`, { id: token.data.createApiToken.id })).data.revokeApiToken).toBe(true);

    const log = await root.gql(LOG, { first: 10 });
    expect(log.errors, log.text.slice(0, 300)).toBeUndefined();
    const nodes = log.data.auditLog.nodes as any[];
    expect(nodes.map((n) => n.action).slice(0, 7)).toEqual(['TOKEN_REVOKE', 'TOKEN_CREATE', 'USER_UPDATE', 'USER_CREATE', 'UNPUBLISH', 'PUBLISH', 'IMPORT']);
    const [revoke, create, update, user, unpublish, publish, imported] = nodes;
    const [adminAId] = await server.db.query<{ id: number }>(`select id from app_user where email = 'admin@a.jp'`);
    for (const n of [revoke, create, update, user, unpublish, publish]) expect(n).toMatchObject({ userId: String(adminAId!.id), userName: 'admin@a.jp', municipality: { code: A.code } });
    expect(revoke.target).toBe('集計スクリプト');
    expect(create.target).toBe('集計スクリプト');
    expect(update).toMatchObject({ target: 'analyst@a.jp' });
    expect(update.changes).toEqual([
      { field: 'ROLE', before: 'ANALYST', after: 'VIEWER' },
      { field: 'DISABLED', before: 'false', after: 'true' },
    ]);
    expect(user).toMatchObject({ target: 'analyst@a.jp', role: 'ANALYST' });
    expect(unpublish.fiscalYear).toEqual({ year: 2022, label: '令和4年度' });
    expect(publish.fiscalYear.year).toBe(2022);
    expect(imported).toMatchObject({ target: 'tokorozawa-002.json', userName: 'root', municipality: { code: B.code }, fileHash: createHash('sha256').update(bytes).digest('hex') });
    expect(imported.counts).toMatchObject({ added: 0, changed: 0 });
    expect(imported.counts.unchanged).toBeGreaterThan(50);
    expect(Date.now() - Date.parse(imported.at)).toBeLessThan(10 * 60_000);
  });

  it('an act that fails leaves no entry (same transaction)', async () => {
    const before = await server.db.query<{ n: number }>(`select count(*)::int as n from audit_log`);
    const d = JSON.parse(readFileSync(join(SEEDS, 'tokorozawa-002.json'), 'utf8'));
    d.municipality.name = '別の名前'; // conflicts with the city in the database
    const r = await root.gql(IMPORT, { n: 'conflict.json', c: Buffer.from(JSON.stringify(d)).toString('base64') });
    expect(r.data.importDataset.ok).toBe(false);
    const after = await server.db.query<{ n: number }>(`select count(*)::int as n from audit_log`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('is for administrators only; a city’s administrator sees its city’s entries', async () => {
    expect(codeOf(await viewer.gql(LOG))).toBe('FORBIDDEN');
    expect((await new ApiClient(server.baseUrl).gql(LOG)).status).toBe(401);
    const a = await adminA.gql(LOG, { first: 200 });
    expect(a.data.auditLog.nodes.length).toBeGreaterThan(0);
    expect(new Set(a.data.auditLog.nodes.map((n: any) => n.municipality?.code))).toEqual(new Set([A.code]));
    const b = await adminB.gql(LOG, { first: 200 });
    expect(b.data.auditLog.nodes.every((n: any) => n.municipality?.code === B.code)).toBe(true);
    // The system administrator sees every city's, and those of no city (creating a system administrator).
    const all = await root.gql(LOG, { first: 200 });
    expect(all.data.auditLog.totalCount).toBeGreaterThan(a.data.auditLog.totalCount + b.data.auditLog.totalCount - 1);
  });

  it('filters by kind, days and user, and pages newest first', async () => {
    const kind = await root.gql(LOG, { f: { actions: ['PUBLISH', 'UNPUBLISH'] } });
    expect(kind.data.auditLog.nodes.map((n: any) => n.action)).toEqual(['UNPUBLISH', 'PUBLISH']);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const days = await root.gql(LOG, { f: { from: today, to: today }, first: 200 });
    expect(days.data.auditLog.totalCount).toBe((await root.gql(LOG, { first: 200 })).data.auditLog.totalCount);
    expect((await root.gql(LOG, { f: { to: '2000-01-01' } })).data.auditLog.totalCount).toBe(0);
    expect(codeOf(await root.gql(LOG, { f: { from: '2025-13-01' } }))).toBe('BAD_USER_INPUT');
    const [u] = await server.db.query<{ id: number }>(`select id from app_user where email = 'admin@a.jp'`);
    const mine = await root.gql(LOG, { f: { userId: String(u!.id) }, first: 200 });
    expect(mine.data.auditLog.nodes.every((n: any) => n.userName === 'admin@a.jp')).toBe(true);
    // Two pages of three meet without gap or overlap.
    const p1 = await root.gql(LOG, { first: 3 });
    const p2 = await root.gql(LOG, { first: 3, after: p1.data.auditLog.pageInfo.endCursor });
    const ids = [...p1.data.auditLog.nodes, ...p2.data.auditLog.nodes].map((n: any) => Number(n.id));
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(new Set(ids).size).toBe(6);
    const first6 = (await root.gql(LOG, { first: 6 })).data.auditLog.nodes.map((n: any) => Number(n.id));
    expect(ids).toEqual(first6);
  });
});
